// Serialises the turns of one conversation across bot instances. The ConversationQueue does that
// within one process; behind a load balancer two quick messages can reach two instances, and a turn
// that ran on stale state would already have saved its answer through the API (to the question the
// other turn has just answered) before its state write loses the compare-and-set. A lease is one
// SET NX PX under the conversation's hash tag, taken before the state is read and released (only
// by its holder) after it was written; its holder renews it while the turn runs, so the expiry can
// be short and a crashed holder blocks the conversation only that long. It is a fence for effects,
// not for state: state stays protected by compare-and-set and the conflict retry even if a lease
// is lost mid-turn.
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Logger } from 'pino';
import { defineRenewal, renewWhileHeld } from './renewWhileHeld.js';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';

export interface ConversationTurnLease {
  /** Waits until this instance holds the conversation's lease; resolves with its release. */
  acquire(conversationKey: string): Promise<() => Promise<void>>;
}

/** Within one process the ConversationQueue already serialises turns: nothing to fence. */
export const processLocalLease: ConversationTurnLease = {
  acquire: async () => async () => undefined,
};

export interface RedisConversationTurnLeaseOptions {
  redis: Redis | Cluster;
  /** The Redis key of a botbuilder storage key (RedisStorage.redisKey): the lease shares its hash tag. */
  redisKey: (storageKey: string) => string;
  log: Logger;
  /** The expiry a live holder renews; a crashed holder blocks the conversation this long at most. Default 10 s. */
  leaseMs?: number;
  /** After this long the turn runs without the lease (compare-and-set still guards state) rather than not at all; default twice the lease. */
  maxWaitMs?: number;
}

const RELEASE_COMMAND = 'bopsReleaseTurnLease';
// Deletes the lease only if it is still ours: after an expiry another instance may hold it.
const RELEASE_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

type ReleasingClient = { [RELEASE_COMMAND](key: string, token: string): Promise<number> };

export class RedisConversationTurnLease implements ConversationTurnLease {
  private readonly leaseMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: RedisConversationTurnLeaseOptions) {
    this.leaseMs = options.leaseMs ?? 10_000;
    this.maxWaitMs = options.maxWaitMs ?? 2 * this.leaseMs;
    if (!(RELEASE_COMMAND in options.redis)) options.redis.defineCommand(RELEASE_COMMAND, { numberOfKeys: 1, lua: RELEASE_LUA });
    defineRenewal(options.redis);
  }

  leaseKey(conversationKey: string): string {
    return `${this.options.redisKey(conversationKey)}:turn`;
  }

  async acquire(conversationKey: string): Promise<() => Promise<void>> {
    const key = this.leaseKey(conversationKey);
    const token = randomUUID();
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (await this.trySet(key, token)) {
        const stop = renewWhileHeld(this.options.redis, key, token, this.leaseMs);
        return async () => {
          stop();
          await (this.options.redis as unknown as ReleasingClient)[RELEASE_COMMAND](key, token).catch(() => undefined);
        };
      }
      if (Date.now() - started >= this.maxWaitMs) {
        this.options.log.warn({ waitedMs: Date.now() - started }, 'conversation turn lease not obtained; running the turn without it');
        return async () => undefined;
      }
      // Short, growing, jittered waits: the holder's turn usually ends within tens of milliseconds.
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100) * (0.5 + Math.random())));
    }
  }

  private async trySet(key: string, token: string): Promise<boolean> {
    try {
      return (await this.options.redis.set(key, token, 'PX', this.leaseMs, 'NX')) === 'OK';
    } catch (error) {
      throw new StateStoreUnavailableError(/timed out/i.test((error as Error).message) ? 'timeout' : 'disconnected', 'turn lease', { cause: error });
    }
  }
}
