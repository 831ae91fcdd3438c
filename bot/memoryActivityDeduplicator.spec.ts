import { describe, expect, it } from 'vitest';
import { MemoryActivityDeduplicator } from './memoryActivityDeduplicator.js';

describe('MemoryActivityDeduplicator', () => {
  it('claims the first delivery of an activity id and drops a redelivery after the turn finished', async () => {
    const dedup = new MemoryActivityDeduplicator(60);
    const claim = await dedup.claim('conv-1', 'act-1');
    expect(claim).toBeDefined();
    await claim!.finish();
    expect(await dedup.claim('conv-1', 'act-1')).toBeUndefined();
    expect(await dedup.claim('conv-1', 'act-2')).toBeDefined();
    expect(await dedup.claim('conv-2', 'act-1')).toBeDefined();
  });

  it('makes a redelivery wait for the running turn: dropped when it finishes, run when it was abandoned', async () => {
    const dedup = new MemoryActivityDeduplicator(60);
    const first = (await dedup.claim('conv-1', 'act-1'))!;
    let settled: unknown = 'waiting';
    const redelivery = dedup.claim('conv-1', 'act-1').then((claim) => (settled = claim));
    // The deduplicator does no I/O and sets no timer: once every pending promise job has run, a
    // redelivery that has not settled is waiting on the running turn, not on time.
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe('waiting');
    await first.finish();
    await redelivery;
    expect(settled).toBeUndefined();

    const failing = (await dedup.claim('conv-1', 'act-2'))!;
    const retried = dedup.claim('conv-1', 'act-2');
    await failing.abandon();
    expect(await retried).toBeDefined();
  });

  it('claims the id again after abandon (a failed turn may be redelivered) and after the window', async () => {
    let now = 1_000_000;
    const dedup = new MemoryActivityDeduplicator(60, () => now);
    await (await dedup.claim('conv-1', 'act-1'))!.abandon();
    await (await dedup.claim('conv-1', 'act-1'))!.finish();
    now += 59_999;
    expect(await dedup.claim('conv-1', 'act-1')).toBeUndefined();
    now += 1;
    expect(await dedup.claim('conv-1', 'act-1')).toBeDefined();
  });

  it('forgets expired claims instead of growing with every activity ever seen', async () => {
    let now = 0;
    const dedup = new MemoryActivityDeduplicator(1, () => now);
    for (let i = 0; i < 100; i++) await (await dedup.claim('conv-1', `act-${i}`))!.finish();
    expect(dedup.size).toBe(100);
    now += 1_000;
    await dedup.claim('conv-1', 'late');
    expect(dedup.size).toBe(1);
  });

  it('does not confuse ids that only differ in where conversation and activity split', async () => {
    const dedup = new MemoryActivityDeduplicator(60);
    await (await dedup.claim('a:b', 'c'))!.finish();
    expect(await dedup.claim('a', 'b:c')).toBeDefined();
  });
});
