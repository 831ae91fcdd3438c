// De-duplication across bot instances: a claim is one SET NX PX under the conversation's own
// hash tag (prefix:{conversation key}:activity:<id>), so it lands in the same Redis Cluster slot as
// the conversation state. While the turn runs the key holds `running:<token>` with a short expiry
// its holder renews; when the turn committed it holds `done` for the window and expires by itself.
// A redelivery that finds a running claim polls it: done → dropped; gone (the holder died and the
// lease ran out) → claimed and run here.
import { createHash, randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { ActivityClaim, ActivityDeduplicator } from './activityDeduplicator.js';
import { defineRenewal, renewWhileHeld } from './renewWhileHeld.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';

export interface RedisActivityDeduplicatorOptions {
  redis: Redis | Cluster;
  /** The Redis key of a botbuilder storage key, e.g. RedisStorage.redisKey: claims share its hash tag. */
  redisKey: (storageKey: string) => string;
  windowSeconds: number;
  /** The running claim's expiry, renewed by a live holder: how long a crashed holder delays the redelivery at most. */
  leaseMs: number;
  /** How long a redelivery waits for a live holder before it is dropped; default twice the lease. */
  maxWaitMs?: number;
}

/** Activity ids are short in practice; a longer one is hashed so a key never grows with input. */
const MAX_ID_LENGTH = 200;
const RUNNING = 'running:';
const DONE = 'done';

const FINISH_COMMAND = 'bopsFinishActivityClaim';
// Marks the claim done if it is still ours, or lapsed (our turn committed all the same); a claim
// another instance took over after a lapse stays theirs.
const FINISH_LUA = `local v = redis.call('GET', KEYS[1]) if v == ARGV[1] or not v then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;
const ABANDON_COMMAND = 'bopsAbandonActivityClaim';
const ABANDON_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type ClaimClient = {
  [FINISH_COMMAND](key: string, token: string, done: string, windowMs: number): Promise<number>;
  [ABANDON_COMMAND](key: string, token: string): Promise<number>;
};

export class RedisActivityDeduplicator implements ActivityDeduplicator {
  private readonly maxWaitMs: number;

  constructor(private readonly options: RedisActivityDeduplicatorOptions) {
    this.maxWaitMs = options.maxWaitMs ?? 2 * options.leaseMs;
    defineRenewal(options.redis);
    if (!(FINISH_COMMAND in options.redis)) {
      options.redis.defineCommand(FINISH_COMMAND, { numberOfKeys: 1, lua: FINISH_LUA });
      options.redis.defineCommand(ABANDON_COMMAND, { numberOfKeys: 1, lua: ABANDON_LUA });
    }
  }

  /** The Redis key of one claim; public for tests. */
  claimKey(conversationKey: string, activityId: string): string {
    const id = activityId.length <= MAX_ID_LENGTH ? encodeURIComponent(activityId) : createHash('sha256').update(activityId).digest('hex');
    return `${this.options.redisKey(conversationKey)}:activity:${id}`;
  }

  async claim(conversationKey: string, activityId: string): Promise<ActivityClaim | undefined> {
    const { redis, leaseMs, windowSeconds } = this.options;
    const key = this.claimKey(conversationKey, activityId);
    const token = `${RUNNING}${randomUUID()}`;
    const started = Date.now();
    for (;;) {
      const value = await this.guarded(async () => ((await redis.set(key, token, 'PX', leaseMs, 'NX')) === 'OK' ? undefined : await redis.get(key)));
      if (value === undefined) {
        const stop = renewWhileHeld(redis, key, token, leaseMs);
        const client = redis as unknown as ClaimClient;
        return {
          finish: async () => {
            stop();
            await this.guarded(() => client[FINISH_COMMAND](key, token, DONE, windowSeconds * 1000));
          },
          abandon: async () => {
            stop();
            await client[ABANDON_COMMAND](key, token);
          },
        };
      }
      // Gone between the SET and the GET: try the SET again. Done (or any older value): dropped.
      if (value === null) continue;
      if (!value.startsWith(RUNNING)) return undefined;
      // A live holder renews its claim for as long as its turn runs; it will answer, not this delivery.
      if (Date.now() - started >= this.maxWaitMs) return undefined;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200, Math.max(20, leaseMs / 10))));
    }
  }

  private async guarded<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StateStoreUnavailableError(/timed out/i.test((error as Error).message) ? 'timeout' : 'disconnected', 'activity claim', { cause: error });
    }
  }
}
