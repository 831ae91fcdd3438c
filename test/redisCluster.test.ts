// Redis Cluster run live (issue 17, item 4): three primaries on loopback ports, made a cluster with
// `redis-cli --cluster create`, and two bot instances configured with REDIS_CLUSTER_NODES sharing it
// and PostgreSQL. One conversation alternates between the instances turn by turn: the state write,
// the turn lease and the de-duplication claim (Lua scripts and SET NX) of a conversation must hash to
// one slot (hash tags), so a CROSSSLOT error would fail a turn here. The processes are the test's own
// and are killed in afterAll.
import { spawnSync } from 'node:child_process';
import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, officerReader, texts, type Instance } from './conversationStateClient.js';
import { freePort } from './privateRedisServer.js';
import { redisProcesses } from './redisProcesses.js';

interface LocalCluster {
  ports: number[];
  stop(): Promise<void>;
}

async function startLocalCluster(): Promise<LocalCluster> {
  const { dir, start, stop } = await redisProcesses('bops-redis-cluster-');
  try {
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) ports.push(await freePort());
    for (const port of ports) {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--save', '', '--appendonly', 'no', '--dir', dir];
      start(args);
    }
    // redis-cli retries its connection itself; wait for each node to answer PING first.
    for (const port of ports) {
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG';
        if (!up) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!up) throw new Error(`cluster node on ${port} did not start`);
    }
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    // The slots are assigned at once; the nodes agree on the cluster state a moment later.
    for (let i = 0; i < 200; i++) {
      const states = ports.map((port) => /cluster_state:(\w+)/.exec(spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout)?.[1]);
      if (states.every((s) => s === 'ok')) return { ports, stop };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the cluster did not reach cluster_state:ok');
  } catch (error) {
    await stop();
    throw error;
  }
}

describe('two bot instances on a Redis Cluster of three primaries', () => {
  const prefix = 'bops-cluster';
  let cluster: LocalCluster | undefined;
  let bots: BotInstances;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    cluster = await startLocalCluster();
    bots = await startBotInstances();
    const env = { REDIS_CLUSTER_NODES: cluster.ports.map((p) => `127.0.0.1:${p}`).join(','), REDIS_KEY_PREFIX: prefix };
    a = await bots.start(env);
    b = await bots.start(env);
  }, 90_000);
  afterAll(async () => {
    // Whether an instance still stops cleanly once its Redis has failed over is not what these tests prove.
    await bots?.close().catch(() => undefined);
    await cluster?.stop();
  });

  it('runs a conversation whose turns alternate between the instances, every answer stored once, state and lease keys in one slot', async () => {
    expect([a.server.storageKind, b.server.storageKind]).toEqual(['redis', 'redis']);
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700021-26';
    const instances = [a, b];
    let turnNumber = 0;
    const next = () => instances[turnNumber++ % 2]!;
    await client.say(next(), 'ny bedömning');
    const question1 = await client.say(next(), caseNumber);
    expect(texts(question1).join('\n')).toMatch(/Fråga 1 av \d+/);
    const question2 = await client.post(next(), client.pressActivity(question1, '1. Ja'));
    expect(texts(question2).join('\n')).toMatch(/Fråga 2 av \d+/);
    const press = client.pressActivity(question2, '1. Partner eller tidigare partner');
    const [question3] = await client.postAll([{ to: next(), activity: press }]);
    expect(texts(question3!).join('\n')).toMatch(/Fråga 3 av \d+/);
    // A redelivery of that press to the other instance is dropped (its claim lives in the cluster too).
    const [redelivered] = await client.postAll([{ to: next(), activity: { ...press } }]);
    expect(redelivered).toEqual({ status: 200, replies: [], replyIds: [] });
    const { answers, answerRows } = await (await officerReader(b)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
    expect(answerRows).toBe(2);

    // The conversation's keys are spread over the cluster by their hash tag: all of them in one slot.
    const redis = new Cluster(cluster!.ports.map((port) => ({ host: '127.0.0.1', port })));
    try {
      await new Promise((resolve) => redis.once('ready', resolve));
      const keys: string[] = [];
      for (const node of redis.nodes('master')) keys.push(...(await node.keys(`${prefix}:*${client.conversationId}*`)));
      expect(keys.length).toBeGreaterThanOrEqual(2);
      const slots = new Set(await Promise.all(keys.map((key) => redis.cluster('KEYSLOT', key))));
      expect(slots.size).toBe(1);
    } finally {
      redis.disconnect();
    }
  });
});
