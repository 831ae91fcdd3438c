// De-duplication across bot instances: a claim is one SET NX PX under the conversation's own
// hash tag (prefix:{conversation key}:activity:<id>), so it lands in the same Redis Cluster slot as
// the conversation state and expires by itself after the window. One round trip per turn.
import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { ActivityDeduplicator } from './activityDeduplicator.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';

export interface RedisActivityDeduplicatorOptions {
  redis: Redis | Cluster;
  /** The Redis key of a botbuilder storage key, e.g. RedisStorage.redisKey: claims share its hash tag. */
  redisKey: (storageKey: string) => string;
  windowSeconds: number;
}

/** Activity ids are short in practice; a longer one is hashed so a key never grows with input. */
const MAX_ID_LENGTH = 200;

export class RedisActivityDeduplicator implements ActivityDeduplicator {
  constructor(private readonly options: RedisActivityDeduplicatorOptions) {}

  /** The Redis key of one claim; public for tests. */
  claimKey(conversationKey: string, activityId: string): string {
    const id = activityId.length <= MAX_ID_LENGTH ? encodeURIComponent(activityId) : createHash('sha256').update(activityId).digest('hex');
    return `${this.options.redisKey(conversationKey)}:activity:${id}`;
  }

  async claim(conversationKey: string, activityId: string): Promise<boolean> {
    try {
      const reply = await this.options.redis.set(this.claimKey(conversationKey, activityId), '1', 'PX', this.options.windowSeconds * 1000, 'NX');
      return reply === 'OK';
    } catch (error) {
      throw new StateStoreUnavailableError(/timed out/i.test((error as Error).message) ? 'timeout' : 'disconnected', 'activity claim', { cause: error });
    }
  }

  async release(conversationKey: string, activityId: string): Promise<void> {
    await this.options.redis.del(this.claimKey(conversationKey, activityId));
  }
}
