// "granska <diarienummer>" (issue 15, item 4) on the real stack: the bot's
// command, through its HTTP client and service token acting for the
// reviewer, against the real API on PGlite. An open review shows the first
// officer's judgements with their reasons as the pack's labels; a regrade
// without its reason saves nothing; one with it is stored beside the
// assessment with its reason, the original judgements unchanged; after the
// open look a blind review is refused as no longer possible; one's own
// assessment and an officer of another region are refused plainly. Officers
// and cases are fictitious. The blind card shows the answers graded from,
// never the judgements. A blind review that grades otherwise, on the real bot
// with the stand-in Bot Connector: a fresh reviewer types the command, grades
// blind, is shown the original beside their fixed grades and gives the
// reason; the review is stored blind with their grades and the reason, and
// the officer who made the assessment is told once — when the reason is in,
// not before.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../bot/logger.js';
import type { OfficerRef } from '../dialogs/assessmentApi.js';
import type { OutgoingMessage } from '../dialogs/cardRenderer.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { ShareCommand } from '../dialogs/shareCommand.js';
import { shareSubmitOf, type ShareSubmit } from '../dialogs/shareSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const AUTHOR: TestOfficer = { id: 'officer-rchat-1', roles: ['bops_officer'], region: 'vast' };
const REVIEWER: TestOfficer = { id: 'officer-rchat-2', roles: ['bops_officer'], region: 'vast' };
const AWAY: TestOfficer = { id: 'officer-rchat-3', roles: ['bops_officer'], region: 'nord' };
// Väst names its reviewer: a colleague of the region reads the case but does not review.
const COLLEAGUE: TestOfficer = { id: 'officer-rchat-4', roles: ['bops_officer'], region: 'vast' };
const CASE_NUMBER = '1700-K000401-26';
const ORIGINAL = { overall: 'medel', seriousViolence: 'lag', acute: 'lag' };

const cardOf = (messages: OutgoingMessage[]) => {
  const card = messages.find((m) => m.kind === 'card');
  if (!card || card.kind !== 'card') throw new Error(`no card: ${JSON.stringify(messages).slice(0, 200)}`);
  return card.card;
};
const textsOf = (messages: OutgoingMessage[]) => messages.flatMap((m) => (m.kind === 'text' ? [m.text] : []));
const press = (messages: OutgoingMessage[], title: string, inputs: Record<string, string> = {}): ShareSubmit => {
  const action = submitActions(cardOf(messages)).find((a) => a.title === title);
  if (!action) throw new Error(`no button ${title}`);
  return shareSubmitOf({ ...action.data, ...inputs })!;
};

describe.each(DATABASE_ENGINES)('granska in chat, on the real stack (%s)', (engine) => {
  let test: TestServer;
  let command: ShareCommand;
  let assessmentId: string;

  beforeAll(async () => {
    test = await startTestServer({ engine, env: { REVIEWERS_BY_REGION: `vast=${REVIEWER.id}` } });
    await test.provision([AUTHOR, REVIEWER, AWAY, COLLEAGUE]);
    // A completed SARA:SV by the author, the overall judgement with its reason.
    const answers = [
      { itemId: 'information_tillracklig', value: 'ja', rationale: null },
      { itemId: 'samlad_risk', value: ORIGINAL.overall, rationale: 'Fiktiv motivering: hot upprepade under hösten.' },
    ];
    assessmentId = (await completeStructuredAssessment(test.server, { caseNumber: CASE_NUMBER, region: 'vast', officerId: AUTHOR.id, instrumentId: 'sarasv', judgements: ORIGINAL, answers })).id;
    const client = new HttpAssessmentApi({ baseUrl: () => test.server.url, serviceToken: () => test.serviceToken() });
    command = new ShareCommand({ methodology: test.server.methodology, api: client, sharing: client, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: createLogger('silent') });
  });
  afterAll(() => test?.close());

  const reviewsStored = async () =>
    (await test.server.database.query<{ reviewer_id: string; blind: boolean; verdict: string; judgements: Record<string, string>; original: Record<string, string>; reason: string | null }>(
      'SELECT reviewer_id, blind, verdict, judgements, original, reason FROM assessment_reviews WHERE assessment_id = $1 ORDER BY created_at',
      [assessmentId],
    )).rows;

  it('refuses one’s own assessment and a colleague who is not the region’s reviewer plainly; another region finds nothing; nothing stored', async () => {
    expect(textsOf(await command.showReview(AUTHOR as OfficerRef, CASE_NUMBER, 'sv'))).toEqual([t('sv', 'review.own')]);
    expect(textsOf(await command.showReview(COLLEAGUE as OfficerRef, CASE_NUMBER, 'sv'))).toEqual([t('sv', 'review.notAllowed')]);
    expect(textsOf(await command.showReview(COLLEAGUE as OfficerRef, CASE_NUMBER, 'en'))).toEqual([t('en', 'review.notAllowed')]);
    // The API shows another region nothing of the case, so the chat cannot tell it exists.
    expect(textsOf(await command.showReview(AWAY as OfficerRef, CASE_NUMBER, 'sv'))).toEqual([t('sv', 'review.nothing')]);
    expect(await reviewsStored()).toEqual([]);
  });

  it('open: shows the judgements and reasons as labels, refuses a regrade without its reason, stores one with it beside the unchanged original', async () => {
    const first = await command.showReview(REVIEWER, CASE_NUMBER.toLowerCase(), 'sv');
    expect(adaptiveCardText(cardOf(first))).toContain('Granskning: SARA:SV i ärende 1700-K000401-26');
    const open = await command.act(REVIEWER, press(first, 'Fortsätt', { reviewMode: 'open' }), 'sv');
    const openText = adaptiveCardText(cardOf(open));
    expect(openText).toContain('**Samlad risk:** Medel\nMotivering: Fiktiv motivering: hot upprepade under hösten.');
    expect(openText).toContain('**Akut risk:** Låg\nIngen motivering angiven.');
    expect(openText).not.toMatch(/\b(hog|medel|lag)\b/);

    const form = await command.act(REVIEWER, press(open, 'Gradera om'), 'sv');
    const unreasoned = await command.act(REVIEWER, press(form, 'Spara omgradering', { grade_overall: 'hog' }), 'sv');
    expect(textsOf(unreasoned)[0]).toBe('Motivera varje omgradering: Samlad risk saknar motivering. Inget sparades.');
    expect(await reviewsStored()).toEqual([]);

    const saved = textsOf(await command.act(REVIEWER, press(unreasoned, 'Spara omgradering', { grade_overall: 'hog', reason_overall: 'Eskalering de senaste veckorna väger tyngre.' }), 'sv'));
    expect(saved).toEqual([t('sv', 'review.done'), 'Samlad risk: din Hög · ursprunglig Medel\n\nRisk för allvarligt våld: din Låg · ursprunglig Låg\n\nAkut risk: din Låg · ursprunglig Låg']);
    expect(await reviewsStored()).toEqual([
      { reviewer_id: REVIEWER.id, blind: false, verdict: 'regrade', judgements: { ...ORIGINAL, overall: 'hog' }, original: ORIGINAL, reason: 'Eskalering de senaste veckorna väger tyngre.' },
    ]);
    // The original is never changed: the assessment's own judgements and answer stand as they were.
    const assessment = await test.server.database.query<{ judgements: Record<string, string> }>("SELECT derived->'judgements' AS judgements FROM assessments WHERE id = $1", [assessmentId]);
    expect(assessment.rows[0]!.judgements).toEqual(ORIGINAL);
    const answer = await test.server.database.query<{ value: string; rationale: string }>("SELECT value, rationale FROM assessment_answers WHERE assessment_id = $1 AND item_id = 'samlad_risk'", [assessmentId]);
    expect(answer.rows).toEqual([{ value: 'medel', rationale: 'Fiktiv motivering: hot upprepade under hösten.' }]);
    // One audit row of the review, naming the reviewer.
    const audit = await test.server.database.query<{ actor_id: string; detail: Record<string, unknown> }>("SELECT actor_id, detail FROM audit_log WHERE action = 'assessment.review' AND detail->>'assessmentId' = $1", [assessmentId]);
    expect(audit.rows).toEqual([{ actor_id: REVIEWER.id, detail: expect.objectContaining({ blind: false, verdict: 'regrade', regraded: ['overall'] }) }]);
  });

  it('refuses a blind review once the reviewer has seen the original, saving nothing', async () => {
    const first = await command.showReview(REVIEWER, CASE_NUMBER, 'en');
    const blind = await command.act(REVIEWER, press(first, 'Continue', { reviewMode: 'blind' }), 'en');
    // The reviewer grades from the first officer's answers, as labels of the pack version, the judgements withheld.
    const blindText = adaptiveCardText(cardOf(blind));
    expect(blindText).toContain(`${t('en', 'review.basis')}\nSufficient information: Yes\n<grade_overall:`);
    expect(blindText).not.toContain('Overall risk: Moderate');
    const before = (await reviewsStored()).length;
    const refused = await command.act(REVIEWER, press(blind, 'Send review', { grade_overall: 'medel', grade_seriousViolence: 'lag', grade_acute: 'lag' }), 'en');
    expect(textsOf(refused)).toEqual([t('en', 'review.originalSeen')]);
    expect(await reviewsStored()).toHaveLength(before);
  });
});

// Syd names no reviewers: any second Bops officer of the region reviews there.
const BLIND_AUTHOR: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000d701', roles: ['bops_officer'], region: 'syd' };
const BLIND_REVIEWER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000d702', roles: ['bops_officer'], region: 'syd' };
const BLIND_CASE_NUMBER = '1500-K000731-26';
const BLIND_REASON = 'Fiktiv: upprepade hot under hösten väger tyngre än bedömt.';
const chatOf = (officer: TestOfficer) => `a:review-chat-${officer.id}`;

describe.each(DATABASE_ENGINES)('a blind review that differs, on the real bot and API (%s)', (engine) => {
  let chat: ConnectedTestServer;
  let assessmentId: string;

  beforeAll(async () => {
    // Both talk to the bot first (their chat references stored), before the case exists: the reviewer has seen nothing of it.
    chat = await startConnectedTestServer({ engine, officers: [BLIND_AUTHOR, BLIND_REVIEWER], conversationOf: chatOf, greet: true });
    assessmentId = (await completeStructuredAssessment(chat.test.server, { caseNumber: BLIND_CASE_NUMBER, region: 'syd', officerId: BLIND_AUTHOR.id, instrumentId: 'sarasv', judgements: ORIGINAL })).id;
    chat.connector.take();
  });
  afterAll(() => chat?.close());

  const cardIn = (calls: RecordedCall[]) => {
    const call = calls.find((c) => c.activity.attachments?.[0]);
    if (!call) throw new Error(`no card: ${JSON.stringify(calls.map((c) => c.activity.text)).slice(0, 300)}`);
    return { call, card: call.activity.attachments![0]!.content };
  };
  /** Presses the card's button titled `title` with the inputs filled in, as Teams sends an Action.Submit. */
  const press = (shown: RecordedCall[], title: string, inputs: Record<string, string> = {}) => {
    const { call, card } = cardIn(shown);
    const action = submitActions(card).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title}`);
    return chat.post(BLIND_REVIEWER, { type: 'message', replyToId: call.responseId, value: { ...action.data, ...inputs } } as Partial<Activity>);
  };
  const toAuthor = (calls: RecordedCall[]) => calls.filter((c) => c.conversationId === chatOf(BLIND_AUTHOR));
  const textsIn = (calls: RecordedCall[]) => calls.flatMap((c) => (c.activity.text ? [c.activity.text] : []));
  const stored = async () =>
    (await chat.test.server.database.query<{ id: string; reviewer_id: string; blind: boolean; verdict: string; judgements: Record<string, string>; original: Record<string, string>; reason: string | null }>(
      'SELECT id, reviewer_id, blind, verdict, judgements, original, reason FROM assessment_reviews WHERE assessment_id = $1',
      [assessmentId],
    )).rows;
  const noticesToAuthor = async () =>
    (await chat.test.server.database.query<{ entity_id: string }>(`SELECT entity_id FROM audit_log WHERE action = 'review.notice' AND actor_id = $1`, [BLIND_AUTHOR.id])).rows.map((r) => r.entity_id);

  it('stores the blind grades, takes the reason on the card that follows, and tells the author only once the reason is saved', async () => {
    const asked = await chat.post(BLIND_REVIEWER, { type: 'message', text: `granska ${BLIND_CASE_NUMBER}` });
    expect(adaptiveCardText(cardIn(asked).card)).toContain(`Granskning: SARA:SV i ärende ${BLIND_CASE_NUMBER}`);
    const blindCard = await press(asked, t('sv', 'review.modeSubmit'), { reviewMode: 'blind' });
    // Graded blind: the original's level is nowhere on the card.
    expect(adaptiveCardText(cardIn(blindCard).card)).not.toContain('Samlad risk: Medel');

    // The overall risk graded higher than the author did, the others as they did.
    const graded = await press(blindCard, t('sv', 'review.submit'), { grade_overall: 'hog', grade_seriousViolence: 'lag', grade_acute: 'lag' });
    expect(textsIn(graded)).toContain(t('sv', 'review.blindDiffers'));
    const reasonCard = adaptiveCardText(cardIn(graded).card);
    expect(reasonCard).toContain(t('sv', 'review.blindReasonTitle', { caseNumber: BLIND_CASE_NUMBER }));
    expect(reasonCard).toContain('Hög');
    expect(reasonCard).toContain('Medel');
    // Stored as graded blind, its reason still to come; the author has heard nothing.
    const [pending] = await stored();
    expect(await stored()).toEqual([{ id: expect.any(String), reviewer_id: BLIND_REVIEWER.id, blind: true, verdict: 'regrade', judgements: { ...ORIGINAL, overall: 'hog' }, original: ORIGINAL, reason: null }]);
    expect(toAuthor(graded)).toEqual([]);
    expect(await noticesToAuthor()).toEqual([]);

    const saved = await press(graded, t('sv', 'review.blindReasonSubmit'), { reason_overall: BLIND_REASON });
    expect(textsIn(saved.filter((c) => c.conversationId === chatOf(BLIND_REVIEWER)))).toEqual([
      t('sv', 'review.done'),
      'Samlad risk: din Hög · ursprunglig Medel\n\nRisk för allvarligt våld: din Låg · ursprunglig Låg\n\nAkut risk: din Låg · ursprunglig Låg',
    ]);
    // The grades stay as given blind; the reason is the review's own.
    expect(await stored()).toEqual([{ ...pending, reason: BLIND_REASON }]);
    const reviewRow = await expectJson<{ items: { id: string; blind: boolean; judgements: Record<string, string>; reason: string | null; reasonPending: boolean }[] }>(
      await chat.test.as(BLIND_AUTHOR, 'GET', `/assessments/${assessmentId}/reviews`),
      200,
    );
    expect(reviewRow.items).toEqual([expect.objectContaining({ id: pending!.id, blind: true, judgements: { ...ORIGINAL, overall: 'hog' }, reason: BLIND_REASON, reasonPending: false })]);

    // Now, and once, the author is told: one card, one audited notice — never the reason.
    const told = toAuthor(saved);
    expect(told).toHaveLength(1);
    const notice = adaptiveCardText(told[0]!.activity.attachments?.[0]?.content);
    expect(notice).toContain(t('sv', 'reviewNotice.card.title', { caseNumber: BLIND_CASE_NUMBER }));
    expect(notice).toContain(t('sv', 'reviewNotice.card.regrade', { count: 1 }));
    expect(notice).not.toContain(BLIND_REASON);
    expect(await noticesToAuthor()).toEqual([pending!.id]);
    // The review and its reason are one row each, for the second look.
    const rows = await chat.test.server.database.query<{ actor_id: string; action: string; purpose: string }>(
      `SELECT actor_id, action, purpose FROM audit_log WHERE action IN ('assessment.review', 'review.reason') AND entity_id = $1 ORDER BY id`,
      [pending!.id],
    );
    expect(rows.rows).toEqual([
      { actor_id: BLIND_REVIEWER.id, action: 'assessment.review', purpose: 'bops.second_look' },
      { actor_id: BLIND_REVIEWER.id, action: 'review.reason', purpose: 'bops.second_look' },
    ]);
  });
});
