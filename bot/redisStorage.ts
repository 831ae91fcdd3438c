// Durable conversation/user state for the teams-ai Application: botbuilder's Storage over Redis
// with eTag compare-and-set, because teams-ai writes back the eTag it read and two quick turns
// of one conversation must not silently overwrite each other. A stored value that cannot be read
// (undecryptable, not JSON, not our hash) is returned as an unreadable-state item rather than
// failing every turn of its conversation; see unreadableState.ts.
import { randomUUID } from 'node:crypto';
import type { Storage, StoreItems } from 'botbuilder';
import { ReplyError, type ChainableCommander, type Cluster, type Redis } from 'ioredis';
import { assertStoreItem, eTagConflictError } from './casMemoryStorage.js';
import { StateCipher, StateCipherError, type StateCipherReason } from './stateCipher.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';
import { parseStoredDocument, unreadableStateItem, type UnreadableStateReason } from './unreadableState.js';

export interface RedisStorageOptions {
  redis: Redis | Cluster;
  /** Namespace of every Redis key this storage touches, e.g. "bops". */
  keyPrefix: string;
  conversationTtlSeconds: number;
  userTtlSeconds: number;
  /** Encrypts every stored document (AES-256-GCM); plain documents written before it was set stay readable. */
  cipher?: StateCipher | undefined;
}

const ETAG_FIELD = 'etag';
const DOC_FIELD = 'doc';
const CAS_COMMAND = 'bopsStorageCompareAndSet';

// The eTags of unreadable values that have no eTag of their own to compare against. Stored eTags
// are UUIDs, so neither can name a real version.
/** A hash with a document but no eTag field: replaceable while it still has none. */
const NO_ETAG = '!no-etag';
/** A key of another type than a hash (WRONGTYPE): replaceable while it is still not a hash. */
const NOT_A_HASH = '!not-a-hash';

// One script so that "check the eTag" and "store the new version" cannot interleave with another
// writer. ARGV[1] is the expected eTag: '' = create-only (the key must not exist), '*' = any,
// NO_ETAG / NOT_A_HASH = the unreadable value read before is still there (then it is replaced).
// HGET of a missing key is false, so a CAS against a deleted key fails too; HGET of a key of
// another type is an error, which pcall turns into a value that equals no eTag: a conflict.
const CAS_LUA = `
local expected = ARGV[1]
if expected == '' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
elseif expected == '${NOT_A_HASH}' then
  local kind = redis.call('TYPE', KEYS[1]).ok
  if kind == 'none' or kind == 'hash' then return 0 end
  redis.call('DEL', KEYS[1])
elseif expected == '${NO_ETAG}' then
  if redis.call('TYPE', KEYS[1]).ok ~= 'hash' or redis.call('HEXISTS', KEYS[1], '${ETAG_FIELD}') == 1 then return 0 end
elseif expected ~= '*' then
  if redis.pcall('HGET', KEYS[1], '${ETAG_FIELD}') ~= expected then return 0 end
end
redis.call('HSET', KEYS[1], '${ETAG_FIELD}', ARGV[2], '${DOC_FIELD}', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`;

type CasCommander = ChainableCommander & {
  [CAS_COMMAND](key: string, expectedETag: string, newETag: string, doc: string, ttlMs: number): ChainableCommander;
};

export class RedisStorage implements Storage {
  private readonly redis: Redis | Cluster;
  private readonly keyPrefix: string;
  private readonly conversationTtlMs: number;
  private readonly userTtlMs: number;
  private readonly cipher: StateCipher | undefined;

  constructor(options: RedisStorageOptions) {
    this.redis = options.redis;
    this.keyPrefix = options.keyPrefix;
    this.conversationTtlMs = options.conversationTtlSeconds * 1000;
    this.userTtlMs = options.userTtlSeconds * 1000;
    this.cipher = options.cipher;
    // defineCommand sends EVALSHA and falls back to EVAL on NOSCRIPT (e.g. after a failover).
    this.redis.defineCommand(CAS_COMMAND, { numberOfKeys: 1, lua: CAS_LUA });
  }

  /**
   * The Redis key of a botbuilder key. The braces make the whole botbuilder key a Cluster hash tag,
   * so further per-conversation keys (`prefix:{key}:…`) can share its slot. Braces inside the key
   * would end the tag early, so they are percent-encoded (and '%' too, to keep the mapping 1:1).
   */
  redisKey(key: string): string {
    const safe = key.replace(/[%{}]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
    return `${this.keyPrefix}:{${safe}}`;
  }

  /**
   * A value that cannot be read comes back as an unreadable-state item (unreadableState.ts) whose
   * eTag lets a write replace exactly that value; only a failure of Redis itself rejects.
   */
  async read(keys: string[]): Promise<StoreItems> {
    const replies = await this.batch(keys, (p, key) => p.hmget(this.redisKey(key), ETAG_FIELD, DOC_FIELD));
    const items: StoreItems = {};
    keys.forEach((key, i) => {
      const [error, reply] = replies[i]!;
      if (error && isWrongType(error)) {
        items[key] = unreadableStateItem('not_a_hash', NOT_A_HASH);
        return;
      }
      if (error) throw commandFailure('read', key, error);
      const [eTag, doc] = reply as (string | null)[];
      if (eTag == null && doc == null) return;
      if (eTag == null || doc == null) {
        items[key] = unreadableStateItem('field_missing', eTag ?? NO_ETAG);
        return;
      }
      const plain = this.plainDoc(key, doc);
      const parsed = 'text' in plain ? parseStoredDocument(plain.text) : plain;
      items[key] = 'doc' in parsed ? { ...parsed.doc, eTag } : unreadableStateItem(parsed.unreadable, eTag);
    });
    return items;
  }

  /**
   * Each key is compared-and-set on its own: keys of one write may live in different Cluster
   * slots, so there is no cross-key atomicity. On a conflict the other keys are still written and
   * the error names the first conflicting key.
   */
  async write(changes: StoreItems): Promise<void> {
    const keys = Object.keys(changes);
    for (const key of keys) assertStoreItem(key, changes[key]);
    const replies = await this.batch(keys, (p, key) => {
      const { eTag, ...doc } = changes[key]!;
      // The storage owns eTags: never persist the one the caller sent.
      const expected = typeof eTag === 'string' ? eTag : '';
      const redisKey = this.redisKey(key);
      const text = JSON.stringify(doc);
      return (p as CasCommander)[CAS_COMMAND](redisKey, expected, randomUUID(), this.cipher ? this.cipher.seal(text, redisKey) : text, this.ttlMs(key));
    });
    let conflict: Error | undefined;
    keys.forEach((key, i) => {
      const [error, applied] = replies[i]!;
      if (error) throw commandFailure('write', key, error);
      if (applied !== 1) conflict ??= eTagConflictError(key);
    });
    if (conflict) throw conflict;
  }

  async delete(keys: string[]): Promise<void> {
    const replies = await this.batch(keys, (p, key) => p.del(this.redisKey(key)));
    replies.forEach(([error], i) => {
      if (error) throw commandFailure('delete', keys[i]!, error);
    });
  }

  /**
   * For /readyz: rejects when Redis does not answer. The timeout matters because ioredis queues
   * commands while reconnecting, so a plain PING against a dead server would hang the probe.
   */
  async ping(timeoutMs = 2_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Storage: Redis did not answer PING within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.redis.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The JSON text of a stored document, decrypted if it was sealed, or why it cannot be; the Redis key is the authenticated context. */
  private plainDoc(key: string, stored: string): { text: string } | { unreadable: UnreadableStateReason } {
    if (!StateCipher.isSealed(stored)) return { text: stored };
    if (!this.cipher) return { unreadable: 'no_state_key' };
    try {
      return { text: this.cipher.open(stored, this.redisKey(key)) };
    } catch (error) {
      if (error instanceof StateCipherError) return { unreadable: UNREADABLE_OF_CIPHER[error.reason] };
      throw error;
    }
  }

  private ttlMs(key: string): number {
    const conversation = key.indexOf('/conversations/');
    const user = key.indexOf('/users/');
    // Whichever marker comes first names the key class (an id could contain the other one).
    const isUser = user >= 0 && (conversation < 0 || user < conversation);
    return isUser ? this.userTtlMs : this.conversationTtlMs;
  }

  /**
   * Sends one command per key in a single pipeline (one round trip). A Cluster rejects pipelines
   * spanning nodes, so there each key gets its own pipeline, all sent concurrently. A single key —
   * every turn reads and writes just its conversation and user keys, often only one changed — goes
   * as a plain command: same one round trip, without the cost of building a pipeline.
   */
  private async batch(
    keys: string[],
    add: (pipeline: ChainableCommander, key: string) => ChainableCommander,
  ): Promise<[Error | null, unknown][]> {
    if (keys.length === 0) return [];
    if (keys.length === 1) {
      // The client has the same command methods as a pipeline; called on it they return the reply's promise.
      const reply = add(this.redis as unknown as ChainableCommander, keys[0]!) as unknown as Promise<unknown>;
      return [await reply.then((value): [null, unknown] => [null, value], (error: Error): [Error, null] => [error, null])];
    }
    const groups = this.redis.isCluster ? keys.map((k) => [k]) : [keys];
    const results = await Promise.all(
      groups.map(async (group) => {
        const pipeline = this.redis.pipeline();
        for (const key of group) add(pipeline, key);
        const replies = await pipeline.exec().catch((error: Error) => {
          throw new StateStoreUnavailableError('disconnected', 'pipeline', { cause: error });
        });
        if (!replies) throw new StateStoreUnavailableError('disconnected', 'pipeline', { cause: new Error('Redis pipeline was discarded') });
        return replies;
      }),
    );
    return results.flat();
  }
}

// Replies with which a Redis (Cluster) node says it cannot serve right now, rather than "your command is wrong".
const UNAVAILABLE_REPLY = /^(CLUSTERDOWN|LOADING|MASTERDOWN|TRYAGAIN|READONLY|BUSY)\b/;

/**
 * A reply error (WRONGTYPE, a script error…) is a fault of the data or the code and names the key;
 * anything else — no connection, the offline queue refused, a command timed out — is an outage.
 */
function commandFailure(operation: 'read' | 'write' | 'delete', key: string, error: Error): Error {
  if (error instanceof ReplyError && !UNAVAILABLE_REPLY.test(error.message)) {
    return new Error(`Storage: cannot ${operation} "${key}": ${error.message}`, { cause: error });
  }
  return new StateStoreUnavailableError(/timed out/i.test(error.message) ? 'timeout' : 'disconnected', operation, { cause: error });
}

/** The key holds another type than a hash: a fault of the stored data, not of Redis. */
function isWrongType(error: Error): boolean {
  return error instanceof ReplyError && error.message.startsWith('WRONGTYPE');
}

const UNREADABLE_OF_CIPHER: Record<StateCipherReason, UnreadableStateReason> = {
  unknown_key: 'unknown_state_key',
  malformed: 'sealed_value_malformed',
  not_authentic: 'not_authentic',
};
