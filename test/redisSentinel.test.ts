// Redis Sentinel run live (issue 17, item 4): one primary, one replica and three sentinels on
// loopback ports, started by the test (`redis-server --sentinel`), two bot instances configured with
// REDIS_SENTINELS + REDIS_SENTINEL_NAME sharing them and PostgreSQL, and a failover in the middle of
// a dialog (SENTINEL FAILOVER: the replica is promoted, the old primary demoted and its clients
// disconnected), then a crash of the primary (SIGKILL: the sentinels see it down and promote the
// replica on their own). The officer goes on without losing an answer and sees the outage message
// at most once through each. The processes are the test's own and are killed in afterAll.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { t } from '../dialogs/messageCatalogue.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, officerReader, texts, type Instance, type Turn } from './conversationStateClient.js';
import { freePort } from './privateRedisServer.js';
import { redisProcesses } from './redisProcesses.js';

const MASTER_NAME = 'bops';

const cli = (port: number, ...args: string[]) => spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8' }).stdout.trim();

/** Polls until `check` holds: waiting for servers to agree, not ordering the test's own events. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

interface SentinelSet {
  sentinelPorts: number[];
  masterPort(): number;
  /** The redis-server process listening on `port` (the primary or the replica). */
  serverOn(port: number): ChildProcess;
  stop(): Promise<void>;
}

async function startSentinelSet(): Promise<SentinelSet> {
  const { dir, start, stop } = await redisProcesses('bops-redis-sentinel-');
  try {
    const [primary, replica, ...sentinelPorts] = await Promise.all([0, 1, 2, 3, 4].map(() => freePort())) as [number, number, ...number[]];
    const servers = new Map<number, ChildProcess>();
    const server = (port: number, ...extra: string[]) =>
      servers.set(port, start(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra]));
    server(primary);
    server(replica, '--replicaof', '127.0.0.1', String(primary));
    await until('the replica to sync', () => /master_link_status:up/.test(cli(replica, 'info', 'replication')));
    for (const port of sentinelPorts) {
      const file = join(dir, `sentinel-${port}.conf`);
      await writeFile(
        file,
        [`port ${port}`, 'bind 127.0.0.1', `sentinel monitor ${MASTER_NAME} 127.0.0.1 ${primary} 2`, `sentinel down-after-milliseconds ${MASTER_NAME} 2000`, `sentinel failover-timeout ${MASTER_NAME} 10000`, ''].join('\n'),
      );
      start([file, '--sentinel']);
    }
    const masterPort = () => Number(cli(sentinelPorts[0]!, 'sentinel', 'get-master-addr-by-name', MASTER_NAME).split('\n')[1]);
    // Sentinels find the replica and each other through the primary; a failover needs the replica known.
    await until('the sentinels to know the replica', () => sentinelPorts.every((port) => /num-slaves\n1/.test(cli(port, 'sentinel', 'master', MASTER_NAME))));
    const serverOn = (port: number) => {
      const found = servers.get(port);
      if (!found) throw new Error(`no redis-server of this set on ${port}`);
      return found;
    };
    return { sentinelPorts, masterPort, serverOn, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

describe('two bot instances on Redis behind Sentinel, with a failover mid-dialog', () => {
  let sentinel: SentinelSet | undefined;
  let bots: BotInstances;
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    sentinel = await startSentinelSet();
    bots = await startBotInstances();
    const env = { REDIS_SENTINELS: sentinel.sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','), REDIS_SENTINEL_NAME: MASTER_NAME, REDIS_KEY_PREFIX: 'bops-sentinel' };
    a = await bots.start(env);
    b = await bots.start(env);
  }, 90_000);
  afterAll(async () => {
    // Whether an instance still stops cleanly once its Redis has failed over is not what these tests prove.
    await bots?.close().catch(() => undefined);
    await sentinel?.stop();
  });

  const ready = async (instance: Instance) => (await fetch(`${instance.server.url}/readyz`)).status === 200;

  /**
   * Switches the primary once everything written is on the replica — by `cause`: the sentinels
   * asked to fail over, or the primary killed (SIGKILL) for them to find down and replace — and
   * waits until the new primary takes writes; resolves with the old primary's port.
   */
  async function failOver(set: SentinelSet, cause: 'asked' | 'crash'): Promise<number> {
    const before = set.masterPort();
    const replicaOf = (port: number) => Number(/slave0:ip=[^,]+,port=(\d+),state=online/.exec(cli(port, 'info', 'replication'))?.[1]);
    // The state just written must be on the replica before the switch (replication is asynchronous:
    // what a primary took and never sent is lost with it, the window the README names).
    await until('the replica to catch up', () => {
      const offset = (port: number) => /master_repl_offset:(\d+)/.exec(cli(port, 'info', 'replication'))?.[1];
      return offset(before) !== undefined && offset(before) === offset(replicaOf(before));
    });
    // The switch is over when the sentinel leading it announces it: the replica has been promoted
    // and the others are told. (A write the old primary takes between the promotion and this
    // announcement is the remaining window the README names.)
    const listener = new Redis({ port: set.sentinelPorts[0]! });
    try {
      await listener.subscribe('+switch-master');
      const announced = new Promise<void>((resolve) => listener.on('message', () => resolve()));
      switch (cause) {
        case 'asked':
          expect(cli(set.sentinelPorts[0]!, 'sentinel', 'failover', MASTER_NAME)).toBe('OK');
          break;
        case 'crash': {
          const primary = set.serverOn(before);
          const exited = new Promise((resolve) => primary.once('exit', resolve));
          primary.kill('SIGKILL');
          await exited;
          break;
        }
        default: {
          const never: never = cause;
          throw never;
        }
      }
      await announced;
    } finally {
      listener.disconnect();
    }
    expect(set.masterPort()).not.toBe(before);
    await until('the promoted replica to take writes', () => /role:master/.test(cli(set.masterPort(), 'info', 'replication')));
    return before;
  }

  /**
   * Runs a turn through the switch, counting the outage messages per instance. Each instance hears
   * the switch on its own, so the first turn either serves after it may meet its reconnect; should
   * it still fail after the bot's own re-runs, the officer is told and sends the same answer again.
   */
  const throughSwitch = (chat: ReturnType<typeof conversationClient>, outages: Map<Instance, number>) => async (instance: Instance, input: Partial<Activity>): Promise<Turn> => {
    // A fresh activity each time: the officer presses again, it is not a redelivery.
    const { id: _sent, ...activity } = input;
    const turn = await chat.post(instance, activity);
    if (!texts(turn).includes(t('sv', 'error.stateUnavailable'))) return turn;
    outages.set(instance, (outages.get(instance) ?? 0) + 1);
    await until('both instances ready again', async () => (await ready(a)) && (await ready(b)));
    return chat.post(instance, activity);
  };
  const outagesIn = (outages: Map<Instance, number>) => [...outages.values()].reduce((sum, count) => sum + count, 0);

  /** An officer's initial assessment begun through `first` and `second` by turns, at its second question. */
  async function atSecondQuestion(first: Instance, second: Instance, caseNumber: string) {
    const chat = conversationClient(bots.connector);
    await chat.say(first, 'ny bedömning');
    const question1 = await chat.say(second, caseNumber);
    const question2 = await chat.post(first, chat.pressActivity(question1, '1. Ja'));
    expect(texts(question2).join('\n')).toMatch(/Fråga 2 av \d+/);
    return { chat, question2 };
  }

  /** The four answers given, each stored, read back through `instance`. */
  async function expectFourAnswers(instance: Instance, caseNumber: string) {
    const { answers } = await (await officerReader(instance)).assessmentOf(caseNumber);
    expect(Object.keys(answers)).toHaveLength(4);
    expect(answers).toMatchObject({ hotbildsfraga: 'ja', relation: 'nara_relation' });
  }

  it('fails over to the replica between two turns: no answer lost, the outage message at most once in all, the dialog goes on', async () => {
    const set = sentinel!;
    const caseNumber = '5000-K700031-26';
    const { chat, question2 } = await atSecondQuestion(a, b, caseNumber);

    const oldPrimary = await failOver(set, 'asked');

    const outages = new Map<Instance, number>();
    const turnThroughSwitch = throughSwitch(chat, outages);
    const question3 = await turnThroughSwitch(b, chat.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toMatch(/Fråga 3 av \d+/);
    const question4 = await turnThroughSwitch(a, { type: 'message', text: '1' });
    expect(texts(question4).join('\n')).toMatch(/Fråga 4 av \d+/);
    // The old primary stays up and, until the sentinels demote it seconds later, still takes writes:
    // a client that stayed on it would have written the turns above there, to be thrown away now.
    await until('the old primary to be demoted and replicating', () => /role:slave[\s\S]*master_link_status:up/.test(cli(oldPrimary, 'info', 'replication')));
    const question5 = await turnThroughSwitch(b, { type: 'message', text: '1' });
    expect(texts(question5).join('\n')).toMatch(/Fråga 5 av \d+/);
    // A turn that meets the switch is run again after a pause (bot/botApplication.ts): the officer is told at most once in all.
    expect(outagesIn(outages)).toBeLessThanOrEqual(1);

    await expectFourAnswers(b, caseNumber);
  }, 90_000);

  // After the asked failover above: its old primary is now the replica, and is the one promoted here.
  it('survives the primary crashing mid-dialog (SIGKILL): the sentinels promote the replica, no answer lost, the outage message at most once through each instance', async () => {
    const set = sentinel!;
    const caseNumber = '5000-K700032-26';
    const { chat, question2 } = await atSecondQuestion(b, a, caseNumber);

    await failOver(set, 'crash');

    const outages = new Map<Instance, number>();
    const turnThroughSwitch = throughSwitch(chat, outages);
    const question3 = await turnThroughSwitch(a, chat.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toMatch(/Fråga 3 av \d+/);
    const question4 = await turnThroughSwitch(b, { type: 'message', text: '1' });
    expect(texts(question4).join('\n')).toMatch(/Fråga 4 av \d+/);
    const question5 = await turnThroughSwitch(a, { type: 'message', text: '1' });
    expect(texts(question5).join('\n')).toMatch(/Fråga 5 av \d+/);
    // Each instance finds the crashed primary on its own (its connection breaks, no switch is
    // announced on it first), so each may have told the officer once.
    for (const instance of [a, b]) expect(outages.get(instance) ?? 0, 'outage messages through one instance').toBeLessThanOrEqual(1);

    await expectFourAnswers(a, caseNumber);
  }, 90_000);
});
