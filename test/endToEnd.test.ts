// The whole product over real HTTP: Bot Framework activities POSTed to
// /api/messages go through CloudAdapter, teams-ai, the dialogs and the bot's
// HTTP client into the API, on real PostgreSQL and on PGlite, with the
// conversation state in memory and in real Redis; replies reach a stand-in
// connector; the result is then read back through the API with its audit rows.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { Redis } from 'ioredis';
import { assessmentListResponseSchema, assessmentResponseSchema, auditTrailResponseSchema } from '../api/assessmentContract.js';
import { t } from '../dialogs/messageCatalogue.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import { inboundActivity, startConnectorStandIn, type ConnectorStandIn, type RecordedCall } from './botConnectorStandIn.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { BOT_SERVICE_ID, startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER = '00000000-0000-4000-8000-0000000e2e01'; // fictitious Entra object id

const REASON = 'Hot om att döda och eskalering; strukturerad bedömning behövs.';

async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
type StateStore = 'memory' | 'redis';
const RUNS = DATABASE_ENGINES.flatMap((engine) => (['memory', 'redis'] as const).map((store): [typeof engine, StateStore] => [engine, store]));

describe.each(RUNS)('initial assessment end to end over HTTP on %s, state in %s', (engine, store) => {
  let test: TestServer;
  let connector: ConnectorStandIn;
  const conversationId = `a:e2e-${randomUUID()}`;
  const everySent: RecordedCall[] = [];
  // A prefix of its own per run: the officer's user state (language, mode) is theirs across conversations.
  const redisKeyPrefix = `bops-test-e2e-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const env: Record<string, string> = store === 'redis' ? { REDIS_URL, REDIS_KEY_PREFIX: redisKeyPrefix } : {};
    [test, connector] = await Promise.all([startTestServer({ engine, env }), startConnectorStandIn()]);
    expect(test.server.storageKind).toBe(store);
    expect(test.server.database.kind).toBe(engine);
  });
  afterAll(async () => {
    await test?.close();
    await connector?.close();
    if (store === 'redis') await deleteKeys(REDIS_URL, redisKeyPrefix);
  });

  /** Posts one activity like the Teams connector would and returns what the bot sent back during the turn. */
  type Turn = { status: number; replies: Partial<Activity>[]; replyIds: string[]; updates: RecordedCall[] };
  async function post(activity: Partial<Activity>): Promise<Turn> {
    const response = await fetch(`${test.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(inboundActivity({ serviceUrl: connector.serviceUrl, conversationId, officer: OFFICER }, activity)),
    });
    const calls = connector.take();
    everySent.push(...calls);
    for (const call of calls) expect(call.conversationId).toBe(conversationId);
    const sent = calls.filter((c) => c.method === 'POST');
    return { status: response.status, replies: sent.map((c) => c.activity), replyIds: sent.map((c) => c.responseId), updates: calls.filter((c) => c.method === 'PUT') };
  }

  const say = (text: string) => post({ type: 'message', text });
  /** Presses a button on the turn's last card, as Teams does: the submit names the card's activity in replyToId. */
  const click = async (turn: Turn, title: string, inputs: Record<string, string> = {}) => {
    const index = turn.replies.findLastIndex((r) => r.attachments?.length);
    const action = submitActions(turn.replies[index]?.attachments?.[0]?.content).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    const next = await post({ type: 'message', replyToId: turn.replyIds[index], value: { ...action.data, ...inputs } });
    // The pressed card is replaced by a neutral note, so no answer or reason stays in the chat history.
    expect(next.updates.map((u) => [u.activityId, adaptiveCardText(u.activity.attachments?.[0]?.content)])).toEqual([
      [turn.replyIds[index], t('sv', 'card.used')],
    ]);
    return next;
  };
  const texts = (replies: Partial<Activity>[]) => replies.map((r) => (r.attachments?.[0] ? adaptiveCardText(r.attachments[0].content) : r.text ?? ''));

  const CASE_NUMBER = store === 'memory' ? '5000-K765432-26' : '5000-K765433-26';

  it('guides the officer through the assessment and stores every answer, the decision, the reason and the audit rows', async () => {
    const start = await say('ny bedömning');
    expect(start.status).toBe(200);
    expect(texts(start.replies)).toEqual(['Ny bedömning: **Initial bedömning**. Ange ärendets diarienummer (till exempel 5000-K123456-25).']);

    let turn = await say(CASE_NUMBER);
    expect(texts(turn.replies)[1]).toContain('Fråga 1 av 17');
    const answers: [string, string][] = [
      ['1. Ja', 'hotbildsfraga'],
      ['1. Partner eller tidigare partner', 'relation'],
      ['3. Vet ej', 'tidigare_vald'],
      ['1. Ja', 'dodshot'],
      ['2. Nej', 'sjalvmordshot'],
      ['3. Vet ej', 'strypvald'],
      ['1. Ja', 'eskalering'],
      ['2. Nej', 'vapen'],
      ['2. Nej', 'forfoljelse'],
      ['2. Nej', 'overtradelse'],
      ['1. Ja', 'separation'],
      ['2. Nej', 'heder'],
      ['2. Nej', 'sexuellt_vald'],
      ['2. Nej', 'vald_mot_andra'],
      ['3. Vet ej', 'missbruk_psykisk_ohalsa'],
      ['1. Ja', 'barn'],
    ];
    for (const [button] of answers) {
      turn = await click(turn, button);
      expect(turn.status).toBe(200);
    }
    expect(texts(turn.replies)[0]).toMatch(/^Sammanfattning – Initial bedömning\nHotbildsfrågan: Ja\nRelation: Partner eller tidigare partner/);
    turn = await click(turn, '1. Remittera till Bops');
    expect(texts(turn.replies)[0]).toContain('Motivera ditt val');
    turn = await click(turn, 'Spara motivering', { rationale: REASON });
    // The dev officer is intake and Bops officer of the region: the referral (issue 12) offers the structured assessment at once, in this chat.
    expect(texts(turn.replies)).toEqual([
      expect.stringContaining(t('sv', 'referral.card.own')),
      expect.stringMatching(/^Bedömningen \(\*\*Initial bedömning\*\*\) är slutförd och sparad\. Referens: [0-9a-f]{8}\.$/),
      expect.stringMatching(/^Bedömningen som PDF för akten: \[öppna dokumentet\]\(http:\/\/[^)]+\/api\/v1\/document-links\/[A-Za-z0-9_-]{43}\)\. Länken är giltig i 5 minuter och kan öppnas en gång/),
    ]);
    // Issue 19: the link opens the case-file PDF without any token, for this officer, not cached.
    const link = /\((http[^)]+)\)/.exec(texts(turn.replies)[2]!)![1]!;
    const pdf = await fetch(link, { method: 'POST' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    // The chat never carried the reason back to the officer, nor the case number but on the referral card, which shows it by design.
    const everything = JSON.stringify(everySent.filter((c) => !JSON.stringify(c.activity).includes(t('sv', 'referral.card.own'))));
    expect(JSON.stringify(everySent)).not.toContain(REASON);
    expect(everySent.length).toBeGreaterThan(20);
    expect(everything).not.toContain(REASON);
    expect(everything).not.toContain(CASE_NUMBER);

    // Read back as a Bops officer of the region and check every answer.
    const reader: TestOfficer = { id: 'granskare-e2e', roles: ['bops_officer'], region: 'stockholm' };
    const list = assessmentListResponseSchema.parse(await (await test.as(reader, 'GET', `/cases/${CASE_NUMBER}/assessments`)).json());
    expect(list.items).toHaveLength(1);
    const summary = list.items[0]!;
    expect(summary).toMatchObject({ status: 'completed', officerId: OFFICER, region: 'stockholm', level: 'initial', instrumentId: 'initial' });
    expect(summary.pack.hash).toBe(test.server.methodology.active('bops-exempel').hash);

    const read = await test.as(reader, 'GET', `/assessments/${summary.id}`);
    const assessment = assessmentResponseSchema.parse(await read.json());
    const stored = Object.fromEntries(assessment.answers.map((a) => [a.itemId, a]));
    const expectedCodes: Record<string, string> = {
      hotbildsfraga: 'ja', relation: 'nara_relation', tidigare_vald: 'vet_ej', dodshot: 'ja', eskalering: 'ja',
      vapen: 'nej', forfoljelse: 'nej', overtradelse: 'nej', separation: 'ja', heder: 'nej', beslut: 'remittera',
      sjalvmordshot: 'nej', strypvald: 'vet_ej', sexuellt_vald: 'nej', vald_mot_andra: 'nej', missbruk_psykisk_ohalsa: 'vet_ej', barn: 'ja',
    };
    expect(Object.fromEntries(assessment.answers.map((a) => [a.itemId, a.value]))).toEqual(expectedCodes);
    expect(stored.beslut?.rationale).toBe(REASON);
    for (const a of assessment.answers) expect(a.answeredBy).toBe(OFFICER);

    // The audit trail: the create, every answer and the completion done by the bot for the officer, then our reads.
    const auditor: TestOfficer = { id: 'revisor-e2e', roles: ['auditor'], region: 'stockholm' };
    const trail = auditTrailResponseSchema.parse(await (await test.as(auditor, 'GET', `/assessments/${summary.id}/audit`)).json());
    const actions = trail.items.map((r) => r.action);
    expect(actions.filter((a) => a === 'assessment.answer')).toHaveLength(17);
    expect(actions[0]).toBe('assessment.create');
    expect(actions).toContain('assessment.complete');
    expect(actions.at(-1)).toBe('assessment.read');
    const byBot = trail.items.filter((r) => r.action !== 'assessment.read' && r.action !== 'assessment.document');
    expect(byBot).toHaveLength(20);
    for (const row of byBot) expect(row).toMatchObject({ actorId: OFFICER, viaId: BOT_SERVICE_ID });
    // The link issued by the bot after the completion, and the download through it, both the officer's.
    expect(actions.filter((a) => a === 'assessment.document_link')).toHaveLength(1);
    expect(trail.items.filter((r) => r.action === 'assessment.document')).toEqual([expect.objectContaining({ actorId: OFFICER, viaId: 'document-link' })]);
    expect(trail.items.at(-1)).toMatchObject({ actorId: 'granskare-e2e', viaId: null });
    expect(JSON.stringify(trail)).not.toContain(REASON);
  });

  it('hands the officer the case-file PDF on "dokument <diarienummer>" by a link in the personal chat, in the chosen language, and never in a group chat (issue 19)', async () => {
    const linksIssued = async () => (await test.server.database.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'assessment.document_link' AND actor_id = $1", [OFFICER])).rows[0] as { n: number };
    const before = (await linksIssued()).n;
    // A group chat, where others read along: no link, the officer is sent to the personal chat.
    const shared = await post({ type: 'message', text: `dokument ${CASE_NUMBER}`, conversation: { id: conversationId, conversationType: 'groupChat', isGroup: true, tenantId: 'tenant-fiktiv' } as Activity['conversation'] });
    // The one-line refusal (issue 13, item 5), with or without a link to the personal chat depending on the bot id Teams gives.
    expect(texts(shared.replies)).toEqual([expect.stringMatching(/^Bedömningar gör jag bara i .*personlig chatt/)]);
    expect((await linksIssued()).n).toBe(before);

    expect(texts((await say('dokument')).replies)).toEqual([t('sv', 'documentLink.askCaseNumber')]);
    const personal = await say(`dokument ${CASE_NUMBER}`);
    expect(texts(personal.replies)).toEqual([expect.stringMatching(/^Bedömningen som PDF för akten: \[öppna dokumentet\]\(http[^)]+\/api\/v1\/document-links\/[A-Za-z0-9_-]{43}\)\. Länken är giltig i 5 minuter och kan öppnas en gång/)]);
    expect(texts(personal.replies)[0]).not.toContain(CASE_NUMBER);
    const swedish = await fetch(/\((http[^)]+)\)/.exec(texts(personal.replies)[0]!)![1]!, { method: 'POST' });
    expect(swedish.status).toBe(200);
    expect(swedish.headers.get('content-type')).toMatch(/^application\/pdf/);
    expect(swedish.headers.get('content-language')).toBe('sv');

    await say('english');
    const english = await say(`document ${CASE_NUMBER}`);
    expect(texts(english.replies)).toEqual([expect.stringMatching(/^The assessment as a PDF for the case file: \[open the document\]\(http[^)]+\)\. The link is valid for 5 minutes and opens once/)]);
    const pdf = await fetch(/\((http[^)]+)\)/.exec(texts(english.replies)[0]!)![1]!, { method: 'POST' });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-language')).toBe('en');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    await say('svenska');
    expect((await linksIssued()).n).toBe(before + 2);
  });

  it('answers bad activities with problems, not crashes, and keeps the conversation usable', async () => {
    const malformed = await fetch(`${test.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toContain('application/problem+json');
    const huge = await fetch(`${test.server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'message', text: 'x'.repeat(400_000) }) });
    expect(huge.status).toBe(413);
    const after = await say('hjälp');
    expect(after.status).toBe(200);
    expect(texts(after.replies)[0]).toMatch(/^Kommandon:/);
  });
});
