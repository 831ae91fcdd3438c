import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createRedisClient } from './redisClient.js';

describe('createRedisClient', () => {
  it('makes no client without Redis configuration (in-memory state)', () => {
    expect(createRedisClient(loadConfig({}))).toBeUndefined();
  });

  it('makes a single-node client from REDIS_URL, without offline queue and not yet connected', () => {
    const client = createRedisClient(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0' }));
    expect(client).toBeInstanceOf(Redis);
    expect((client as Redis).options).toMatchObject({ host: '127.0.0.1', port: 6379, enableOfflineQueue: false, lazyConnect: true });
    expect((client as Redis).status).toBe('wait');
    client!.disconnect();
  });

  it('makes a Sentinel client for the named master, with the same outage behaviour', () => {
    const client = createRedisClient(loadConfig({ REDIS_SENTINELS: 's1:26379,s2', REDIS_SENTINEL_NAME: 'bops-master', REDIS_PASSWORD: 'fiktivt-lösenord' })) as Redis;
    expect(client).toBeInstanceOf(Redis);
    expect(client.options).toMatchObject({
      sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 6379 }],
      name: 'bops-master',
      password: 'fiktivt-lösenord',
      enableOfflineQueue: false,
    });
    client.disconnect();
  });

  it('makes a Cluster client from the seed nodes, with the same outage behaviour on every node', () => {
    const client = createRedisClient(loadConfig({ REDIS_CLUSTER_NODES: 'n1:7000,n2:7001' })) as Cluster;
    expect(client).toBeInstanceOf(Cluster);
    expect(client.isCluster).toBe(true);
    expect(client.options).toMatchObject({ enableOfflineQueue: false, lazyConnect: true });
    expect(client.options.redisOptions).toMatchObject({ maxRetriesPerRequest: 1 });
    expect(typeof client.options.clusterRetryStrategy).toBe('function');
    client.disconnect();
  });

  it('with REDIS_TLS=true, speaks TLS to every Cluster node, and to the sentinels and the master', () => {
    const cluster = createRedisClient(loadConfig({ REDIS_CLUSTER_NODES: 'n1:6380', REDIS_TLS: 'true' })) as Cluster;
    expect(cluster.options.redisOptions).toMatchObject({ tls: {} });
    cluster.disconnect();
    const sentinel = createRedisClient(loadConfig({ REDIS_SENTINELS: 's1:26379', REDIS_SENTINEL_NAME: 'bops-master', REDIS_TLS: 'true' })) as Redis;
    expect(sentinel.options).toMatchObject({ tls: {}, sentinelTLS: {}, enableTLSForSentinelMode: true });
    sentinel.disconnect();
    const plain = createRedisClient(loadConfig({ REDIS_CLUSTER_NODES: 'n1:6380' })) as Cluster;
    expect(plain.options.redisOptions?.tls).toBeUndefined();
    plain.disconnect();
  });
});
