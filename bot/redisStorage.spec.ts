// RedisStorage against a real Redis: the shared contract, then what only Redis has (TTLs, key
// layout, round trips, corrupt values) and the real teams-ai / botbuilder state paths.
import { randomBytes, randomUUID } from 'node:crypto';
import { TurnState } from '@microsoft/teams-ai';
import { ConversationState, TestAdapter, TurnContext } from 'botbuilder';
import type { Activity, StoreItems } from 'botbuilder';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { conflictMessage, describeStorageContract } from '../test/storageContract.js';
import { RedisStorage } from './redisStorage.js';
import { StateCipher } from './stateCipher.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';
import { takeUnreadableState } from './unreadableState.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// Redis is shared with other test files and people: every key of this file lives under this prefix.
const FILE_PREFIX = `test:redisStorage:${randomUUID()}`;
const CONVERSATION_TTL_SECONDS = 1_000;
const USER_TTL_SECONDS = 50_000;

const redis = new Redis(REDIS_URL);
let nextPrefix = 0;

function makeStorage(keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`): RedisStorage {
  return new RedisStorage({
    redis,
    keyPrefix,
    conversationTtlSeconds: CONVERSATION_TTL_SECONDS,
    userTtlSeconds: USER_TTL_SECONDS,
  });
}

async function deleteKeys(pattern: string): Promise<void> {
  for await (const keys of redis.scanStream({ match: pattern, count: 500 })) {
    if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
  }
}

afterAll(async () => {
  await deleteKeys(`${FILE_PREFIX}:*`);
  await redis.quit();
});

describeStorageContract('RedisStorage', async () => {
  const keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`;
  return { storage: makeStorage(keyPrefix), dispose: () => deleteKeys(`${keyPrefix}:*`) };
});

function message(conversationId: string): Partial<Activity> {
  return {
    type: 'message',
    text: 'hej',
    channelId: 'msteams',
    recipient: { id: 'bot-1', name: 'Bops' },
    from: { id: '29:user-1', name: 'Test Testsson' },
    conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
  };
}

const STATE_KEY = { id: 'test-key-1', key: randomBytes(32) };

/** Why a read item was unreadable, or undefined for a readable one. */
function reasonOf(item: StoreItems[string] | undefined): string | undefined {
  return item ? takeUnreadableState({ ...item }) : undefined;
}

describeStorageContract('RedisStorage with encryption at rest', async () => {
  const keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`;
  const storage = new RedisStorage({ redis, keyPrefix, conversationTtlSeconds: CONVERSATION_TTL_SECONDS, userTtlSeconds: USER_TTL_SECONDS, cipher: new StateCipher(STATE_KEY) });
  return { storage, dispose: () => deleteKeys(`${keyPrefix}:*`) };
});

describe('RedisStorage — encryption at rest', () => {
  const key = 'msteams/bot-1/conversations/a:secret';
  const secret = 'Fiktiv motivering: hot om våld mot Testperson';

  it('stores conversation state unreadable in Redis and reads it back through the storage', async () => {
    const keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`;
    const storage = new RedisStorage({ redis, keyPrefix, conversationTtlSeconds: 60, userTtlSeconds: 60, cipher: new StateCipher(STATE_KEY) });
    await storage.write({ [key]: { rationale: secret } });
    const raw = await redis.hget(storage.redisKey(key), 'doc');
    expect(raw).not.toContain('Fiktiv');
    expect(raw).not.toContain('rationale');
    expect(raw!.startsWith('aesgcm1:test-key-1:')).toBe(true);
    expect((await storage.read([key]))[key]!.rationale).toBe(secret);
  });

  it('reads values of the previous key after rotation, plain values written before encryption, and names the key id it lacks', async () => {
    const keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`;
    const options = { redis, keyPrefix, conversationTtlSeconds: 60, userTtlSeconds: 60 };
    await new RedisStorage(options).write({ [`${key}-plain`]: { n: 0 } });
    await new RedisStorage({ ...options, cipher: new StateCipher(STATE_KEY) }).write({ [key]: { n: 1 } });
    const rotated = new RedisStorage({ ...options, cipher: new StateCipher({ id: 'test-key-2', key: randomBytes(32) }, [STATE_KEY]) });
    const items = await rotated.read([key, `${key}-plain`]);
    expect(items[key]!.n).toBe(1);
    expect(items[`${key}-plain`]!.n).toBe(0);
    await rotated.write({ [key]: { ...items[key], n: 2 } });
    expect((await redis.hget(rotated.redisKey(key), 'doc'))!.startsWith('aesgcm1:test-key-2:')).toBe(true);

    const withoutOldKey = new RedisStorage({ ...options, cipher: new StateCipher(STATE_KEY) });
    expect(reasonOf((await withoutOldKey.read([key]))[key])).toBe('unknown_state_key');
    expect(reasonOf((await new RedisStorage(options).read([key]))[key])).toBe('no_state_key');
  });

  it('does not open a value copied under another conversation key', async () => {
    const keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`;
    const storage = new RedisStorage({ redis, keyPrefix, conversationTtlSeconds: 60, userTtlSeconds: 60, cipher: new StateCipher(STATE_KEY) });
    await storage.write({ [key]: { rationale: secret } });
    const other = 'msteams/bot-1/conversations/a:other';
    await redis.copy(storage.redisKey(key), storage.redisKey(other));
    expect(reasonOf((await storage.read([other]))[other])).toBe('not_authentic');
    await redis.hset(storage.redisKey(other), 'doc', 'aesgcm1:test-key-1:cut');
    expect(reasonOf((await storage.read([other]))[other])).toBe('sealed_value_malformed');
  });

  it('replaces a value sealed under a key id no longer configured, under the current key, and nothing of it reaches the reader', async () => {
    const keyPrefix = `${FILE_PREFIX}:${nextPrefix++}`;
    const options = { redis, keyPrefix, conversationTtlSeconds: 60, userTtlSeconds: 60 };
    await new RedisStorage({ ...options, cipher: new StateCipher({ id: 'retired', key: randomBytes(32) }) }).write({ [key]: { rationale: secret } });
    const storage = new RedisStorage({ ...options, cipher: new StateCipher(STATE_KEY) });
    const item = (await storage.read([key]))[key]!;
    expect(JSON.stringify(item)).not.toContain('Fiktiv');
    const scope = { ...item } as Record<string, unknown>;
    expect(takeUnreadableState(scope)).toBe('unknown_state_key');
    await storage.write({ [key]: { ...scope, fresh: true } });
    expect((await redis.hget(storage.redisKey(key), 'doc'))!.startsWith('aesgcm1:test-key-1:')).toBe(true);
    expect((await storage.read([key]))[key]).toMatchObject({ fresh: true });
  });
});

describe('RedisStorage — Redis specifics', () => {
  let storage: RedisStorage;
  const conversationKey = 'msteams/bot-1/conversations/a:conv-1';
  const userKey = 'msteams/bot-1/users/29:user-1';
  const otherKey = 'msteams/a:conv-1/sso-token-exchange-id';

  beforeAll(async () => {
    await redis.ping();
  });
  beforeEach(() => {
    storage = makeStorage();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sets the TTL of the key class on every write and refreshes it on the next write', async () => {
    await storage.write({ [conversationKey]: { n: 1 }, [userKey]: { lang: 'sv' }, [otherKey]: { seen: true } });
    const ttl = async (key: string) => redis.pttl(storage.redisKey(key));
    expect(await ttl(conversationKey)).toBeGreaterThan((CONVERSATION_TTL_SECONDS - 60) * 1000);
    expect(await ttl(conversationKey)).toBeLessThanOrEqual(CONVERSATION_TTL_SECONDS * 1000);
    expect(await ttl(userKey)).toBeGreaterThan((USER_TTL_SECONDS - 60) * 1000);
    expect(await ttl(userKey)).toBeLessThanOrEqual(USER_TTL_SECONDS * 1000);
    expect(await ttl(otherKey)).toBeGreaterThan((CONVERSATION_TTL_SECONDS - 60) * 1000);
    expect(await ttl(otherKey)).toBeLessThanOrEqual(CONVERSATION_TTL_SECONDS * 1000);

    await redis.pexpire(storage.redisKey(conversationKey), 5_000);
    const item = (await storage.read([conversationKey]))[conversationKey]!;
    await storage.write({ [conversationKey]: { ...item, n: 2 } });
    expect(await ttl(conversationKey)).toBeGreaterThan((CONVERSATION_TTL_SECONDS - 60) * 1000);
  });

  it('stores a hash under prefix:{botbuilder key}, without the eTag in the document', async () => {
    const keyed = makeStorage(`${FILE_PREFIX}:layout`);
    await keyed.write({ [conversationKey]: { n: 1, eTag: '*' } });
    const redisKey = `${FILE_PREFIX}:layout:{${conversationKey}}`;
    expect(keyed.redisKey(conversationKey)).toBe(redisKey);
    expect(await redis.type(redisKey)).toBe('hash');
    const hash = await redis.hgetall(redisKey);
    expect(JSON.parse(hash.doc!)).toEqual({ n: 1 });
    expect(hash.etag).toBe((await keyed.read([conversationKey]))[conversationKey]!.eTag);
  });

  it('encodes braces (and %) so the hash tag always spans the whole botbuilder key', async () => {
    const odd = 'odd/{x}/100%';
    expect(storage.redisKey(odd).endsWith(':{odd/%7Bx%7D/100%25}')).toBe(true);
    expect(storage.redisKey('a%7B')).not.toBe(storage.redisKey('a{'));
    await storage.write({ [odd]: { n: 1 } });
    expect((await storage.read([odd]))[odd]!.n).toBe(1);
  });

  it('reads N keys and writes N keys in one round trip each', async () => {
    const keys = Array.from({ length: 5 }, (_, i) => `msteams/bot-1/conversations/rt-${i}`);
    const sent = vi.spyOn(redis, 'sendCommand');
    const flushed = vi.spyOn(redis.stream, 'write');

    await storage.write(Object.fromEntries(keys.map((k) => [k, { n: 1 }])));
    expect(sent).toHaveBeenCalledTimes(keys.length);
    expect(flushed).toHaveBeenCalledTimes(1);

    sent.mockClear();
    flushed.mockClear();
    const items = await storage.read(keys);
    expect(Object.keys(items)).toHaveLength(keys.length);
    expect(sent).toHaveBeenCalledTimes(keys.length);
    expect(flushed).toHaveBeenCalledTimes(1);

    sent.mockClear();
    flushed.mockClear();
    await storage.write(Object.fromEntries(keys.map((k) => [k, { ...items[k], n: 2 }])));
    expect(sent).toHaveBeenCalledTimes(keys.length);
    expect(flushed).toHaveBeenCalledTimes(1);
  });

  it('reads and writes a single key (the usual turn) in one round trip each, without a pipeline', async () => {
    const key = 'msteams/bot-1/conversations/single';
    const flushed = vi.spyOn(redis.stream, 'write');
    const pipeline = vi.spyOn(redis, 'pipeline');
    await storage.write({ [key]: { n: 1 } });
    const item = (await storage.read([key]))[key]!;
    await storage.write({ [key]: { ...item, n: 2 } });
    expect(flushed).toHaveBeenCalledTimes(3);
    expect(pipeline).not.toHaveBeenCalled();
    await expect(storage.write({ [key]: { ...item, n: 3 } })).rejects.toThrow(conflictMessage(key));
  });

  it('reports an unreachable Redis as a state-store outage, not as a conflict or a data fault', async () => {
    const down = new Redis({ port: 1, lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    down.on('error', () => {});
    try {
      const unreachable = new RedisStorage({ redis: down, keyPrefix: FILE_PREFIX, conversationTtlSeconds: 1, userTtlSeconds: 1 });
      const key = 'msteams/bot-1/conversations/down';
      await expect(unreachable.read([key])).rejects.toBeInstanceOf(StateStoreUnavailableError);
      await expect(unreachable.write({ [key]: { n: 1 } })).rejects.toBeInstanceOf(StateStoreUnavailableError);
      await expect(unreachable.write({ [key]: { n: 1 }, [`${key}-2`]: { n: 1 } })).rejects.toBeInstanceOf(StateStoreUnavailableError);
      await expect(unreachable.delete([key])).rejects.toBeInstanceOf(StateStoreUnavailableError);
    } finally {
      down.disconnect();
    }
  });

  describe('a stored value that cannot be read', () => {
    const key = conversationKey;
    // Each way a value can be damaged, and what the reader must find.
    const damages: { name: string; reason: string; damage: (redisKey: string) => Promise<unknown> }[] = [
      { name: 'a document that is not JSON', reason: 'not_json', damage: (k) => redis.hset(k, 'etag', 'e1', 'doc', '{"n":') },
      { name: 'a document that is JSON but no object', reason: 'not_an_object', damage: (k) => redis.hset(k, 'etag', 'e1', 'doc', '[1,2]') },
      { name: 'a hash without its eTag', reason: 'field_missing', damage: (k) => redis.hset(k, 'doc', '{"n":1}') },
      { name: 'a hash without its document', reason: 'field_missing', damage: (k) => redis.hset(k, 'etag', 'e1') },
      { name: 'a key of another type (a string)', reason: 'not_a_hash', damage: (k) => redis.set(k, 'garbage') },
      { name: 'a key of another type (a list)', reason: 'not_a_hash', damage: (k) => redis.rpush(k, 'garbage') },
    ];

    it.each(damages)('comes back as an unreadable item ($name), and a write with its eTag replaces it', async ({ reason, damage }) => {
      await damage(storage.redisKey(key));
      const item = (await storage.read([key, userKey]))[key]!;
      expect(reasonOf(item)).toBe(reason);
      expect(typeof item.eTag).toBe('string');
      const scope = { ...item } as Record<string, unknown>;
      takeUnreadableState(scope);
      await storage.write({ [key]: { ...scope, n: 2 } });
      const replaced = (await storage.read([key]))[key]!;
      expect(replaced).toMatchObject({ n: 2 });
      expect(reasonOf(replaced)).toBeUndefined();
      expect(await redis.pttl(storage.redisKey(key))).toBeGreaterThan(0);
    });

    it.each(damages)('is not replaced over a concurrent writer that replaced it first ($name)', async ({ damage }) => {
      await damage(storage.redisKey(key));
      const first = { ...(await storage.read([key]))[key]! } as Record<string, unknown>;
      const second = { ...(await storage.read([key]))[key]! } as Record<string, unknown>;
      takeUnreadableState(first);
      takeUnreadableState(second);
      await storage.write({ [key]: { ...first, by: 'first' } });
      await expect(storage.write({ [key]: { ...second, by: 'second' } })).rejects.toThrow(conflictMessage(key));
      expect((await storage.read([key]))[key]).toMatchObject({ by: 'first' });
    });

    it('conflicts rather than failing when a write with a real eTag meets a key that became another type', async () => {
      await storage.write({ [key]: { n: 1 } });
      const item = (await storage.read([key]))[key]!;
      await redis.del(storage.redisKey(key));
      await redis.set(storage.redisKey(key), 'garbage');
      await expect(storage.write({ [key]: { ...item, n: 2 } })).rejects.toThrow(conflictMessage(key));
      await expect(storage.write({ [key]: { n: 2 } })).rejects.toThrow(conflictMessage(key));
    });

    it('reads the other keys of the same read normally', async () => {
      await storage.write({ [userKey]: { locale: 'en' } });
      await redis.hset(storage.redisKey(key), 'etag', 'e1', 'doc', 'garbage');
      const items = await storage.read([key, userKey]);
      expect(reasonOf(items[key])).toBe('not_json');
      expect(items[userKey]).toMatchObject({ locale: 'en' });
    });
  });

  it('ping resolves when Redis answers and rejects in time when it cannot be reached', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
    // Default client options: ioredis keeps reconnecting and queues the PING instead of failing it.
    const unreachable = new Redis({ port: 1 });
    unreachable.on('error', () => {});
    try {
      const down = new RedisStorage({ redis: unreachable, keyPrefix: FILE_PREFIX, conversationTtlSeconds: 1, userTtlSeconds: 1 });
      await expect(down.ping(200)).rejects.toThrow('Storage: Redis did not answer PING within 200 ms');
    } finally {
      unreachable.disconnect();
    }
  });

  describe('with teams-ai TurnState (the path the Application uses)', () => {
    async function loadTurn(conversationId: string) {
      const context = new TurnContext(new TestAdapter(), message(conversationId));
      const state = new TurnState<{ answers?: string[]; menu?: string }>();
      await state.load(context, storage);
      return { context, state };
    }

    it('rejects the second of two turns that read the same version', async () => {
      const conversationId = `a:${randomUUID()}`;
      const seed = await loadTurn(conversationId);
      seed.state.conversation.answers = ['q1'];
      await seed.state.save(seed.context, storage);

      const first = await loadTurn(conversationId);
      const second = await loadTurn(conversationId);
      first.state.conversation.answers = ['q1', 'q2 from first'];
      second.state.conversation.answers = ['q1', 'q2 from second'];
      await first.state.save(first.context, storage);
      const key = `msteams/bot-1/conversations/${conversationId}`;
      await expect(second.state.save(second.context, storage)).rejects.toThrow(conflictMessage(key));

      const stored = (await storage.read([key]))[key]!;
      expect(stored.answers).toEqual(['q1', 'q2 from first']);
    });

    it('rejects the second of two first messages of a new conversation (create-only write)', async () => {
      const conversationId = `a:${randomUUID()}`;
      const first = await loadTurn(conversationId);
      const second = await loadTurn(conversationId);
      first.state.conversation.menu = 'first';
      second.state.conversation.menu = 'second';
      await first.state.save(first.context, storage);
      const key = `msteams/bot-1/conversations/${conversationId}`;
      await expect(second.state.save(second.context, storage)).rejects.toThrow(conflictMessage(key));
    });
  });

  it("WARNING: botbuilder ConversationState.saveChanges writes with eTag '*' and silently loses a concurrent update — never use it", async () => {
    const conversationState = new ConversationState(storage);
    const count = conversationState.createProperty<number>('count');
    const written: StoreItems[] = [];
    const write = storage.write.bind(storage);
    vi.spyOn(storage, 'write').mockImplementation(async (changes) => {
      written.push(structuredClone(changes));
      return write(changes);
    });
    const activity = message(`a:${randomUUID()}`);
    const turn1 = new TurnContext(new TestAdapter(), activity);
    const turn2 = new TurnContext(new TestAdapter(), activity);
    expect(await count.get(turn1, 0)).toBe(0);
    expect(await count.get(turn2, 0)).toBe(0);

    await count.set(turn1, 1);
    await conversationState.saveChanges(turn1);
    await count.set(turn2, 2);
    await expect(conversationState.saveChanges(turn2)).resolves.toBeUndefined(); // no conflict raised

    expect(written.flatMap((changes) => Object.values(changes).map((item) => item.eTag))).toEqual(['*', '*']);
    const key = `msteams/conversations/${activity.conversation!.id}/`;
    expect((await storage.read([key]))[key]!.count).toBe(2); // turn 1's update is gone
  });
});
