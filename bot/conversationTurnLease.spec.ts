// The cross-instance turn lease against the real Redis: one holder at a time, release only by
// the holder, a bounded wait, and the lease in the conversation's hash tag.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from './logger.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { observedRedis, type ObservedRedis } from '../test/observedRedis.js';
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
    // Two instances: leases on two clients, as two processes would have; each turn's client observed.
    const other = new Redis(REDIS_URL);
    try {
      const conversation = `msteams/bot/conversations/${randomUUID()}`;
      type Contender = { name: string; observed: ObservedRedis; lease: RedisConversationTurnLease; holding: boolean };
      const contenders: Contender[] = ['a1', 'b1', 'a2', 'b2'].map((name) => {
        const observed = observedRedis(name.startsWith('a') ? redis : other);
        return { name, observed, lease: new RedisConversationTurnLease({ redis: observed.redis, redisKey, log }), holding: false };
      });
      const events: string[] = [];
      const turn = async (self: Contender) => {
        const release = await self.lease.acquire(conversation);
        self.holding = true;
        events.push(`${self.name} start`);
        // The turn lasts until every contender still waiting was refused the lease again while this one held it.
        const waiting = contenders.filter((c) => !c.holding);
        const refusedBefore = new Map(waiting.map((c) => [c, c.observed.refused().length]));
        await vi.waitFor(() => {
          for (const c of waiting) if (!c.holding) expect(c.observed.refused().length, c.name).toBeGreaterThan(refusedBefore.get(c)!);
        }, { timeout: 5_000, interval: 5 });
        events.push(`${self.name} end`);
        await release();
      };
      await Promise.all(contenders.map(turn));
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
    const observed = observedRedis(redis);
    const lease = new RedisConversationTurnLease({ redis: observed.redis, redisKey, log, leaseMs: 600 });
    const conversation = `msteams/bot/conversations/${randomUUID()}`;
    const release = await lease.acquire(conversation);
    // Without renewal the lease would be gone 600 ms after it was set, which was before now; a renewal
    // only succeeds on the holder's own lease, so one sent after that expiry shows the lease outlived it.
    const expiredBy = Date.now() + 600;
    await vi.waitFor(() => expect(observed.renewedAt().some((at) => at > expiredBy)).toBe(true), { timeout: 10_000, interval: 20 });
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
