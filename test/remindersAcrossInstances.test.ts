// Jobs run once with several server instances (issue 17, item 4), proven live for reminders
// (issue 12): two server processes (`node --import tsx bot/main.ts`, the production entry point)
// share one PostgreSQL database and Redis, both polling for reminders every second from 00:00
// (REMINDER_HOUR=0), both sending to the same stand-in Bot Connector. Two measures of one plan whose
// follow-up is today give their responsible officer exactly one reminder card naming both, and one
// `reminder.deliver` audit row for each, however many polls both run; after one process is killed with SIGKILL and restarted on the
// same DATA_DIR, still exactly one. Setup goes through an in-process server whose poller is off.
// Officers and cases are fictitious. The children are killed in afterAll whatever happened.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptiveCardText } from './adaptiveCardText.js';
import { BotChildren, killBot } from './botChildren.js';
import { inboundActivity, type RecordedCall } from './botConnectorStandIn.js';
import { startBotInstances, type BotInstances } from './botInstances.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { deleteKeys, SHARED_REDIS_URL, type Instance } from './conversationStateClient.js';
import { officerCaller } from './officerCaller.js';
import type { TestOfficer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b101', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b102', roles: ['bops_officer'], region: 'mitt' };
const CONVERSATION = `a:reminder-instances-${OFFICER.id}`;
const POLL_MS = 1000; // the smallest REMINDER_POLL_MS the config accepts

const children = new BotChildren();
const startChild = async (dataDir: string, env: Record<string, string>) => (await children.start(dataDir, env)).process;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Today in Europe/Stockholm, as the reminders' schedule reckons it. */
const stockholmToday = () => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

describe('reminders with two server processes on one database', () => {
  const prefix = `bops-test-remind-${randomUUID().slice(0, 8)}`;
  let bots: BotInstances;
  let setup: Instance;
  const dirs: string[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    bots = await startBotInstances();
    env = { REDIS_URL: SHARED_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    setup = await bots.start({ ...env, REMINDER_POLL_MS: '0' });
  }, 120_000);
  afterAll(async () => {
    await children.killAll();
    await bots?.close();
    await deleteKeys(SHARED_REDIS_URL, prefix);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const reminderCards = (): RecordedCall[] =>
    bots.connector.calls.filter((c) => c.method === 'POST' && c.conversationId === CONVERSATION && c.activity.attachments?.length);
  const deliverRows = async () =>
    (await bots.db.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.deliver' AND actor_id = $1`, [OFFICER.id])).rows[0]!.n;

  it('sends exactly one reminder card for a plan\'s measures due today while both poll, and none more after one is killed and restarted', async () => {
    const call = async (officer: TestOfficer, method: string, path: string, body?: unknown) => {
      const response = await officerCaller(setup.server.url, setup.dataDir, officer)(method, path, body);
      const text = await response.text();
      if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as unknown;
    };

    for (const o of [OFFICER, COLLEAGUE]) await bots.db.db.query('INSERT INTO officers (id, region, roles) VALUES ($1, $2, $3)', [o.id, o.region, o.roles]);
    // The officer talks to the bot once, which stores their chat through the API.
    const hello = await fetch(`${setup.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inboundActivity({ serviceUrl: bots.connector.serviceUrl, conversationId: CONVERSATION, officer: OFFICER.id }, { type: 'message', text: 'hej' })),
    });
    expect(hello.status).toBe(200);

    const caseNumber = '1800-K900001-26';
    await call(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' });
    await call(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`);
    const assessment = await completeStructuredAssessment(setup.server, { caseNumber, region: 'mitt', officerId: OFFICER.id, instrumentId: 'sara-sv', judgements: { overall: 'hog' } });
    const today = stockholmToday();
    const plan = (await call(OFFICER, 'POST', `/cases/${caseNumber}/plans`, {
      assessmentId: assessment.id,
      protectedPersonId: null,
      reassessOn: '2099-06-01',
      measures: [
        { part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id, followUpOn: today },
        { part: 'reducering', measureId: 'rri', responsible: OFFICER.id, followUpOn: today },
      ],
    })) as { measures: { id: string }[] };
    expect(plan.measures).toHaveLength(2);
    bots.connector.take();

    const childEnv = { ...env, DATABASE_URL: bots.db.url!, REMINDER_POLL_MS: String(POLL_MS), REMINDER_HOUR: '0' };
    const dirA = await mkdtemp(join(tmpdir(), 'bops-remind-a-'));
    const dirB = await mkdtemp(join(tmpdir(), 'bops-remind-b-'));
    dirs.push(dirA, dirB);
    const [childA] = await Promise.all([startChild(dirA, childEnv), startChild(dirB, childEnv)]);

    // Bounded wait for the first card, then several more polls of both.
    for (let i = 0; i < 120 && reminderCards().length === 0; i++) await sleep(250);
    // The other measure is recorded as covered by the card on a later poll.
    for (let i = 0; i < 80 && (await deliverRows()) < 2; i++) await sleep(250);
    await sleep(5 * POLL_MS);
    const cards = reminderCards();
    expect(cards).toHaveLength(1);
    const card = adaptiveCardText(cards[0]!.activity.attachments?.[0]?.content);
    for (const text of [caseNumber, today, 'Larmpaket', 'RRI']) expect(card).toContain(text);
    expect(await deliverRows()).toBe(2);

    await killBot(childA);
    expect(childA.signalCode).toBe('SIGKILL');
    await startChild(dirA, childEnv);
    await sleep(5 * POLL_MS);
    expect(reminderCards()).toHaveLength(1);
    expect(await deliverRows()).toBe(2);
  }, 120_000);
});
