// The cross-instance turn lease against the real Redis: one holder at a time, release only by
// the holder, a bounded wait, and the lease in the conversation's hash tag.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from './logger.js';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisConversationTurnLease } from './conversationTurnLease.js';
import { RedisStorage } from './redisStorage.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:turnLease:${randomUUID()}`;
const redis = new Redis(REDIS_URL);
const storage = new RedisStorage({ redis, keyPrefix: PREFIX, conversationTtlSeconds: 60, userTtlSeconds: 60 });
const log = createLogger('silent');
const redisKey = (k: string) => storage.redisKey(k);

afterAll(async () => {
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('RedisConversationTurnLease', () => {
  it('lets two instances run turns of one conversation only one after the other', async () => {
    // Two instances: two leases on their own clients, as two processes would have.
    const other = new Redis(REDIS_URL);
    try {
      const a = new RedisConversationTurnLease({ redis, redisKey, log });
      const b = new RedisConversationTurnLease({ redis: other, redisKey, log });
      const conversation = `msteams/bot/conversations/${randomUUID()}`;
      const events: string[] = [];
      const turn = async (lease: RedisConversationTurnLease, name: string) => {
        const release = await lease.acquire(conversation);
        events.push(`${name} start`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`${name} end`);
        await release();
      };
      await Promise.all([turn(a, 'a1'), turn(b, 'b1'), turn(a, 'a2'), turn(b, 'b2')]);
      for (let i = 0; i < events.length; i += 2) {
        expect(events[i]!.replace(' start', '')).toBe(events[i + 1]!.replace(' end', ''));
      }
      expect(events).toHaveLength(8);
    } finally {
      other.disconnect();
    }
  });

  it('keeps the lease in the conversation hash tag with a TTL, and a late release does not free a newer holder', async () => {
    const lease = new RedisConversationTurnLease({ redis, redisKey, log, leaseMs: 5_000 });
    const conversation = `msteams/bot/conversations/${randomUUID()}`;
    const key = lease.leaseKey(conversation);
    expect(key).toBe(`${storage.redisKey(conversation)}:turn`);
    const release = await lease.acquire(conversation);
    expect(await redis.pttl(key)).toBeGreaterThan(4_000);
    // The lease expired and another instance took it; the first holder's release must not delete it.
    await redis.set(key, 'someone-else', 'PX', 5_000);
    await release();
    expect(await redis.get(key)).toBe('someone-else');
    await redis.del(key);
  });

  it('is renewed while its holder works, so a short lease outlives a long turn, and lapses soon after a crash', async () => {
    const lease = new RedisConversationTurnLease({ redis, redisKey, log, leaseMs: 600 });
    const conversation = `msteams/bot/conversations/${randomUUID()}`;
    const release = await lease.acquire(conversation);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await redis.exists(lease.leaseKey(conversation))).toBe(1);
    await release();
    expect(await redis.exists(lease.leaseKey(conversation))).toBe(0);
    // A holder that died: nothing renews its lease, and the next turn gets it within the lease.
    await redis.set(lease.leaseKey(conversation), 'dead-holder', 'PX', 600);
    const next = await lease.acquire(conversation);
    // Held, not given up on: after the bounded wait the turn would run without a lease (no key).
    expect(await redis.get(lease.leaseKey(conversation))).toMatch(/^[0-9a-f-]{36}$/);
    await next();
  });

  it('runs the turn without the lease after the bounded wait rather than not at all', async () => {
    const lease = new RedisConversationTurnLease({ redis, redisKey, log, maxWaitMs: 50 });
    const conversation = `msteams/bot/conversations/${randomUUID()}`;
    await redis.set(lease.leaseKey(conversation), 'stuck-holder', 'PX', 60_000);
    const release = await lease.acquire(conversation);
    await release();
    expect(await redis.get(lease.leaseKey(conversation))).toBe('stuck-holder');
  });
});
