// The welcome ledger against the real Redis: one claim among instances racing, a mark that does
// not expire with the conversation state, in the conversation's hash tag, and given back on removal.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisStorage } from './redisStorage.js';
import { RedisWelcomeLedger } from './redisWelcomeLedger.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `test:welcomeLedger:${randomUUID()}`;
// Two instances: two connections, each with its own ledger.
const redisOne = new Redis(REDIS_URL);
const redisTwo = new Redis(REDIS_URL);
const storage = new RedisStorage({ redis: redisOne, keyPrefix: PREFIX, conversationTtlSeconds: 60, userTtlSeconds: 60 });
const redisKey = (key: string) => storage.redisKey(key);
const one = new RedisWelcomeLedger({ redis: redisOne, redisKey });
const two = new RedisWelcomeLedger({ redis: redisTwo, redisKey });
const conversation = () => `msteams/28:bops-bot/conversations/a:${randomUUID()}`;

afterAll(async () => {
  const keys = await redisOne.keys(`${PREFIX}:*`);
  if (keys.length) await redisOne.del(...keys);
  await Promise.all([redisOne.quit(), redisTwo.quit()]);
});

describe('RedisWelcomeLedger', () => {
  it('grants one claim among two instances claiming at once, and none after', async () => {
    const key = conversation();
    const claims = await Promise.all([one.claim(key), two.claim(key), one.claim(key), two.claim(key)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await two.claim(key)).toBe(false);
  });

  it('keeps the mark without expiry, under the conversation state\'s hash tag', async () => {
    const key = conversation();
    await one.claim(key);
    expect(one.markKey(key)).toBe(`${storage.redisKey(key)}:welcomed`);
    expect(await redisOne.ttl(one.markKey(key))).toBe(-1);
  });

  it('grants the claim again once the installation is forgotten (the bot removed)', async () => {
    const key = conversation();
    expect(await one.claim(key)).toBe(true);
    await two.forget(key);
    expect(await two.claim(key)).toBe(true);
    expect(await one.claim(key)).toBe(false);
  });

  it('reports an outage as the state store being unavailable', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => null, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    down.on('error', () => undefined);
    await expect(new RedisWelcomeLedger({ redis: down, redisKey }).claim(conversation())).rejects.toBeInstanceOf(StateStoreUnavailableError);
    down.disconnect();
  });
});
