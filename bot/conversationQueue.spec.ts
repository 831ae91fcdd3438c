import { describe, expect, it } from 'vitest';
import { ConversationQueue } from './conversationQueue.js';

// The queue is promises only, no I/O and no timer: once every pending promise job has run (the
// next macrotask), a turn that has not started is waiting on an earlier turn, not on time.
const drained = () => new Promise((resolve) => setImmediate(resolve));

/** A turn that logs its start, then ends only when the test lets it. */
function heldTurn(log: string[], name: string): { turn: () => Promise<void>; end: () => void } {
  let end!: () => void;
  const mayEnd = new Promise<void>((resolve) => (end = resolve));
  return {
    turn: async () => {
      log.push(`${name} start`);
      await mayEnd;
      log.push(`${name} end`);
    },
    end,
  };
}

describe('ConversationQueue', () => {
  it('runs two turns of one conversation one after the other, in arrival order', async () => {
    const queue = new ConversationQueue();
    const log: string[] = [];
    const first = heldTurn(log, 'first');
    const second = heldTurn(log, 'second');
    const ran = Promise.all([queue.run('c1', first.turn), queue.run('c1', second.turn)]);
    second.end();
    await drained();
    expect(log).toEqual(['first start']);
    first.end();
    await ran;
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('lets different conversations run at the same time', async () => {
    const queue = new ConversationQueue();
    const log: string[] = [];
    const a = heldTurn(log, 'a');
    const b = heldTurn(log, 'b');
    const ran = Promise.all([queue.run('a', a.turn), queue.run('b', b.turn)]);
    await drained();
    // Both started while neither has ended.
    expect(log).toEqual(['a start', 'b start']);
    a.end();
    b.end();
    await ran;
  });

  it('runs the next turn even when the previous one failed, and forgets idle conversations', async () => {
    const queue = new ConversationQueue();
    const failing = queue.run('c', async () => {
      throw new Error('boom');
    });
    const next = queue.run('c', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await drained();
    expect(queue.size).toBe(0);
  });
});
