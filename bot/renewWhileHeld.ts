// Keeps a token-owned Redis key (a turn lease, a running activity claim) alive while its holder
// works: the key is set with a short PX so a crashed holder lets go quickly, and a live one pushes
// the expiry on every third of it. Only the holder's own token is renewed: after an expiry another
// instance may hold the key, and a late renewal must not extend that one.
import type { Cluster, Redis } from 'ioredis';

/** The script's command name on a client; exported so a test can see the renewals a holder makes. */
export const RENEW_COMMAND = 'bopsRenewHeldKey';
const RENEW_LUA = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

type RenewingClient = { [RENEW_COMMAND](key: string, token: string, ms: number): Promise<number> };

/** Defines the renewal script on a client; idempotent, call once per client user. */
export function defineRenewal(redis: Redis | Cluster): void {
  if (!(RENEW_COMMAND in redis)) redis.defineCommand(RENEW_COMMAND, { numberOfKeys: 1, lua: RENEW_LUA });
}

/**
 * Renews key (holding token) to leaseMs every leaseMs/3 until the returned stop is called. A failed
 * renewal (Redis blip) is ignored: the next one tries again, and the key's own expiry is the fallback.
 */
export function renewWhileHeld(redis: Redis | Cluster, key: string, token: string, leaseMs: number): () => void {
  const timer = setInterval(() => {
    (redis as unknown as RenewingClient)[RENEW_COMMAND](key, token, leaseMs).catch(() => undefined);
  }, Math.max(50, Math.floor(leaseMs / 3)));
  // A renewal must never keep a stopping process alive.
  timer.unref();
  return () => clearInterval(timer);
}
