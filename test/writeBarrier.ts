// A state storage wrapper for the over-HTTP conversation tests: holds one instance's next state
// write at a barrier until the test opens it, so a test can put an event (another instance's turn,
// a Redis failover) between a turn's logic and its state write without sleeping.
import type { Storage, StoreItems } from 'botbuilder';
import { isETagConflict } from '../bot/casMemoryStorage.js';

/** Holds the next state write of one instance until the test opens the gate, and counts lost compare-and-sets. */
export class WriteBarrier {
  conflicts = 0;
  private held: { reached: () => void; gate: Promise<void> } | undefined;

  readonly wrap = (inner: Storage): Storage => ({
    read: (keys: string[]) => inner.read(keys),
    delete: (keys: string[]) => inner.delete(keys),
    write: async (changes: StoreItems) => {
      const held = this.held;
      if (held) {
        this.held = undefined;
        held.reached();
        await held.gate;
      }
      try {
        await inner.write(changes);
      } catch (error) {
        if (isETagConflict(error)) this.conflicts++;
        throw error;
      }
    },
  });

  /** Resolves `reached` when the next write arrives; that write waits for `open()`. */
  holdNextWrite(): { reached: Promise<void>; open: () => void } {
    let reached!: () => void;
    let open!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (open = resolve));
    this.held = { reached, gate };
    return { reached: reachedPromise, open };
  }
}

