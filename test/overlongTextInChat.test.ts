// Over-long free text on a card, on the real bot and API over HTTP with the
// stand-in Bot Connector, on real PostgreSQL. Teams does not always hold an
// officer to an Input.Text's maxLength (and a tampered client sends anything):
// a text longer than the API's limit for its field — longer even than the
// card's old caps, which refused the whole card as not recognised and lost
// what was written — is answered by field, limit and length, the card comes
// back with everything entered still in it, nothing is stored, and the
// shortened text then goes through. Every card with a free-text field: a
// draft's discard reason, an escalation's handover note, a measure's decline
// reason, a share's reason, a share's withdrawal reason, a blind review's
// reason, an open review's regrade reason, an assessment's reason on its
// question card. Officers and cases are fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VALUE_JSON_LENGTH } from '../bot/activityGate.js';
import { CARD_INPUT_MAX_LENGTH } from '../dialogs/cardInput.js';
import { t } from '../dialogs/messageCatalogue.js';
import { MEASURE_DECISION_VERB, MEASURE_INPUTS } from '../dialogs/measureDecisionSubmit.js';
import { REGRADE_REASON_INPUTS, REVIEW_INPUTS, REVIEW_MODE_INPUT, SHARE_INPUTS, WITHDRAW_REASON_INPUT } from '../dialogs/shareSubmit.js';
import { DISCARD_REASON_INPUT, ESCALATION_NOTE_INPUT } from '../dialogs/workListSubmit.js';
import { submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { cardsOf, startConnectedTestServer, textsOf, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { tableContents, withoutAuditTrail } from './tableContents.js';
import type { TestOfficer, TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f1900000-0000-4000-8000-00000000a001', roles: ['bops_officer'], region: 'mitt' };
const AUTHOR: TestOfficer = { id: 'f1900000-0000-4000-8000-00000000a002', roles: ['bops_officer'], region: 'mitt' };
const REVIEWER: TestOfficer = { id: 'f1900000-0000-4000-8000-00000000a003', roles: ['bops_officer'], region: 'mitt' };
const INVESTIGATOR: TestOfficer = { id: 'f1900000-0000-4000-8000-00000000c001', roles: ['investigator'], region: 'mitt' };
const EVERYONE = [OFFICER, AUTHOR, REVIEWER, INVESTIGATOR];

const conversationOf = (officer: TestOfficer) => `a:longtext-${officer.id}`;
/** Longer than every field's limit and than the card caps before this fix (4000), as a paste of a long text would be; lines kept. */
const OVERLONG = `Fiktiv text inklistrad från ett annat dokument.\n${'Hotbilden har förändrats över tid. '.repeat(180)}`.trim();
const shortened = (text: string) => text.slice(0, 200).trim();

describe('over-long free text on a card, over HTTP on PostgreSQL', () => {
  let chat: ConnectedTestServer;
  let test: TestServer;
  let serial = 0;
  const newCaseNumber = () => `1900-K${String(++serial).padStart(6, '0')}-26`;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine: 'postgres', officers: EVERYONE, conversationOf, greet: true, env: { REVIEWERS_BY_REGION: `mitt=${REVIEWER.id}` } });
    test = chat.test;
  });
  afterAll(() => chat?.close());

  const post = (officer: TestOfficer, extra: Partial<Activity>) => chat.postInChat(officer, extra);
  const say = (officer: TestOfficer, text: string) => chat.say(officer, text);
  const onlyCard = (calls: RecordedCall[]) => {
    const cards = cardsOf(calls);
    expect(cards, textsOf(calls).join('\n')).toHaveLength(1);
    return cards[0]!;
  };
  /** The card's inputs, by id: their value, and the limit the Teams client holds the officer to. */
  const inputsOf = (card: RecordedCall) => {
    const found: Record<string, { value?: unknown; maxLength?: unknown }> = {};
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      else if (node && typeof node === 'object') {
        const element = node as Record<string, unknown>;
        if (typeof element.type === 'string' && element.type.startsWith('Input.') && typeof element.id === 'string') found[element.id] = { value: element.value, maxLength: element.maxLength };
        Object.values(element).forEach(visit);
      }
    };
    visit(card.activity.attachments?.[0]?.content);
    return found;
  };
  /** Presses the button of a card in the officer's chat, as Teams does: the card's inputs as shown, with what was typed into them. */
  const press = (officer: TestOfficer, card: RecordedCall, pick: (a: { title: string; data: Record<string, unknown> }) => boolean, inputs: Record<string, string> = {}) => {
    const action = submitActions(card.activity.attachments?.[0]?.content).find(pick);
    if (!action) throw new Error(`no such button on ${JSON.stringify(card.activity.attachments?.[0]?.content).slice(0, 300)}`);
    const shown = Object.fromEntries(Object.entries(inputsOf(card)).flatMap(([id, input]) => (input.value === undefined ? [] : [[id, String(input.value)]])));
    return post(officer, { type: 'message', replyToId: card.responseId, value: { ...action.data, ...shown, ...inputs } });
  };
  const stored = async () => withoutAuditTrail(await tableContents(test.server.database));
  /** What the officer is told of the over-long text, naming the field as the catalogue does. */
  const tooLong = (field: string, max: number, text = OVERLONG) => t('sv', 'textFault.length', { field, max, length: text.trim().length });

  /**
   * Sends OVERLONG in `input` from `card`'s button, expects the specific message, the same card back holding
   * every input sent and the field's limit as its maxLength, and nothing stored; returns the card shown again.
   */
  async function refusedAndKept(officer: TestOfficer, card: RecordedCall, pick: Parameters<typeof press>[2], input: string, inputs: Record<string, string>, message: string, max: number) {
    expect(inputsOf(card)[input]?.maxLength, `${input} on the card as first shown`).toBe(max);
    const before = await stored();
    const refused = await press(officer, card, pick, { ...inputs, [input]: OVERLONG });
    expect(textsOf(refused)).toEqual([message]);
    const again = onlyCard(refused);
    const kept = inputsOf(again);
    for (const [id, value] of Object.entries({ ...inputs, [input]: OVERLONG })) expect(kept[id]?.value, id).toBe(value);
    expect(kept[input]!.maxLength).toBe(max);
    expect(await stored()).toEqual(before);
    return again;
  }

  async function draftOf(officer: TestOfficer, caseNumber: string): Promise<string> {
    const { pack, hash } = test.server.methodology.active('bops-exempel');
    return (await expectJson<{ id: string }>(await test.as(officer, 'POST', '/assessments', { caseNumber, level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash } }), 201)).id;
  }

  /** A case of the officer's with a completed structured assessment by `author` and a plan with one proposed measure. */
  async function plannedCase(author = OFFICER): Promise<{ caseNumber: string; assessmentId: string; measureId: string }> {
    const caseNumber = newCaseNumber();
    await expectJson(await test.as(OFFICER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(OFFICER, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`), 200);
    const assessment = await completeStructuredAssessment(test.server, { caseNumber, region: 'mitt', officerId: author.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } });
    const plan = await expectJson<{ measures: { id: string }[] }>(
      await test.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: assessment.id, reassessOn: '2030-06-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id, followUpOn: '2030-03-01' }] }),
      201,
    );
    return { caseNumber, assessmentId: assessment.id, measureId: plan.measures[0]!.id };
  }

  it('reads a card input as long as any the activity gate lets through: the bound protects the server, never the officer’s text', () => {
    expect(CARD_INPUT_MAX_LENGTH).toBeGreaterThanOrEqual(MAX_VALUE_JSON_LENGTH);
  });

  it('a discard reason: told by field, limit and length, the confirmation back holding it, nothing discarded; shortened, discarded', async () => {
    const caseNumber = newCaseNumber();
    const id = await draftOf(OFFICER, caseNumber);
    const list = onlyCard(await say(OFFICER, 'mina utkast'));
    const confirm = onlyCard(await press(OFFICER, list, (a) => a.data.action === 'discard' && a.data.caseNumber === caseNumber));
    const again = await refusedAndKept(OFFICER, confirm, (a) => a.data.action === 'confirmDiscard', DISCARD_REASON_INPUT, {}, tooLong('Skälet', 1000), 1000);
    const done = await press(OFFICER, again, (a) => a.data.action === 'confirmDiscard', { [DISCARD_REASON_INPUT]: shortened(OVERLONG) });
    expect(textsOf(done)).toEqual([t('sv', 'discard.done', { caseNumber })]);
    const { rows } = await test.server.database.query<{ status: string; discard_reason: string }>('SELECT status, discard_reason FROM assessments WHERE id = $1', [id]);
    expect(rows).toEqual([{ status: 'discarded', discard_reason: shortened(OVERLONG) }]);
  });

  it('a handover note: told by field, limit and length, the escalation card back holding it, nothing escalated; shortened, handed over', async () => {
    const { caseNumber } = await plannedCase();
    const card = onlyCard(await say(OFFICER, `eskalera ${caseNumber}`));
    const again = await refusedAndKept(OFFICER, card, (a) => a.data.action === 'escalate', ESCALATION_NOTE_INPUT, {}, tooLong('Överlämningsanteckningen', 2000), 2000);
    const done = await press(OFFICER, again, (a) => a.data.action === 'escalate', { [ESCALATION_NOTE_INPUT]: shortened(OVERLONG) });
    expect(textsOf(done)).toEqual([t('sv', 'escalation.done', { caseNumber })]);
    const { rows } = await test.server.database.query<{ note: string }>("SELECT r.note FROM referrals r JOIN cases c ON c.id = r.case_id WHERE c.case_number = $1 AND r.kind = 'in_depth'", [caseNumber]);
    expect(rows).toEqual([{ note: shortened(OVERLONG) }]);
  });

  it('a measure’s decline reason, in English: told by field, limit and length, the form back as filled in, the measure unchanged; shortened, declined', async () => {
    const { caseNumber, measureId } = await plannedCase();
    await say(OFFICER, 'english');
    try {
      const measures = onlyCard(await say(OFFICER, `measures ${caseNumber}`));
      const form = onlyCard(await press(OFFICER, measures, (a) => a.data.verb === MEASURE_DECISION_VERB && a.data.action === 'open' && a.data.measureId === measureId));
      const filled = { [MEASURE_INPUTS.status]: 'declined', [MEASURE_INPUTS.decisionRef]: 'ÅM-2026-19' };
      const message = t('en', 'textFault.length', { field: 'The reason for declining', max: 1000, length: OVERLONG.length });
      const again = await refusedAndKept(OFFICER, form, (a) => a.data.action === 'save', MEASURE_INPUTS.declineReason, filled, message, 1000);
      expect(inputsOf(again)[MEASURE_INPUTS.decisionRef]!.maxLength).toBe(80);
      const done = await press(OFFICER, again, (a) => a.data.action === 'save', { ...filled, [MEASURE_INPUTS.declineReason]: shortened(OVERLONG) });
      expect(textsOf(done)[0]).toMatch(/ is now declined\.$/);
      const { rows } = await test.server.database.query<{ status: string; decline_reason: string }>('SELECT status, decline_reason FROM protection_measures WHERE id = $1', [measureId]);
      expect(rows).toEqual([{ status: 'declined', decline_reason: shortened(OVERLONG) }]);
    } finally {
      await say(OFFICER, 'svenska');
    }
  });

  it('a share’s reason, then a withdrawal’s: each told by field, limit and length, the card back as filled in, nothing shared or withdrawn; shortened, each goes through', async () => {
    const { caseNumber } = await plannedCase();
    const investigation = '1900-K009901-26';
    const card = onlyCard(await say(OFFICER, `dela ${caseNumber}`));
    const filled = { [SHARE_INPUTS.investigationNumber]: investigation, [SHARE_INPUTS.recipients]: INVESTIGATOR.id };
    const again = await refusedAndKept(OFFICER, card, (a) => a.data.action === 'confirm', SHARE_INPUTS.reason, filled, tooLong('Skälet till delningen', 1000), 1000);
    const shared = await press(OFFICER, again, (a) => a.data.action === 'confirm', { ...filled, [SHARE_INPUTS.reason]: shortened(OVERLONG) });
    expect(textsOf(shared)[0]).toBe(t('sv', 'share.done', { investigation, count: 1, caseNumber }));

    const shareCard = onlyCard(await say(OFFICER, `delningar ${caseNumber}`).then((calls) => calls.filter((c) => c.activity.attachments?.length).slice(0, 1)));
    const kept = await refusedAndKept(OFFICER, shareCard, (a) => a.data.action === 'withdraw', WITHDRAW_REASON_INPUT, {}, tooLong('Skälet att dra tillbaka delningen', 1000), 1000);
    const withdrawn = await press(OFFICER, kept, (a) => a.data.action === 'withdraw', { [WITHDRAW_REASON_INPUT]: shortened(OVERLONG) });
    expect(textsOf(withdrawn)).toEqual([t('sv', 'caseShares.withdrawn', { investigation })]);
    const { rows } = await test.server.database.query<{ withdrawn: boolean }>('SELECT s.withdrawn_at IS NOT NULL AS withdrawn FROM case_shares s JOIN cases c ON c.id = s.case_id WHERE c.case_number = $1', [caseNumber]);
    expect(rows).toEqual([{ withdrawn: true }]);
  });

  it('an assessment’s reason, on its question card: told by field, limit and length, the card back holding it, the answer not saved; shortened, the assessment completes', async () => {
    const caseNumber = newCaseNumber();
    await say(OFFICER, 'ny bedömning');
    await say(OFFICER, caseNumber);
    // The second option of every question, up to the decision's, which asks its reason on its card.
    let card: RecordedCall | undefined;
    for (let asked = 0; !card && asked < 40; asked++) card = cardsOf(await say(OFFICER, '2')).find((c) => inputsOf(c).rationale);
    if (!card) throw new Error('no reason asked');
    const [{ id }] = (await test.server.database.query<{ id: string }>("SELECT a.id FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.case_number = $1 AND a.status = 'draft'", [caseNumber])).rows as [{ id: string }];
    // Longer than the old cap of an assessment card's inputs (20 000), as well as the API's 4000.
    const long = `${OVERLONG}\n`.repeat(4).trim();
    const message = t('sv', 'textFault.length', { field: 'Motiveringen', max: 4000, length: long.length });
    const before = await stored();
    expect(inputsOf(card).rationale?.maxLength).toBe(4000);
    const refused = await press(OFFICER, card, (a) => a.data.verb === 'rationale', { rationale: long });
    expect(textsOf(refused)).toEqual([message]);
    expect(inputsOf(onlyCard(refused)).rationale).toEqual({ value: long, maxLength: 4000 });
    expect(await stored()).toEqual(before);
    const done = await press(OFFICER, onlyCard(refused), (a) => a.data.verb === 'rationale', { rationale: shortened(long) });
    expect(textsOf(done).join('\n')).not.toContain(message);
    const { rows } = await test.server.database.query<{ status: string }>('SELECT status FROM assessments WHERE id = $1', [id]);
    expect(rows).toEqual([{ status: 'completed' }]);
  });

  it('a blind review’s reason and an open review’s regrade reason: each told by field, limit and length, the card back as filled in, no review stored; shortened, stored', async () => {
    const reviewed = async () => {
      const { caseNumber, assessmentId } = await plannedCase(AUTHOR);
      const modes = onlyCard(await say(REVIEWER, `granska ${caseNumber}`));
      return { caseNumber, assessmentId, modes };
    };
    const reviews = async (assessmentId: string) => (await test.server.database.query<{ verdict: string; reason: string | null }>('SELECT verdict, reason FROM assessment_reviews WHERE assessment_id = $1', [assessmentId])).rows;

    const blind = await reviewed();
    const blindCard = onlyCard(await press(REVIEWER, blind.modes, (a) => a.data.action === 'mode', { [REVIEW_MODE_INPUT]: 'blind' }));
    const grades = { [REVIEW_INPUTS.overall]: 'hog', [REVIEW_INPUTS.seriousViolence]: 'medel', [REVIEW_INPUTS.acute]: 'lag' };
    const again = await refusedAndKept(REVIEWER, blindCard, (a) => a.data.action === 'submit', REVIEW_INPUTS.reason, grades, tooLong('Motiveringen', 1000), 1000);
    await press(REVIEWER, again, (a) => a.data.action === 'submit', { ...grades, [REVIEW_INPUTS.reason]: shortened(OVERLONG) });
    expect(await reviews(blind.assessmentId)).toEqual([{ verdict: 'agree', reason: shortened(OVERLONG) }]);

    const open = await reviewed();
    const openCard = onlyCard(await press(REVIEWER, open.modes, (a) => a.data.action === 'mode', { [REVIEW_MODE_INPUT]: 'open' }));
    const regradeForm = onlyCard(await press(REVIEWER, openCard, (a) => a.data.action === 'regradeForm'));
    const regrade = { [REVIEW_INPUTS.overall]: 'medel' };
    const field = t('sv', 'field.regradeReason', { judgement: t('sv', 'judgement.overall') });
    const kept = await refusedAndKept(REVIEWER, regradeForm, (a) => a.data.action === 'regrade', REGRADE_REASON_INPUTS.overall, regrade, tooLong(field, 1000), 1000);
    await press(REVIEWER, kept, (a) => a.data.action === 'regrade', { ...regrade, [REGRADE_REASON_INPUTS.overall]: shortened(OVERLONG) });
    expect(await reviews(open.assessmentId)).toEqual([{ verdict: 'regrade', reason: shortened(OVERLONG) }]);
  });
});
