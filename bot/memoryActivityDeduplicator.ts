// The deduplicator used with in-memory state (no REDIS_URL): one process, so a map of claims is
// enough. A running claim cannot be orphaned by a crash here (the map dies with the process), so a
// redelivery simply waits for the running turn to settle. Done claims expire after the window and
// are swept on claim, so the map stays as small as the traffic of one window.
import type { ActivityClaim, ActivityDeduplicator } from './activityDeduplicator.js';

type Entry = { state: 'running'; settled: Promise<void> } | { state: 'done'; expiresAt: number };

export class MemoryActivityDeduplicator implements ActivityDeduplicator {
  private readonly entries = new Map<string, Entry>();
  private readonly windowMs: number;

  constructor(
    windowSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = windowSeconds * 1000;
  }

  async claim(conversationKey: string, activityId: string): Promise<ActivityClaim | undefined> {
    const key = JSON.stringify([conversationKey, activityId]);
    for (;;) {
      this.sweep();
      const entry = this.entries.get(key);
      if (entry?.state === 'done') return undefined;
      if (entry?.state === 'running') {
        await entry.settled;
        continue;
      }
      let settle = () => {};
      this.entries.set(key, { state: 'running', settled: new Promise<void>((resolve) => (settle = resolve)) });
      return {
        finish: async () => {
          // Re-inserted, so insertion order stays expiry order for the sweep.
          this.entries.delete(key);
          this.entries.set(key, { state: 'done', expiresAt: this.now() + this.windowMs });
          settle();
        },
        abandon: async () => {
          this.entries.delete(key);
          settle();
        },
      };
    }
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.state === 'running') continue;
      // Done entries are in expiry order (one window for all): the sweep stops at the first live one.
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }

  /** Claims held (running and done); for tests. */
  get size(): number {
    return this.entries.size;
  }
}
