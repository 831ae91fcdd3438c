import { describe, expect, it } from 'vitest';
import { ConversationQueue } from './conversationQueue.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ConversationQueue', () => {
  it('runs two turns of one conversation one after the other, in arrival order', async () => {
    const queue = new ConversationQueue();
    const log: string[] = [];
    const turn = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([queue.run('c1', turn('first')), queue.run('c1', turn('second'))]);
    expect(log).toEqual(['first start', 'first end', 'second start', 'second end']);
  });

  it('lets different conversations run at the same time', async () => {
    const queue = new ConversationQueue();
    const log: string[] = [];
    const turn = (name: string) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([queue.run('a', turn('a')), queue.run('b', turn('b'))]);
    expect(log.slice(0, 2).sort()).toEqual(['a start', 'b start']);
  });

  it('runs the next turn even when the previous one failed, and forgets idle conversations', async () => {
    const queue = new ConversationQueue();
    const failing = queue.run('c', async () => {
      throw new Error('boom');
    });
    const next = queue.run('c', async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await tick();
    expect(queue.size).toBe(0);
  });
});
