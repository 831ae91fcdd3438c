// The Redis deduplicator against the real Redis: one claim among racers, a running claim renewed by
// its holder and taken over when its holder died, done for the window, the claim sharing the
// conversation's hash tag, and an outage reported as such.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisActivityDeduplicator } from './redisActivityDeduplicator.js';
import { RedisStorage } from './redisStorage.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:redisDedup:${randomUUID()}`;
const redis = new Redis(REDIS_URL);
const storage = new RedisStorage({ redis, keyPrefix: PREFIX, conversationTtlSeconds: 60, userTtlSeconds: 60 });
const CONVERSATION = 'msteams/28:bops-bot/conversations/a:conv-1';

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisActivityDeduplicator', () => {
  const dedup = new RedisActivityDeduplicator({ redis, redisKey: (k) => storage.redisKey(k), windowSeconds: 600, leaseMs: 600 });

  it('claims the first delivery once, also when ten race, and drops a redelivery after the turn finished', async () => {
    const id = `f:${randomUUID()}`;
    const claims = Array.from({ length: 10 }, () => dedup.claim(CONVERSATION, id));
    const winner = await Promise.race(claims);
    expect(winner).toBeDefined();
    // The nine others wait for the running claim; the winner finishing drops them all.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await winner!.finish();
    expect((await Promise.all(claims)).filter(Boolean)).toEqual([winner]);
    expect(await dedup.claim(CONVERSATION, id)).toBeUndefined();
    expect(await dedup.claim(CONVERSATION, `f:${randomUUID()}`)).toBeDefined();
  });

  it('keeps a running claim alive while its holder works, past its own expiry', async () => {
    const id = randomUUID();
    const claim = (await dedup.claim(CONVERSATION, id))!;
    const key = dedup.claimKey(CONVERSATION, id);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await redis.get(key)).toMatch(/^running:/);
    await claim.finish();
    expect(await redis.get(key)).toBe('done');
  });

  it('hands a redelivery the claim of a holder that died mid-turn (its lease ran out)', async () => {
    const id = randomUUID();
    const key = dedup.claimKey(CONVERSATION, id);
    // What a killed instance leaves: a running claim nobody renews.
    await redis.set(key, 'running:dead-instance', 'PX', 600);
    const started = Date.now();
    const claim = await dedup.claim(CONVERSATION, id);
    expect(claim).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await claim!.finish();
    expect(await dedup.claim(CONVERSATION, id)).toBeUndefined();
  });

  it('drops a redelivery after the wait when the holder is alive but slow, and a finish after a take-over leaves the new holder alone', async () => {
    const slow = new RedisActivityDeduplicator({ redis, redisKey: (k) => storage.redisKey(k), windowSeconds: 600, leaseMs: 600, maxWaitMs: 200 });
    const id = randomUUID();
    const holder = (await slow.claim(CONVERSATION, id))!;
    expect(await slow.claim(CONVERSATION, id)).toBeUndefined();
    const key = slow.claimKey(CONVERSATION, id);
    await redis.set(key, 'running:someone-else', 'PX', 60_000);
    await holder.finish();
    expect(await redis.get(key)).toBe('running:someone-else');
    await redis.del(key);
  });

  it('keeps the claim under the conversation hash tag, done for the window', async () => {
    const id = '1:abc{x}/y';
    await (await dedup.claim(CONVERSATION, id))!.finish();
    const key = dedup.claimKey(CONVERSATION, id);
    expect(key.startsWith(`${storage.redisKey(CONVERSATION)}:activity:`)).toBe(true);
    // The hash tag is the first {...}: the id's own braces are encoded and cannot move the slot.
    expect(key.match(/\{[^}]*\}/)![0]).toBe(`{${CONVERSATION}}`);
    expect(await redis.pttl(key)).toBeGreaterThan(590_000);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(600_000);
    expect(dedup.claimKey(CONVERSATION, 'x'.repeat(500))).toMatch(/:activity:[0-9a-f]{64}$/);
  });

  it('claims the activity again after abandon', async () => {
    const id = randomUUID();
    await (await dedup.claim(CONVERSATION, id))!.abandon();
    expect(await dedup.claim(CONVERSATION, id)).toBeDefined();
  });

  it('reports an unreachable Redis as a state-store outage', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    down.on('error', () => {});
    try {
      const unreachable = new RedisActivityDeduplicator({ redis: down, redisKey: (k) => storage.redisKey(k), windowSeconds: 1, leaseMs: 1_000 });
      await expect(unreachable.claim(CONVERSATION, 'a')).rejects.toBeInstanceOf(StateStoreUnavailableError);
    } finally {
      down.disconnect();
    }
  });
});
