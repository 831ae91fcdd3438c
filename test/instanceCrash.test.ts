// An instance killed with SIGKILL mid-conversation (issue 17, item 4): one bot instance in this
// process and one a child process (`node --import tsx bot/main.ts`, the production entry point),
// sharing PostgreSQL and Redis. The conversation alternates between them, the child is killed
// between two turns (no shutdown, no drain: a crash), the conversation goes on on the other
// instance, and the child restarted on the same DATA_DIR takes the next turn. Every answer is stored
// exactly once. The child is killed in afterAll whatever happened.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../bot/server.js';
import { BotChildren, killBot } from './botChildren.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, SHARED_REDIS_URL, texts, type Instance } from './conversationStateClient.js';

interface ChildInstance {
  instance: Instance;
  process: ChildProcess;
}

const children = new BotChildren();

async function startChild(dataDir: string, env: Record<string, string>): Promise<ChildInstance> {
  const child = await children.start(dataDir, env);
  // Only url is read of a child's server: the helpers call it over HTTP like any client.
  return { instance: { server: { url: child.url } as RunningServer, dataDir }, process: child.process };
}

describe('a bot instance killed with SIGKILL mid-conversation, then restarted', () => {
  const prefix = `bops-test-crash-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let a: Instance;
  let childDir: string;
  let child: ChildInstance | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    bots = await startBotInstances();
    env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    a = await bots.start(env);
    childDir = await mkdtemp(join(tmpdir(), 'bops-crash-'));
    child = await startChild(childDir, { ...env, DATABASE_URL: bots.db.url! });
  }, 120_000);
  afterAll(async () => {
    await children.killAll();
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
    if (childDir) await rm(childDir, { recursive: true, force: true });
  });

  it('goes on on the other instance after the crash and on the restarted one after that, every answer stored once', async () => {
    const client = conversationClient(bots.connector);
    const caseNumber = '5000-K700041-26';
    await client.say(a, 'ny bedömning');
    const question1 = await client.say(child!.instance, caseNumber);
    expect(texts(question1).join('\n')).toMatch(/Fråga 1 av \d+/);
    const question2 = await client.post(a, client.pressActivity(question1, '1. Ja'));
    const question3 = await client.post(child!.instance, client.pressActivity(question2, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toMatch(/Fråga 3 av \d+/);

    await killBot(child!.process);
    expect(child!.process.signalCode).toBe('SIGKILL');
    // The connector's next delivery goes to the instance still running.
    const question4 = await client.say(a, '1');
    expect(texts(question4).join('\n')).toMatch(/Fråga 4 av \d+/);

    child = await startChild(childDir, { ...env, DATABASE_URL: bots.db.url! });
    const question5 = await client.say(child.instance, '1');
    expect(texts(question5).join('\n')).toMatch(/Fråga 5 av \d+/);

    const { answers, answerRows } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(Object.keys(answers)).toHaveLength(4);
    expect(answers).toMatchObject({ hotbildsfraga: 'ja', relation: 'nara_relation' });
    expect(answerRows).toBe(4);
  }, 120_000);
});
