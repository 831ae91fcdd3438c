// An instance killed with SIGKILL *during* a turn (issue 17, item 4): the bot as a child process
// (`bot/main.ts`, the production entry point) and one instance in this process share PostgreSQL and
// Redis. The child is stopped at three points of one answer's turn and killed there; the connector
// then delivers the same activity (same id) to the other instance, as Teams does when its delivery
// failed. The points are reached by holding the child's own traffic, never by sleeping:
// - before the answer reached the API (the child's API calls go through a proxy that holds the save);
// - after the API saved the answer, before the turn's state write (the proxy holds the response);
// - after the state write, while the replies go out (the connector stand-in holds the reply).
// In every case the officer gets the next question exactly as the child would have sent it, and the
// answer is stored once, to the question it answered.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotChildren, killBot } from './botChildren.js';
import type { WireActivity } from './botConnectorStandIn.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { conversationClient, deleteKeys, officerReader, SHARED_REDIS_URL, texts, type Instance, type Turn } from './conversationStateClient.js';

/** Short, so the redelivery waits about a second for the dead instance's claim and lease to lapse. */
const TURN_LEASE_MS = '1000';

type Hold = { match: (req: IncomingMessage) => boolean; when: 'request' | 'response'; reached: () => void };

/** A proxy in front of the child's own API that can hold one matching call, before or after it reached the API. */
async function startApiProxy(target: () => number) {
  let hold: Hold | undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const held = hold && hold.match(req) ? hold : undefined;
    if (held) hold = undefined;
    if (held?.when === 'request') {
      held.reached();
      return; // never forwarded, never answered: the child dies waiting
    }
    const upstream = httpRequest({ host: '127.0.0.1', port: target(), path: req.url, method: req.method, headers: req.headers }, (answer) => {
      if (held) {
        answer.resume();
        answer.on('end', () => held.reached());
        return; // the API did its work; the child never hears of it
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    holdNext(match: Hold['match'], when: Hold['when']): Promise<void> {
      return new Promise<void>((reached) => (hold = { match, when, reached }));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const children = new BotChildren();

async function startChild(dataDir: string, env: Record<string, string>): Promise<{ instance: Instance; process: ChildProcess; port: number }> {
  const child = await children.start(dataDir, env);
  // Only url is read of a child's server: the helpers call it over HTTP like any client.
  return { instance: { server: { url: child.url } as Instance['server'], dataDir }, process: child.process, port: child.port };
}

const isAnswerSave = (req: IncomingMessage) => req.method === 'PUT' && /\/assessments\/[^/]+\/answers\/hotbildsfraga$/.test(req.url ?? '');

describe('a bot instance killed with SIGKILL during a turn: the redelivered activity runs on the other instance', () => {
  const prefix = `bops-test-midturn-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let proxy: Awaited<ReturnType<typeof startApiProxy>>;
  let a: Instance;
  let childDir: string;
  let childPort: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    bots = await startBotInstances();
    proxy = await startApiProxy(() => childPort);
    env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix, TURN_LEASE_MS };
    a = await bots.start(env);
    childDir = await mkdtemp(join(tmpdir(), 'bops-midturn-'));
  }, 120_000);
  afterAll(async () => {
    await children.killAll();
    await bots?.close();
    await proxy?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
    if (childDir) await rm(childDir, { recursive: true, force: true });
  });

  /**
   * Opens an assessment on the child, sends the answer to question 1 to the child and kills the
   * child once `stop` says the turn got there; then delivers the same activity to A and returns
   * A's turn and the client, so the conversation can go on.
   */
  async function crashDuringAnswer(caseNumber: string, stop: () => Promise<void>, typed = false) {
    // The child listens where the system puts it (a port picked beforehand can be taken by then);
    // the proxy, started first, forwards to wherever the running child is.
    const child = await startChild(childDir, { ...env, DATABASE_URL: bots.db.url!, API_BASE_URL: proxy.url });
    childPort = child.port;
    const client = conversationClient(bots.connector);
    await client.say(child.instance, 'ny bedömning');
    const question1 = await client.say(child.instance, caseNumber);
    expect(texts(question1).join('\n')).toMatch(/Fråga 1 av \d+/);
    const answer: WireActivity = typed ? client.activity({ type: 'message', text: '1' }) : client.pressActivity(question1, '1. Ja');
    const stopped = stop();
    const dying = fetch(`${child.instance.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) }).catch(() => 'killed');
    await stopped;
    await killBot(child.process);
    expect(child.process.signalCode).toBe('SIGKILL');
    expect(await dying).toBe('killed');
    // What reached Teams before the crash is what Teams shows; the redelivery's replies come after it.
    bots.connector.take();
    const [redelivered] = await client.postAll([{ to: a, activity: answer }]);
    return { client, redelivered: redelivered!, question1 };
  }

  async function expectOneAnswer(caseNumber: string, redelivered: Turn) {
    expect(redelivered.status).toBe(200);
    expect(texts(redelivered).join('\n')).toMatch(/Fråga 2 av \d+/);
    const { answers } = await (await officerReader(a)).assessmentOf(caseNumber);
    expect(answers).toEqual({ hotbildsfraga: 'ja' });
  }

  it('killed before the answer reached the API: the other instance saves it and asks the next question', async () => {
    const caseNumber = '5000-K700051-26';
    const { client, redelivered } = await crashDuringAnswer(caseNumber, () => proxy.holdNext(isAnswerSave, 'request'));
    await expectOneAnswer(caseNumber, redelivered);
    const question3 = await client.post(a, client.pressActivity(redelivered, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toMatch(/Fråga 3 av \d+/);
    expect((await (await officerReader(a)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
  }, 120_000);

  it('killed after the API saved the answer, before the state was written: the save is repeated, not doubled', async () => {
    const caseNumber = '5000-K700052-26';
    const { redelivered } = await crashDuringAnswer(caseNumber, () => proxy.holdNext(isAnswerSave, 'response'));
    await expectOneAnswer(caseNumber, redelivered);
  }, 120_000);

  it('killed after the state was written, while the replies went out: the replies are sent again and the answer is not applied twice', async () => {
    const caseNumber = '5000-K700053-26';
    let conversationId = '';
    // Typed, not pressed: a pressed card names its question, so a second run would be refused as a
    // stale card anyway; a typed "1" run again would answer question 2 with option 1.
    const { client, redelivered } = await crashDuringAnswer(
      caseNumber,
      async () => {
        // The client is made inside crashDuringAnswer; its conversation is the one the held reply goes to.
        await bots.connector.holdNext((call) => call.method === 'POST' && /Fråga 2 av/.test(JSON.stringify(call.activity)) && ((conversationId = call.conversationId), true));
      },
      true,
    );
    expect(conversationId).toBe(client.conversationId);
    await expectOneAnswer(caseNumber, redelivered);
    // The dialog is where the child left it: question 2 takes the next answer, question 1 keeps its own.
    const question3 = await client.post(a, client.pressActivity(redelivered, '1. Partner eller tidigare partner'));
    expect(texts(question3).join('\n')).toMatch(/Fråga 3 av \d+/);
    expect((await (await officerReader(a)).assessmentOf(caseNumber)).answers).toEqual({ hotbildsfraga: 'ja', relation: 'nara_relation' });
  }, 120_000);
});
