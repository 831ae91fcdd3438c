// Issue 18, finding 2, over HTTP with the stand-in Bot Connector, on real
// PostgreSQL and on PGlite: a break-glass tells the case's other assigned
// officers in Teams — the case number, who and when — never the protected
// person nor the reason, which they read on the case. Each card is one
// audited read by its recipient; the officer who broke glass, officers not on
// the case and a repeat break-glass get none. A card that did not arrive is
// sent once by the notice sweep after the retry interval (the clock is moved,
// not waited for), and never again. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as text } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText } from './adaptiveCardText.js';
import type { ConnectorStandIn, RecordedCall } from './botConnectorStandIn.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import type { TestOfficer, TestServer } from './testServer.js';

const RECORDER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b801', roles: ['bops_officer'], region: 'vast' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b802', roles: ['bops_officer'], region: 'vast' };
const BREAKER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b803', roles: ['bops_officer'], region: 'vast' };
const NOT_ON_CASE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b804', roles: ['bops_officer'], region: 'vast' };
const EVERYONE = [RECORDER, COLLEAGUE, BREAKER, NOT_ON_CASE];

const LABEL = 'MÄ Fiktiv';
const REASON = 'Fiktiv akut hotbild under natten; handläggaren nås inte.';

const conversationOf = (officer: TestOfficer) => `a:glass-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('break-glass notice over HTTP on %s', (engine) => {
  let test: TestServer;
  let connector: ConnectorStandIn;
  let chat: ConnectedTestServer;
  // The API's time runs ahead of the system's by this much: the sweep's retry interval passes without a wait.
  let ahead = 0;
  const clock = { now: () => new Date(Date.now() + ahead) };

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: EVERYONE, conversationOf, greet: true, clock });
    ({ test, connector } = chat);
  });
  afterAll(() => chat?.close());

  /** A case with a protected person, recorded by RECORDER, with COLLEAGUE assigned too. */
  async function caseWithColleague(caseNumber: string): Promise<void> {
    await expectJson(await test.as(RECORDER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(RECORDER, 'PUT', `/cases/${caseNumber}/assignments/${RECORDER.id}`), 200);
    await expectJson(await test.as(RECORDER, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: LABEL, protectedIdentity: true }), 201);
    await expectJson(await test.as(RECORDER, 'PUT', `/cases/${caseNumber}/assignments/${COLLEAGUE.id}`), 200);
    connector.take();
  }

  it('tells the case’s other officers who broke glass and when, never the person or the reason, each card an audited read', async () => {
    const caseNumber = '1490-K000101-26';
    await caseWithColleague(caseNumber);

    const record = await expectJson<{ id: string; protectedAccess: { officerId: string; at: string }[] }>(
      await test.as(BREAKER, 'POST', `/cases/${caseNumber}/protected-access`, { reason: REASON }),
      200,
    );
    const calls = connector.take();
    expect(calls.map((c) => [c.method, c.conversationId]).sort()).toEqual([
      ['POST', conversationOf(COLLEAGUE)],
      ['POST', conversationOf(RECORDER)],
    ].sort());
    for (const call of calls) {
      const card = cardText(call);
      expect(card).toContain(text('sv', 'breakGlassNotice.card.title', { caseNumber }));
      expect(card).toContain(BREAKER.id);
      for (const hidden of [LABEL, REASON]) expect(card).not.toContain(hidden);
    }
    const notices = await test.server.database.query<{ actor_id: string; entity_id: string; detail: Record<string, unknown> }>(
      `SELECT actor_id, entity_id, detail FROM audit_log WHERE action = 'break_glass.notice' ORDER BY actor_id`,
    );
    expect(notices.rows.map((r) => [r.actor_id, r.entity_id, r.detail['officerId']])).toEqual(
      [RECORDER.id, COLLEAGUE.id].sort().map((id) => [id, record.id, BREAKER.id]),
    );

    // Breaking glass again, already cleared, changes nothing and tells no one.
    await expectJson(await test.as(BREAKER, 'POST', `/cases/${caseNumber}/protected-access`, { reason: REASON }), 200);
    expect(connector.take()).toEqual([]);
  });

  it('sends a card that did not arrive once, from the notice sweep after the retry interval, and never again', async () => {
    const caseNumber = '1490-K000102-26';
    await caseWithColleague(caseNumber);
    const notices = async () =>
      (await test.server.database.query(`SELECT 1 FROM audit_log l JOIN cases c ON c.id::text = l.entity_id WHERE l.action = 'break_glass.notice' AND l.actor_id = $1 AND c.case_number = $2`, [COLLEAGUE.id, caseNumber])).rowCount;
    // The Bot Connector fails the colleague's card (the recorder's arrives).
    connector.failNext(conversationOf(COLLEAGUE), 1);
    await expectJson(await test.as(BREAKER, 'POST', `/cases/${caseNumber}/protected-access`, { reason: REASON }), 200);
    const first = connector.take().filter((c) => c.conversationId === conversationOf(COLLEAGUE));
    expect(first.map((c) => c.failed)).toEqual([true]);
    expect(await notices()).toBe(0);

    const sweep = test.server.noticeSweep!;
    // Its claim has not lapsed yet: nothing.
    ahead = 2 * 60_000;
    await sweep.tick();
    expect(connector.take()).toEqual([]);
    ahead = 6 * 60_000;
    await sweep.tick();
    const again = connector.take();
    expect(again.map((c) => [c.method, c.conversationId])).toEqual([['POST', conversationOf(COLLEAGUE)]]);
    expect(cardText(again[0]!)).toContain(text('sv', 'breakGlassNotice.card.title', { caseNumber }));
    expect(await notices()).toBe(1);
    // Settled: no later sweep sends it again.
    ahead = 60 * 60_000;
    await sweep.tick();
    expect(connector.take()).toEqual([]);
    expect(await notices()).toBe(1);
  });
});
