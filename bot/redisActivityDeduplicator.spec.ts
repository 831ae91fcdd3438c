// The Redis deduplicator against the real Redis: one claim among racers, a running claim renewed by
// its holder and taken over when its holder died, done for the window, the claim sharing the
// conversation's hash tag, and an outage reported as such.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { observedRedis } from '../test/observedRedis.js';
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
    const observed = observedRedis(redis);
    // A long wait for the live holder: here the winner finishing, not the wait running out, settles the others.
    const racing = new RedisActivityDeduplicator({ redis: observed.redis, redisKey: (k) => storage.redisKey(k), windowSeconds: 600, leaseMs: 600, maxWaitMs: 60_000 });
    const id = `f:${randomUUID()}`;
    let settled = 0;
    const claims = Array.from({ length: 10 }, () => racing.claim(CONVERSATION, id).finally(() => settled++));
    const winner = await Promise.race(claims);
    expect(winner).toBeDefined();
    // The nine others found the running claim and wait for it: each tried again and was refused again
    // (a second refusal comes only after a wait); the winner finishing drops them all.
    const refusedTwice = () => new Set(observed.refused().filter((token, i, all) => all.indexOf(token) !== i)).size;
    await vi.waitFor(() => expect(refusedTwice()).toBe(9), { timeout: 5_000, interval: 5 });
    expect(settled).toBe(1);
    await winner!.finish();
    expect((await Promise.all(claims)).filter(Boolean)).toEqual([winner]);
    expect(await racing.claim(CONVERSATION, id)).toBeUndefined();
    expect(await racing.claim(CONVERSATION, `f:${randomUUID()}`)).toBeDefined();
  });

  it('keeps a running claim alive while its holder works, past its own expiry', async () => {
    const observed = observedRedis(redis);
    const renewing = new RedisActivityDeduplicator({ redis: observed.redis, redisKey: (k) => storage.redisKey(k), windowSeconds: 600, leaseMs: 600 });
    const id = randomUUID();
    const claim = (await renewing.claim(CONVERSATION, id))!;
    const key = renewing.claimKey(CONVERSATION, id);
    // Without renewal the key would be gone 600 ms after it was set, which was before now.
    const expiredBy = Date.now() + 600;
    // A renewal only succeeds on the holder's own running claim: one sent after that expiry shows the claim outlived it.
    await vi.waitFor(() => expect(observed.renewedAt().some((at) => at > expiredBy)).toBe(true), { timeout: 10_000, interval: 20 });
    expect(await redis.get(key)).toMatch(/^running:/);
    await claim.finish();
    expect(await redis.get(key)).toBe('done');
  });

  it('hands a redelivery the claim of a holder that died mid-turn (its lease ran out)', async () => {
    const observed = observedRedis(redis);
    const redelivered = new RedisActivityDeduplicator({ redis: observed.redis, redisKey: (k) => storage.redisKey(k), windowSeconds: 600, leaseMs: 600 });
    const id = randomUUID();
    const key = redelivered.claimKey(CONVERSATION, id);
    // What a killed instance leaves: a running claim nobody renews; it lapses 600 ms after it was set.
    const lapsesAt = Date.now() + 600;
    await redis.set(key, 'running:dead-instance', 'PX', 600);
    const claim = await redelivered.claim(CONVERSATION, id);
    expect(claim).toBeDefined();
    // It waited for the dead claim to lapse (refused while the claim stood, claimed only after) rather than taking it over.
    expect(observed.refused().length).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(lapsesAt);
    expect(await redis.get(key)).toMatch(/^running:[0-9a-f-]{36}$/);
    await claim!.finish();
    expect(await redelivered.claim(CONVERSATION, id)).toBeUndefined();
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
