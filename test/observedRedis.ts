// A Redis client as a test of a held key (a turn lease, a running activity claim) sees it: the
// same connection, with every SET ... NX that found the key held, and every renewal its holder
// made, recorded. A test then waits for what it is about — "each waiting contender was refused
// while the first held the key", "the holder renewed its key after the key's own expiry" — rather
// than sleeping for a time in which that probably happened.
import type { Cluster, Redis } from 'ioredis';
import { RENEW_COMMAND } from '../bot/renewWhileHeld.js';

export interface ObservedRedis {
  /** Hand this to the unit under test. */
  redis: Redis;
  /** The values of the SET ... NX refused so far (the key was held), in order: a lease's or claim's token. */
  refused(): readonly string[];
  /** When (Date.now() as the command was sent) each renewal that found the holder's own token was made. */
  renewedAt(): readonly number[];
}

export function observedRedis(client: Redis | Cluster): ObservedRedis {
  const refused: string[] = [];
  const renewedAt: number[] = [];
  const redis = new Proxy(client, {
    get(target, property) {
      if (property === 'set') {
        return async (...args: unknown[]) => {
          const reply = await (target.set as (...a: unknown[]) => Promise<string | null>)(...args);
          if (reply === null && args.some((a) => String(a).toUpperCase() === 'NX')) refused.push(String(args[1]));
          return reply;
        };
      }
      if (property === RENEW_COMMAND) {
        return async (...args: unknown[]) => {
          const sentAt = Date.now();
          const reply = await (target as unknown as Record<string, (...a: unknown[]) => Promise<number>>)[RENEW_COMMAND]!(...args);
          if (reply === 1) renewedAt.push(sentAt);
          return reply;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Redis;
  return { redis, refused: () => refused, renewedAt: () => renewedAt };
}
