// Bad input in chat on the real bot and API over HTTP, with the stand-in Bot
// Connector, on real PostgreSQL and on PGlite.
// Issue 18, finding 5: a reason to discard a draft, or an escalation's handover
// note, holding a NUL or another control character is told once, by field and
// character, the card back as written and nothing stored; corrected, it is
// stored. Issue 17 ("a tampered card value"): a card's Action.Submit whose
// hidden ids were changed — to another officer's draft, another region's case,
// measure, share or assessment — or whose choice is none of the card's, stores
// nothing and gets a plain answer, never a 5xx. Officers and cases are fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../dialogs/messageCatalogue.js';
import { DISCARD_REASON_INPUT, ESCALATION_NOTE_INPUT, WORK_LIST_VERB } from '../dialogs/workListSubmit.js';
import { MEASURE_DECISION_VERB } from '../dialogs/measureDecisionSubmit.js';
import { REVIEW_VERB, SHARE_VERB } from '../dialogs/shareSubmit.js';
import { RRI_VERB } from '../dialogs/rriSubmit.js';
import { PLAN_PERSON_VERB } from '../dialogs/planPersonSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { cardsOf, startConnectedTestServer, textsOf, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { tableContents, withoutAuditTrail } from './tableContents.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import type { TestOfficer, TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f1800000-0000-4000-8000-00000000a001', roles: ['bops_officer'], region: 'mitt' };
const COLLEAGUE: TestOfficer = { id: 'f1800000-0000-4000-8000-00000000a002', roles: ['bops_officer'], region: 'mitt' };
const AWAY: TestOfficer = { id: 'f1800000-0000-4000-8000-00000000b001', roles: ['bops_officer'], region: 'syd' };
const INVESTIGATOR: TestOfficer = { id: 'f1800000-0000-4000-8000-00000000c001', roles: ['investigator'], region: 'syd' };
const EVERYONE = [OFFICER, COLLEAGUE, AWAY, INVESTIGATOR];

const conversationOf = (officer: TestOfficer) => `a:freetext-${officer.id}`;

describe.each(DATABASE_ENGINES)('free text and tampered cards in chat, over HTTP on %s', (engine) => {
  let chat: ConnectedTestServer;
  let test: TestServer;
  let serial = 0;
  const newCaseNumber = (region = '1800') => `${region}-K${String(++serial).padStart(6, '0')}-26`;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: EVERYONE, conversationOf, greet: true });
    test = chat.test;
  });
  afterAll(() => chat?.close());

  const post = (officer: TestOfficer, extra: Partial<Activity>) => chat.postInChat(officer, extra);
  const say = (officer: TestOfficer, text: string) => chat.say(officer, text);
  /** Presses the button of a card in the officer's chat, as Teams does, with what was typed into its inputs. */
  const press = (officer: TestOfficer, card: RecordedCall, pick: (a: { title: string; data: Record<string, unknown> }) => boolean, inputs: Record<string, string> = {}) => {
    const action = submitActions(card.activity.attachments?.[0]?.content).find(pick);
    if (!action) throw new Error(`no such button on ${adaptiveCardText(card.activity.attachments?.[0]?.content).slice(0, 300)}`);
    return post(officer, { type: 'message', replyToId: card.responseId, value: { ...action.data, ...inputs } });
  };
  const stored = async () => withoutAuditTrail(await tableContents(test.server.database));

  async function draftOf(officer: TestOfficer, caseNumber: string): Promise<string> {
    const { pack, hash } = test.server.methodology.active('bops-exempel');
    return (await expectJson<{ id: string }>(await test.as(officer, 'POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 201)).id;
  }

  /** A case of `officer`'s region with a completed structured assessment (judged high) and a plan with one proposed measure, assigned to them. */
  async function plannedCase(officer: TestOfficer, region: 'mitt' | 'syd'): Promise<{ caseNumber: string; assessmentId: string; planId: string; measureId: string }> {
    const caseNumber = newCaseNumber(region === 'mitt' ? '1800' : '1200');
    await expectJson(await test.as(officer, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(officer, 'PUT', `/cases/${caseNumber}/assignments/${officer.id}`), 200);
    const assessment = await completeStructuredAssessment(test.server, { caseNumber, region, officerId: officer.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } });
    const plan = await expectJson<{ id: string; measures: { id: string }[] }>(
      await test.as(officer, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: assessment.id, reassessOn: '2030-06-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: officer.id, followUpOn: '2030-03-01' }] }),
      201,
    );
    return { caseNumber, assessmentId: assessment.id, planId: plan.id, measureId: plan.measures[0]!.id };
  }

  it('names the control character in a discard reason once, stores nothing, and keeps the card; the corrected reason is stored', async () => {
    const caseNumber = newCaseNumber();
    const id = await draftOf(OFFICER, caseNumber);
    // The API itself refuses the text with a problem naming the field, never a 5xx.
    const direct = await test.as(OFFICER, 'POST', `/assessments/${id}/discard`, { reason: 'a\u0000b' });
    expect(direct.status).toBe(400);
    expect(((await direct.json()) as { errors: { path: unknown[] }[] }).errors.map((e) => e.path)).toEqual([['body', 'reason']]);

    const list = cardsOf(await say(OFFICER, 'mina utkast'))[0]!;
    const confirm = cardsOf(await press(OFFICER, list, (a) => a.data.action === 'discard' && a.data.caseNumber === caseNumber))[0]!;
    const before = await stored();
    const bad = 'Påbörjat två gånger\u0000, fel ärende.';
    const refused = await press(OFFICER, confirm, (a) => a.data.action === 'confirmDiscard', { [DISCARD_REASON_INPUT]: bad });
    const message = 'Skälet innehåller ett tecken som inte kan sparas (U+0000). Ta bort det och skicka igen.';
    expect(textsOf(refused)).toEqual([message]);
    expect(JSON.stringify(refused)).not.toContain(t('sv', 'work.actionFailed'));
    // The confirmation comes back for the same draft, holding the reason as written.
    const again = cardsOf(refused);
    expect(again).toHaveLength(1);
    expect(JSON.stringify(again[0]!.activity.attachments![0]!.content)).toContain('Påbörjat två gånger\\u0000, fel ärende.');
    expect(await stored()).toEqual(before);

    const corrected = await press(OFFICER, again[0]!, (a) => a.data.action === 'confirmDiscard', { [DISCARD_REASON_INPUT]: 'Påbörjat två gånger, fel ärende.' });
    expect(textsOf(corrected)).toEqual([t('sv', 'discard.done', { caseNumber })]);
    const { rows } = await test.server.database.query<{ status: string; discard_reason: string }>('SELECT status, discard_reason FROM assessments WHERE id = $1', [id]);
    expect(rows).toEqual([{ status: 'discarded', discard_reason: 'Påbörjat två gånger, fel ärende.' }]);
  });

  it('names the control character in a handover note once, escalates nothing, and keeps the note; the corrected note hands the case over', async () => {
    const { caseNumber } = await plannedCase(OFFICER, 'mitt');
    const card = cardsOf(await say(OFFICER, `eskalera ${caseNumber}`))[0]!;
    const before = await stored();
    const refused = await press(OFFICER, card, (a) => a.data.action === 'escalate', { [ESCALATION_NOTE_INPUT]: 'Hög risk\u001b, bedöm inom en vecka.' });
    expect(textsOf(refused)).toEqual(['Överlämningsanteckningen innehåller ett tecken som inte kan sparas (U+001B). Ta bort det och skicka igen.']);
    expect(JSON.stringify(cardsOf(refused)[0]!.activity.attachments![0]!.content)).toContain('Hög risk\\u001b, bedöm inom en vecka.');
    expect(await stored()).toEqual(before);

    const done = await press(OFFICER, cardsOf(refused)[0]!, (a) => a.data.action === 'escalate', { [ESCALATION_NOTE_INPUT]: 'Hög risk, bedöm inom en vecka.' });
    expect(textsOf(done)).toEqual([t('sv', 'escalation.done', { caseNumber })]);
    const { rows } = await test.server.database.query<{ note: string }>("SELECT r.note FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1 AND r.kind = 'in_depth'", [caseNumber]);
    expect(rows).toEqual([{ note: 'Hög risk, bedöm inom en vecka.' }]);
  });

  it('stores nothing from a card whose hidden ids point elsewhere or whose choice is none of the card’s, and answers each plainly, never with a 5xx', async () => {
    const own = await plannedCase(OFFICER, 'mitt');
    const ownDraftCase = newCaseNumber();
    const ownDraft = await draftOf(OFFICER, ownDraftCase);
    const colleagueDraft = await draftOf(COLLEAGUE, newCaseNumber());
    const away = await plannedCase(AWAY, 'syd');
    const awayDraft = await draftOf(AWAY, newCaseNumber('1200'));
    const awayShare = await expectJson<{ id: string }>(await test.as(AWAY, 'POST', `/cases/${away.caseNumber}/shares`, { investigationNumber: '1200-K009900-26', recipients: [INVESTIGATOR.id], reason: 'Inför förhör.' }), 201);
    const before = await stored();

    const tampered: [string, Record<string, unknown>][] = [
      ['discard another officer’s draft', { verb: WORK_LIST_VERB, action: 'confirmDiscard', assessmentId: colleagueDraft, caseNumber: ownDraftCase, version: 1, [DISCARD_REASON_INPUT]: 'Fel ärende.' }],
      ['discard another region’s draft', { verb: WORK_LIST_VERB, action: 'confirmDiscard', assessmentId: awayDraft, caseNumber: ownDraftCase, version: 1, [DISCARD_REASON_INPUT]: 'Fel ärende.' }],
      ['escalate another region’s case', { verb: WORK_LIST_VERB, action: 'escalate', caseNumber: away.caseNumber, [ESCALATION_NOTE_INPUT]: 'Hög risk.' }],
      ['decide another region’s measure under the officer’s own case', { verb: MEASURE_DECISION_VERB, action: 'save', caseNumber: own.caseNumber, measureId: away.measureId, version: 1, measureStatus: 'declined', declineReason: 'Avböjd.' }],
      ['decide another region’s measure under its own case', { verb: MEASURE_DECISION_VERB, action: 'save', caseNumber: away.caseNumber, measureId: away.measureId, version: 1, measureStatus: 'declined', declineReason: 'Avböjd.' }],
      ['a measure state that is none of the card’s', { verb: MEASURE_DECISION_VERB, action: 'save', caseNumber: own.caseNumber, measureId: own.measureId, version: 1, measureStatus: 'raderad', declineReason: 'x' }],
      ['withdraw another region’s share under the officer’s own case', { verb: SHARE_VERB, action: 'withdraw', caseNumber: own.caseNumber, shareId: awayShare.id, investigationNumber: '1200-K009900-26', withdrawReason: 'Fel utredning.' }],
      ['withdraw another region’s share under its own case', { verb: SHARE_VERB, action: 'withdraw', caseNumber: away.caseNumber, shareId: awayShare.id, investigationNumber: '1200-K009900-26', withdrawReason: 'Fel utredning.' }],
      ['review another region’s assessment', { verb: REVIEW_VERB, action: 'submit', caseNumber: away.caseNumber, assessmentId: away.assessmentId, grade_overall: 'lag', grade_seriousViolence: 'lag', grade_acute: 'lag' }],
      ['agree with one’s own assessment, named by id', { verb: REVIEW_VERB, action: 'agree', caseNumber: own.caseNumber, assessmentId: own.assessmentId }],
      ['record RRI in another region’s case', { verb: RRI_VERB, action: 'contact', caseNumber: away.caseNumber, rriContactDate: '2026-01-10', rriKind: 'telefon', rriAnswer: 'accepted', rriTalks: '1' }],
      ['an RRI kind that is none of the card’s', { verb: RRI_VERB, action: 'contact', caseNumber: own.caseNumber, rriContactDate: '2026-01-10', rriKind: 'drönare', rriAnswer: 'accepted', rriTalks: '1' }],
      ['name another region’s plan’s person under the officer’s own case', { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: own.caseNumber, planId: away.planId, protectedPerson: 'none' }],
      ['a person who is none of the card’s', { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: own.caseNumber, planId: own.planId, protectedPerson: '00000000-0000-4000-8000-00000000dead' }],
      ['take a referral that does not exist', { verb: WORK_LIST_VERB, action: 'takeReferral', referralId: '00000000-0000-4000-8000-00000000beef', caseNumber: own.caseNumber }],
    ];
    for (const [what, value] of tampered) {
      const replies = await post(OFFICER, { type: 'message', value });
      const said = textsOf(replies).join('\n');
      expect(said, what).not.toBe('');
      expect(said, what).not.toMatch(/internal|error|undefined|stack|\bat \w+ \(/i);
      expect(await stored(), what).toEqual(before);
    }
    // Among the answers, those that say what happened rather than "try again later".
    const discard = textsOf(await post(OFFICER, { type: 'message', value: tampered[0]![1] }));
    expect(discard).toEqual([t('sv', 'discard.refused')]);
    const choice = textsOf(await post(OFFICER, { type: 'message', value: tampered[11]![1] }));
    expect(choice[0]).toBe(t('sv', 'rri.invalid', { fields: t('sv', 'rri.field.kind') }));
    expect(textsOf(await post(OFFICER, { type: 'message', value: tampered[8]![1] }))).toEqual([t('sv', 'review.nothing')]);
    expect(textsOf(await post(OFFICER, { type: 'message', value: tampered[14]![1] }))).toEqual([t('sv', 'referral.notFound', { caseNumber: own.caseNumber })]);
    expect(await stored()).toEqual(before);
    // The drafts, the share and the measure are as they were; the officer's own draft too.
    const { rows } = await test.server.database.query<{ id: string; status: string }>('SELECT id, status FROM assessments WHERE id = ANY($1::uuid[]) ORDER BY id', [[ownDraft, colleagueDraft, awayDraft]]);
    expect(rows.map((r) => r.status)).toEqual(['draft', 'draft', 'draft']);

    // Neither the bot nor the API answered anything with a 5xx, and no turn failed.
    const metrics = await (await fetch(`${test.server.url}/metrics`)).text();
    const serverErrors = metrics.split('\n').filter((line) => /^bops_api_request_duration_seconds_count\{.*status_class="5xx"/.test(line) && !line.endsWith(' 0'));
    expect(serverErrors).toEqual([]);
    expect(metrics.split('\n').filter((line) => /^bops_turns_total\{.*outcome="failed"/.test(line) && !line.endsWith(' 0'))).toEqual([]);
  });
});
