// How the bot's ioredis client behaves when Redis goes away, in one place: an officer must get a
// clear "temporary fault" within a couple of seconds, never a turn that hangs on a queue of
// commands waiting for a server that is not there, and the client must come back by itself.
import type { RedisOptions } from 'ioredis';

/** Reconnect delays grow 50, 100, 200 … ms and stop growing at this bound; reconnecting never gives up. */
export const MAX_RECONNECT_DELAY_MS = 2_000;
/** A command Redis has not answered in this time fails the turn as a state-store outage. */
export const COMMAND_TIMEOUT_MS = 2_000;

export function reconnectDelayMs(attempt: number): number {
  const base = Math.min(50 * 2 ** Math.max(0, attempt - 1), MAX_RECONNECT_DELAY_MS);
  // Up to 20 % jitter, so instances that lost Redis together do not reconnect in lockstep.
  return Math.round(base * (0.8 + Math.random() * 0.2));
}

export function redisClientOptions(): RedisOptions {
  return {
    lazyConnect: true,
    // No offline queue: while disconnected a command fails at once instead of piling up in memory.
    enableOfflineQueue: false,
    // A command already sent when the connection dropped is retried once after reconnecting, then fails.
    maxRetriesPerRequest: 1,
    connectTimeout: COMMAND_TIMEOUT_MS,
    commandTimeout: COMMAND_TIMEOUT_MS,
    retryStrategy: reconnectDelayMs,
  };
}
