// The Redis deduplicator against the real Redis: SET NX semantics, the window as a TTL, the claim
// sharing the conversation's hash tag, and an outage reported as such.
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
  const dedup = new RedisActivityDeduplicator({ redis, redisKey: (k) => storage.redisKey(k), windowSeconds: 600 });

  it('accepts the first claim and refuses a redelivery of the same activity id, also when both race', async () => {
    const id = `f:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => dedup.claim(CONVERSATION, id)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await dedup.claim(CONVERSATION, id)).toBe(false);
    expect(await dedup.claim(CONVERSATION, `f:${randomUUID()}`)).toBe(true);
  });

  it('keeps the claim under the conversation hash tag with the window as its TTL', async () => {
    const id = '1:abc{x}/y';
    await dedup.claim(CONVERSATION, id);
    const key = dedup.claimKey(CONVERSATION, id);
    expect(key.startsWith(`${storage.redisKey(CONVERSATION)}:activity:`)).toBe(true);
    // The hash tag is the first {...}: the id's own braces are encoded and cannot move the slot.
    expect(key.match(/\{[^}]*\}/)![0]).toBe(`{${CONVERSATION}}`);
    expect(await redis.pttl(key)).toBeGreaterThan(590_000);
    expect(await redis.pttl(key)).toBeLessThanOrEqual(600_000);
    expect(dedup.claimKey(CONVERSATION, 'x'.repeat(500))).toMatch(/:activity:[0-9a-f]{64}$/);
  });

  it('accepts the activity again after release', async () => {
    const id = randomUUID();
    expect(await dedup.claim(CONVERSATION, id)).toBe(true);
    await dedup.release(CONVERSATION, id);
    expect(await dedup.claim(CONVERSATION, id)).toBe(true);
  });

  it('reports an unreachable Redis as a state-store outage', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    down.on('error', () => {});
    try {
      const unreachable = new RedisActivityDeduplicator({ redis: down, redisKey: (k) => storage.redisKey(k), windowSeconds: 1 });
      await expect(unreachable.claim(CONVERSATION, 'a')).rejects.toBeInstanceOf(StateStoreUnavailableError);
    } finally {
      down.disconnect();
    }
  });
});
