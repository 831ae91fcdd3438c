// Measure decisions in chat carried to their end (issue 12, item 7), on the
// real bot over HTTP with the stand-in Bot Connector, on real PostgreSQL and on
// PGlite: a proposed measure set to *verkställd* (carried out) and then to
// *avslutad* (ended) with `åtgärder <diarienummer>` and the measure's form. After
// each save the chat says so and shows the plan again; the API reads the
// measure back in that state, with its decider, day, reference and follow-up;
// and the audit log holds one `measure.update` row per change, from the state
// before to the state after, by the officer through the bot. The transcript
// test/transcripts/measure-decisions.yaml covers decided and declined; the
// repository's own test (api/sqlCaseRepository.spec.ts) the states without the
// chat. A plan protecting another person is then ended from the same card,
// with a reason, and the card comes back without it. Officers and cases are
// fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planResponseSchema } from '../api/caseContract.js';
import { t } from '../dialogs/messageCatalogue.js';
import { END_PLAN_INPUT, MEASURE_INPUTS } from '../dialogs/measureDecisionSubmit.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { expectJson } from './expectJson.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { BOT_SERVICE_ID, type TestOfficer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f1200000-0000-4000-8000-00000000a701', roles: ['bops_officer'], region: 'mitt' };
const CASE_NUMBER = '1800-K000707-26';
const DECISION_REF = 'Fiktivt beslut 2026-12-01/7';

const conversationOf = (officer: TestOfficer) => `a:measure-decisions-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe.each(DATABASE_ENGINES)('a measure carried out and ended in chat, read back over the API with its audit rows, on %s', (engine) => {
  let chat: ConnectedTestServer;
  let measureId: string;
  let planId: string;

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine, officers: [OFFICER], conversationOf });
    const { test } = chat;
    // As the chat leaves it after a structured assessment: the case assigned to the officer, a plan with one proposed measure.
    await expectJson(await test.as(OFFICER, 'POST', '/cases', { caseNumber: CASE_NUMBER, violenceType: 'nara_relation' }), 201);
    await expectJson(await test.as(OFFICER, 'PUT', `/cases/${CASE_NUMBER}/assignments/${OFFICER.id}`), 200);
    const assessment = await completeStructuredAssessment(test.server, { caseNumber: CASE_NUMBER, region: OFFICER.region, officerId: OFFICER.id, instrumentId: 'sarasv', judgements: { overall: 'hog' } });
    const plan = await expectJson<{ id: string; measures: { id: string }[] }>(
      await test.as(OFFICER, 'POST', `/cases/${CASE_NUMBER}/plans`, { assessmentId: assessment.id, reassessOn: '2030-06-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id, followUpOn: '2030-03-01' }] }),
      201,
    );
    planId = plan.id;
    measureId = plan.measures[0]!.id;
  }, 60_000);
  afterAll(() => chat?.close());

  const own = (calls: RecordedCall[]) => calls.filter((c) => c.method === 'POST' && c.conversationId === conversationOf(OFFICER));
  const post = async (extra: Partial<Activity>) => own(await chat.post(OFFICER, { type: 'message', ...extra }));
  const press = (card: RecordedCall, title: string, inputs: Record<string, string> = {}, nth = 0) => {
    const action = submitActions(card.activity.attachments?.[0]?.content).filter((a) => a.title === title)[nth];
    if (!action) throw new Error(`no button ${title} on ${cardText(card)}`);
    return post({ replyToId: card.responseId, value: { ...action.data, ...inputs } });
  };
  const shown = (calls: RecordedCall[]) => calls.map((c) => (c.activity.attachments?.length ? cardText(c) : (c.activity.text ?? '')));
  const lastCard = (calls: RecordedCall[]) => calls.findLast((c) => c.activity.attachments?.length)!;

  const storedMeasure = async () => {
    const { items } = await expectJson<{ items: unknown[] }>(await chat.test.as(OFFICER, 'GET', `/cases/${CASE_NUMBER}/plans`), 200);
    const measures = items.map((p) => planResponseSchema.parse(p)).flatMap((p) => p.measures);
    expect(measures).toHaveLength(1);
    return measures[0]!;
  };
  const measureAudit = async () =>
    (
      await chat.test.server.database.query<{ actor_id: string; via_id: string | null; action: string; entity_type: string; detail: Record<string, unknown> }>(
        `SELECT actor_id, via_id, action, entity_type, detail FROM audit_log WHERE entity_id = $1 AND action = 'measure.update' ORDER BY chain_seq`,
        [measureId],
      )
    ).rows;

  it('sets the proposed measure to verkställd and then to avslutad, each stored and audited once', async () => {
    const measures = lastCard(await post({ text: `åtgärder ${CASE_NUMBER}` }));
    expect(cardText(measures)).toContain('1. Larmpaket – föreslagen · uppföljning 2030-03-01');
    const form = lastCard(await press(measures, t('sv', 'button.change')));
    expect(cardText(form)).toContain('Larmpaket – nu föreslagen');

    // Verkställd: carried out by the police on a day, under a reference, still followed up.
    const carriedOut = await press(form, t('sv', 'button.save'), {
      [MEASURE_INPUTS.status]: 'in_progress',
      [MEASURE_INPUTS.decidedBy]: 'polis',
      [MEASURE_INPUTS.decidedOn]: '2026-12-01',
      [MEASURE_INPUTS.decisionRef]: DECISION_REF,
      [MEASURE_INPUTS.followUpOn]: '2030-04-01',
    });
    expect(shown(carriedOut)[0]).toBe(t('sv', 'measureForm.saved', { measure: 'Larmpaket', status: t('sv', 'measureStatus.in_progress') }));
    expect(shown(carriedOut)[0]).toBe('Larmpaket är nu verkställd.');
    expect(cardText(lastCard(carriedOut))).toContain('1. Larmpaket – verkställd · beslutad 2026-12-01 av Polisen · uppföljning 2030-04-01');
    expect(await storedMeasure()).toMatchObject({ id: measureId, status: 'in_progress', decidedBy: 'polis', decidedOn: '2026-12-01', decisionRef: DECISION_REF, followUpOn: '2030-04-01', declineReason: null, version: 2 });
    expect(await measureAudit()).toEqual([{ actor_id: OFFICER.id, via_id: BOT_SERVICE_ID, action: 'measure.update', entity_type: 'measure', detail: { planId, from: 'proposed', to: 'in_progress' } }]);

    // Avslutad: ended, from the form opened on the plan the save showed; the form starts from what is stored.
    const again = lastCard(await press(lastCard(carriedOut), t('sv', 'button.change')));
    expect(cardText(again)).toContain('Larmpaket – nu verkställd');
    expect(cardText(again)).toContain(DECISION_REF);
    const ended = await press(again, t('sv', 'button.save'), {
      [MEASURE_INPUTS.status]: 'done',
      [MEASURE_INPUTS.decidedBy]: 'polis',
      [MEASURE_INPUTS.decidedOn]: '2026-12-01',
      [MEASURE_INPUTS.decisionRef]: DECISION_REF,
      [MEASURE_INPUTS.followUpOn]: '',
    });
    expect(shown(ended)[0]).toBe('Larmpaket är nu avslutad.');
    expect(cardText(lastCard(ended))).toContain('1. Larmpaket – avslutad · beslutad 2026-12-01 av Polisen');
    expect(await storedMeasure()).toMatchObject({ id: measureId, status: 'done', decidedBy: 'polis', decidedOn: '2026-12-01', decisionRef: DECISION_REF, followUpOn: null, version: 3 });
    expect((await measureAudit()).map((r) => r.detail)).toEqual([
      { planId, from: 'proposed', to: 'in_progress' },
      { planId, from: 'in_progress', to: 'done' },
    ]);
    expect((await measureAudit()).every((r) => r.actor_id === OFFICER.id && r.via_id === BOT_SERVICE_ID)).toBe(true);
  });

  it('ends a plan no new plan takes over with the reason typed on its card, and shows the measures without it', async () => {
    const { test } = chat;
    // A second plan beside the first, protecting an injured party: the omprövning that named someone else.
    const person = await expectJson<{ id: string }>(await test.as(OFFICER, 'POST', `/cases/${CASE_NUMBER}/persons`, { role: 'malsagande', label: 'Fiktiv M', protectedIdentity: false }), 201);
    const assessment = await completeStructuredAssessment(test.server, { caseNumber: CASE_NUMBER, region: OFFICER.region, officerId: OFFICER.id, instrumentId: 'sarasv', judgements: { overall: 'medel' } });
    const second = await expectJson<{ id: string }>(
      await test.as(OFFICER, 'POST', `/cases/${CASE_NUMBER}/plans`, { assessmentId: assessment.id, protectedPersonId: person.id, reassessOn: '2030-06-01', measures: [{ part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjanst', followUpOn: '2030-03-01' }] }),
      201,
    );
    const measures = lastCard(await post({ text: `åtgärder ${CASE_NUMBER}` }));
    expect(cardText(measures)).toContain('Planen skyddar: målsägande');

    const endCard = lastCard(await press(measures, 'Avsluta planen', {}, 1));
    expect(cardText(endCard)).toContain(t('sv', 'endPlan.title', { caseNumber: CASE_NUMBER }));
    expect(cardText(endCard)).toContain('Planen skyddar: målsägande');
    const unreasoned = await press(endCard, 'Avsluta planen', { [END_PLAN_INPUT]: ' ' });
    expect(shown(unreasoned)[0]).toBe(t('sv', 'endPlan.missing'));

    // A reason the API refuses (a personal identity number) comes back on the card as typed; nothing is saved.
    const named = 'Gäller 19121212-1212';
    const refused = await press(lastCard(unreasoned), 'Avsluta planen', { [END_PLAN_INPUT]: named });
    expect(shown(refused)[0]).toBe(t('sv', 'endPlan.rejected'));
    expect(cardText(lastCard(refused))).toContain(named);

    const reason = 'Målsäganden har flyttat utomlands och behöver inte längre skydd här.';
    const ended = await press(lastCard(refused), 'Avsluta planen', { [END_PLAN_INPUT]: reason });
    expect(shown(ended)[0]).toBe('Skyddsplanen som skyddar målsägande är avslutad. Så här ser åtgärderna ut nu:');
    expect(shown(ended).join('\n')).not.toContain('Fiktiv M');
    expect(cardText(lastCard(ended))).toContain(t('sv', 'measures.protectsNone'));
    expect(cardText(lastCard(ended))).not.toContain('Planen skyddar: målsägande');
    const stored = planResponseSchema.parse(await expectJson(await test.as(OFFICER, 'GET', `/plans/${second.id}`), 200));
    expect([stored.status, stored.closeReason, stored.reassessment?.status]).toEqual(['closed', reason, 'cancelled']);
  });
});
