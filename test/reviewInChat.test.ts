// "granska <diarienummer>" (issue 15, item 4) on the real stack: the bot's
// command, through its HTTP client and service token acting for the
// reviewer, against the real API on PGlite. An open review shows the first
// officer's judgements with their reasons as the pack's labels; a regrade
// without its reason saves nothing; one with it is stored beside the
// assessment with its reason, the original judgements unchanged; after the
// open look a blind review is refused as no longer possible; one's own
// assessment and an officer of another region are refused plainly. Officers
// and cases are fictitious. The blind card shows the answers graded from,
// never the judgements.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../bot/logger.js';
import type { OfficerRef } from '../dialogs/assessmentApi.js';
import type { OutgoingMessage } from '../dialogs/cardRenderer.js';
import { HttpAssessmentApi } from '../dialogs/httpAssessmentApi.js';
import { t } from '../dialogs/messageCatalogue.js';
import { ShareCommand } from '../dialogs/shareCommand.js';
import { shareSubmitOf, type ShareSubmit } from '../dialogs/shareSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
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
