import { describe, expect, it } from 'vitest';
import { MemoryActivityDeduplicator } from './memoryActivityDeduplicator.js';

describe('MemoryActivityDeduplicator', () => {
  it('accepts the first claim of an activity id and refuses a redelivery within the window', async () => {
    const dedup = new MemoryActivityDeduplicator(60);
    expect(await dedup.claim('conv-1', 'act-1')).toBe(true);
    expect(await dedup.claim('conv-1', 'act-1')).toBe(false);
    expect(await dedup.claim('conv-1', 'act-2')).toBe(true);
    expect(await dedup.claim('conv-2', 'act-1')).toBe(true);
  });

  it('accepts the id again after release (a failed turn may be redelivered) and after the window', async () => {
    let now = 1_000_000;
    const dedup = new MemoryActivityDeduplicator(60, () => now);
    expect(await dedup.claim('conv-1', 'act-1')).toBe(true);
    await dedup.release('conv-1', 'act-1');
    expect(await dedup.claim('conv-1', 'act-1')).toBe(true);
    now += 59_999;
    expect(await dedup.claim('conv-1', 'act-1')).toBe(false);
    now += 1;
    expect(await dedup.claim('conv-1', 'act-1')).toBe(true);
  });

  it('forgets expired claims instead of growing with every activity ever seen', async () => {
    let now = 0;
    const dedup = new MemoryActivityDeduplicator(1, () => now);
    for (let i = 0; i < 100; i++) await dedup.claim('conv-1', `act-${i}`);
    expect(dedup.size).toBe(100);
    now += 1_000;
    await dedup.claim('conv-1', 'late');
    expect(dedup.size).toBe(1);
  });

  it('does not confuse ids that only differ in where conversation and activity split', async () => {
    const dedup = new MemoryActivityDeduplicator(60);
    expect(await dedup.claim('a:b', 'c')).toBe(true);
    expect(await dedup.claim('a', 'b:c')).toBe(true);
  });
});
