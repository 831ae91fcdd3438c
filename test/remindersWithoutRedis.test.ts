// Reminders do not wait for Redis (issue 12: "Postgres or Redis down when a
// reminder is due: it is sent once they are back, not lost, not doubled"), over
// HTTP with the stand-in Bot Connector, on real PostgreSQL and on PGlite, with
// the conversation state in a Redis of the test's own that it stops. The
// reminder path never touches Redis: the poller claims due work in PostgreSQL
// (api/sqlReminderLedger.ts), the officer's chat reference is read from there,
// and the card goes out through the adapter's continueConversationAsync with no
// turn state, lease or de-duplication (bot/proactiveSender.ts). So with Redis
// down a due reminder goes on time, once; only the card's button, which runs a
// turn, must wait for Redis, and says so. Redis back (empty: no persistence),
// nothing is sent again. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { planWithMeasures } from './planWithMeasures.js';
import { startPrivateRedis, type PrivateRedisServer } from './privateRedisServer.js';
import { SettableClock } from './settableClock.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import type { TestOfficer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f1200000-0000-4000-8000-00000000d101', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'f1200000-0000-4000-8000-00000000d102', roles: ['bops_officer'], region: 'mitt' };
const CASE_NUMBER = '1800-K000901-30';

const conversationOf = (officer: TestOfficer) => `a:reminder-no-redis-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('a reminder due while Redis is down, on %s', (engine) => {
  // 11:00 in Stockholm on the due day, past the reminder hour (08:00).
  const clock = new SettableClock(new Date('2030-01-15T10:00:00Z'));
  let redis: PrivateRedisServer;
  let chat: ConnectedTestServer;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    // The officers talk to the bot with Redis up: their chats are stored (in PostgreSQL, through the API).
    chat = await startConnectedTestServer({ engine, clock, pollReminders: true, env: { REDIS_URL: redis.url }, officers: [OFFICER, COLLEAGUE], conversationOf, greet: true });
    expect(chat.test.server.storageKind).toBe('redis');
  }, 60_000);
  afterAll(async () => {
    await chat?.close();
    await redis?.stop();
  });

  const polls = async (n: number) => {
    for (let i = 0; i < n; i++) await chat.test.server.reminders!.tick();
  };
  const delivered = async () =>
    (await chat.test.server.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reminder.deliver' AND actor_id = $1`, [OFFICER.id])).rows[0]!.n;
  const readiness = async () => (await fetch(`${chat.test.server.url}/readyz`)).status;

  it('sends the reminder on time and once with Redis down; its button waits for Redis; nothing goes twice once Redis is back', async () => {
    const { measureIds } = await planWithMeasures(chat.test, { caseNumber: CASE_NUMBER, responsible: OFFICER, assignedBy: COLLEAGUE });
    await polls(1);
    expect(chat.connector.take()).toEqual([]);

    await redis.stop();
    // The server knows Redis is gone: not ready for new turns.
    expect(await readiness()).toBe(503);
    await expectJson(await chat.test.as(OFFICER, 'PUT', `/measures/${measureIds[0]}/status`, { status: 'proposed', followUpOn: '2030-01-15' }), 200);
    await polls(3);
    const calls = chat.connector.take();
    expect(calls.map((c) => [c.method, c.conversationId])).toEqual([['POST', conversationOf(OFFICER)]]);
    const card = calls[0]!;
    expect(cardText(card)).toContain(t('sv', 'reminder.card.title.measure_follow_up_due', { caseNumber: CASE_NUMBER }));
    expect(await delivered()).toBe(1);

    // The card's button runs a turn, which needs the conversation state: the officer is told to try again.
    const button = submitActions(card.activity.attachments?.[0]?.content)[0]!;
    const whileDown = await chat.post(OFFICER, { type: 'message', replyToId: card.responseId, value: button.data });
    expect(whileDown.map((c) => c.activity.text)).toEqual([t('sv', 'error.stateUnavailable')]);

    // Redis back, empty: the reminder is not sent again, and the button opens the measures.
    await redis.restart();
    await expect.poll(readiness, { timeout: 10_000 }).toBe(200);
    await polls(3);
    expect(chat.connector.take()).toEqual([]);
    expect(await delivered()).toBe(1);
    const opened = await chat.post(OFFICER, { type: 'message', replyToId: card.responseId, value: button.data });
    expect(opened.filter((c) => c.activity.attachments?.length).map(cardText).join('\n')).toContain(t('sv', 'measures.title', { caseNumber: CASE_NUMBER }));
  });
});
