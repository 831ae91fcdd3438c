// Issue 15 notices over HTTP with the stand-in Bot Connector, on real
// PostgreSQL and on PGlite: a share sends its investigator a proactive card —
// the investigation's number, that something was shared, a Delade uppgifter
// button — and never the snapshot, the Bops case number or the reason; a
// refresh tells them again; a review tells the officer who made the
// assessment — case number, agree or regrade — never the reviewer's reason.
// Each card is one audited read by its recipient; nobody else gets a card; a
// reference the connector refuses (403) is marked and the share stands.
// Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { t as text } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { ConnectorStandIn, RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { expectJson } from './expectJson.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import type { TestOfficer, TestServer } from './testServer.js';

const SHARER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b501', roles: ['bops_officer'], region: 'syd' };
const REVIEWER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b502', roles: ['bops_officer'], region: 'syd' };
const INVESTIGATOR: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b503', roles: ['investigator'], region: 'syd' };
const OTHER_INVESTIGATOR: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b504', roles: ['investigator'], region: 'syd' };
const REMOVED_INVESTIGATOR: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000b505', roles: ['investigator'], region: 'syd' };
const EVERYONE = [SHARER, REVIEWER, INVESTIGATOR, OTHER_INVESTIGATOR, REMOVED_INVESTIGATOR];

const INVESTIGATION = '1500-K000901-26';
const SHARE_REASON = 'Förundersökningsledaren behöver riskbilden inför förhör.';
const REVIEW_REASON = 'Eskalering de senaste veckorna väger tyngre.';

const conversationOf = (officer: TestOfficer) => `a:notice-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('share and review notices over HTTP on %s', (engine) => {
  let test: TestServer;
  let connector: ConnectorStandIn;
  let serial = 0;
  const newCaseNumber = () => `1500-K${String(++serial).padStart(6, '0')}-26`;

  let chat: ConnectedTestServer;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: EVERYONE, conversationOf, greet: true });
    ({ test, connector } = chat);
  });
  afterAll(() => chat?.close());

  const post = (officer: TestOfficer, extra: Partial<Activity>) => chat.post(officer, extra);
  const auditRows = async (action: string, actorId: string) =>
    (await test.server.database.query<{ entity_id: string }>('SELECT entity_id FROM audit_log WHERE action = $1 AND actor_id = $2 ORDER BY id', [action, actorId])).rows.map((r) => r.entity_id);

  /** A case in syd assigned to the sharer with a completed SARA:SV assessment by them (hög/medel/låg). */
  async function assessedCase(): Promise<{ caseNumber: string; assessmentId: string }> {
    const caseNumber = newCaseNumber();
    await expectJson(await test.as(SHARER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(REVIEWER, 'PUT', `/cases/${caseNumber}/assignments/${SHARER.id}`), 200);
    const created = await completeStructuredAssessment(test.server, { caseNumber, region: 'syd', officerId: SHARER.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } });
    connector.take();
    return { caseNumber, assessmentId: created.id };
  }

  it('tells the investigator of a share and of its refresh — the investigation, not the snapshot — each an audited read; the button lists the share', async () => {
    const { caseNumber } = await assessedCase();
    const share = await expectJson<{ id: string }>(await test.as(SHARER, 'POST', `/cases/${caseNumber}/shares`, { investigationNumber: INVESTIGATION, recipients: [INVESTIGATOR.id], reason: SHARE_REASON }), 201);
    const calls = connector.take();
    expect(calls.map((c) => [c.method, c.conversationId])).toEqual([['POST', conversationOf(INVESTIGATOR)]]);
    const card = cardText(calls[0]!);
    expect(card).toContain(text('sv', 'shareNotice.card.title', { investigationNumber: INVESTIGATION }));
    expect(card).toContain(text('sv', 'button.sharedWithMe'));
    // Not the Bops case, not the reason, not a judgement of the snapshot.
    for (const hidden of [caseNumber, SHARE_REASON, text('sv', 'judgement.hog'), text('sv', 'judgement.medel')]) expect(card).not.toContain(hidden);
    expect(await auditRows('share.notice', INVESTIGATOR.id)).toEqual([share.id]);

    // The button answers like "delade uppgifter": the share, read (and audited) there.
    const readsBefore = (await auditRows('share.read', INVESTIGATOR.id)).length;
    const answer = await post(INVESTIGATOR, { type: 'message', replyToId: calls[0]!.responseId, value: submitActions(calls[0]!.activity.attachments?.[0]?.content)[0]!.data });
    expect(answer.length).toBeGreaterThan(0);
    expect(answer.every((c) => c.conversationId === conversationOf(INVESTIGATOR))).toBe(true);
    expect(answer.map((c) => (c.activity.attachments?.[0] ? cardText(c) : (c.activity.text ?? ''))).join('\n')).toContain(INVESTIGATION);
    expect((await auditRows('share.read', INVESTIGATOR.id)).length).toBeGreaterThan(readsBefore);

    await expectJson(await test.as(SHARER, 'POST', `/cases/${caseNumber}/shares/${share.id}/refresh`), 200);
    const refreshed = connector.take();
    expect(refreshed.map((c) => c.conversationId)).toEqual([conversationOf(INVESTIGATOR)]);
    expect(cardText(refreshed[0]!)).toContain(text('sv', 'shareNotice.card.refreshedTitle', { investigationNumber: INVESTIGATION }));
    expect(await auditRows('share.notice', INVESTIGATOR.id)).toEqual([share.id, share.id]);
    for (const other of [OTHER_INVESTIGATOR, SHARER, REVIEWER]) expect(await auditRows('share.notice', other.id)).toEqual([]);
  });

  it('tells the officer who made the assessment of a review — case, agree or regrade — never the reviewer\'s reason', async () => {
    const { caseNumber, assessmentId } = await assessedCase();
    const regrade = await expectJson<{ id: string }>(await test.as(REVIEWER, 'POST', `/assessments/${assessmentId}/reviews`, { verdict: 'regrade', judgements: { overall: 'medel', acute: 'medel' }, reason: REVIEW_REASON }), 201);
    const calls = connector.take();
    expect(calls.map((c) => [c.method, c.conversationId])).toEqual([['POST', conversationOf(SHARER)]]);
    const card = cardText(calls[0]!);
    expect(card).toContain(text('sv', 'reviewNotice.card.title', { caseNumber }));
    expect(card).toContain(text('sv', 'reviewNotice.card.regrade', { count: 2 }));
    expect(card).not.toContain(REVIEW_REASON);
    expect(await auditRows('review.notice', SHARER.id)).toEqual([regrade.id]);
    expect(await auditRows('review.notice', REVIEWER.id)).toEqual([]);

    const { assessmentId: second, caseNumber: secondCase } = await assessedCase();
    await expectJson(await test.as(REVIEWER, 'POST', `/assessments/${second}/reviews`, { verdict: 'agree' }), 201);
    const agreed = connector.take();
    expect(agreed.map((c) => c.conversationId)).toEqual([conversationOf(SHARER)]);
    expect(cardText(agreed[0]!)).toContain(text('sv', 'reviewNotice.card.title', { caseNumber: secondCase }));
    expect(cardText(agreed[0]!)).toContain(text('sv', 'reviewNotice.card.agree'));

    // A blind regrade is told only once it has its reason: until then it is no complete review.
    const { assessmentId: third } = await assessedCase();
    const { judgementKeys } = await expectJson<{ judgementKeys: string[] }>(await test.as(REVIEWER, 'GET', `/assessments/${third}/review-basis`), 200);
    const blind = await expectJson<{ id: string; reasonPending: boolean }>(await test.as(REVIEWER, 'POST', `/assessments/${third}/reviews`, { verdict: 'blind', judgements: Object.fromEntries(judgementKeys.map((k) => [k, 'medel'])) }), 201);
    expect(blind.reasonPending).toBe(true);
    expect(connector.take()).toEqual([]);
    await expectJson(await test.as(REVIEWER, 'PUT', `/assessments/${third}/reviews/${blind.id}/reason`, { reason: REVIEW_REASON }), 200);
    const told = connector.take();
    expect(told.map((c) => c.conversationId)).toEqual([conversationOf(SHARER)]);
    expect(cardText(told[0]!)).not.toContain(REVIEW_REASON);
    expect(await auditRows('review.notice', SHARER.id)).toContain(blind.id);
  });

  it('marks a reference the connector refuses (403); the share stands and is not audited as shown', async () => {
    const { caseNumber } = await assessedCase();
    connector.refuse(conversationOf(REMOVED_INVESTIGATOR));
    await expectJson(await test.as(SHARER, 'POST', `/cases/${caseNumber}/shares`, { investigationNumber: INVESTIGATION, recipients: [REMOVED_INVESTIGATOR.id], reason: SHARE_REASON }), 201);
    expect(connector.take().map((c) => [c.conversationId, c.refused])).toEqual([[conversationOf(REMOVED_INVESTIGATOR), true]]);
    const refused = await test.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM conversation_references WHERE officer_id = $1 AND refused_at IS NOT NULL', [REMOVED_INVESTIGATOR.id]);
    expect(refused.rows[0]!.n).toBe(1);
    expect(await auditRows('share.notice', REMOVED_INVESTIGATOR.id)).toEqual([]);
    // A second share is not sent into the refused chat.
    await expectJson(await test.as(SHARER, 'POST', `/cases/${caseNumber}/shares`, { investigationNumber: '1500-K000902-26', recipients: [REMOVED_INVESTIGATOR.id], reason: SHARE_REASON }), 201);
    expect(connector.take()).toEqual([]);
    const received = await expectJson<{ items: unknown[] }>(await test.as(REMOVED_INVESTIGATOR, 'GET', '/shares'), 200);
    expect(received.items).toHaveLength(2);
  });
});
