// The welcome ledger on Redis, shared by every instance: one key per installation
// (prefix:{conversation key}:welcomed, in the conversation's Cluster slot), set with NX and no
// expiry — unlike conversation state it must outlive CONVERSATION_TTL_SECONDS. Deleted when the bot is removed, so the keys number the
// installations. A Redis that loses its data (no persistence) greets each installation once more.
import type { Cluster, Redis } from 'ioredis';
import { StateStoreUnavailableError } from './stateStoreUnavailableError.js';
import type { WelcomeLedger } from './welcomeLedger.js';

export interface RedisWelcomeLedgerOptions {
  redis: Redis | Cluster;
  /** The Redis key of a botbuilder storage key (RedisStorage.redisKey): the mark shares its hash tag. */
  redisKey: (storageKey: string) => string;
}

export class RedisWelcomeLedger implements WelcomeLedger {
  constructor(private readonly options: RedisWelcomeLedgerOptions) {}

  /** The Redis key of an installation's mark; public for tests. */
  markKey(conversationKey: string): string {
    return `${this.options.redisKey(conversationKey)}:welcomed`;
  }

  async claim(conversationKey: string): Promise<boolean> {
    return this.guarded(async () => (await this.options.redis.set(this.markKey(conversationKey), '1', 'NX')) === 'OK');
  }

  async forget(conversationKey: string): Promise<void> {
    await this.guarded(() => this.options.redis.del(this.markKey(conversationKey)));
  }

  private async guarded<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new StateStoreUnavailableError(/timed out/i.test((error as Error).message) ? 'timeout' : 'disconnected', 'welcome ledger', { cause: error });
    }
  }
}
