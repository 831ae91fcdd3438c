// The one place that turns the Redis part of the configuration into an ioredis client: a single
// node (REDIS_URL), a Cluster (REDIS_CLUSTER_NODES) or a master found through Sentinel
// (REDIS_SENTINELS + REDIS_SENTINEL_NAME), all with the same outage behaviour (no offline queue,
// bounded reconnect backoff, command timeout). Undefined when Redis is not configured.
import { Cluster, Redis } from 'ioredis';
import type { Config } from './config.js';
import { COMMAND_TIMEOUT_MS, reconnectDelayMs, redisClientOptions } from './redisClientOptions.js';

export type RedisClient = Redis | Cluster;

export function createRedisClient(config: Pick<Config, 'redisUrl' | 'redisCluster' | 'redisSentinel'>): RedisClient | undefined {
  if (config.redisUrl) return new Redis(config.redisUrl, redisClientOptions());
  if (config.redisSentinel) {
    const { sentinels, name, password, tls } = config.redisSentinel;
    return new Redis({
      ...redisClientOptions(),
      sentinels,
      name,
      ...(password ? { password } : {}),
      // The master found through the sentinels, and the sentinels themselves, over TLS.
      ...(tls ? { tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true } : {}),
      // Sentinels themselves are retried with the same bounded backoff.
      sentinelRetryStrategy: reconnectDelayMs,
      // A failover with the old primary still up (a planned switch, a network split) leaves it
      // taking writes until the sentinels demote it, seconds later, and those writes are then lost.
      // Hearing +switch-master from the sentinels, the client leaves it at once for the new primary;
      // a write that still meets a demoted primary (READONLY) reconnects and is sent again.
      failoverDetector: true,
      reconnectOnError: (error) => (/^READONLY/.test(error.message) ? 2 : false),
    });
  }
  if (config.redisCluster) {
    const { nodes, password, tls } = config.redisCluster;
    const { lazyConnect, enableOfflineQueue, retryStrategy: _perNode, ...nodeOptions } = redisClientOptions();
    return new Cluster(nodes, {
      lazyConnect,
      enableOfflineQueue,
      clusterRetryStrategy: reconnectDelayMs,
      redisOptions: { ...nodeOptions, ...(password ? { password } : {}), ...(tls ? { tls: {} } : {}), connectTimeout: COMMAND_TIMEOUT_MS },
    });
  }
  return undefined;
}
