// An escalation carried through to a completed in-depth assessment, on the
// real bot over HTTP (stand-in Bot Connector) and real PostgreSQL (issue 12,
// item 6): a Bops officer of the region completes SARA:SV in chat on a case
// with a målsägande, saves its plan for them and, told the risk is high,
// escalates the case with a handover note; the region's specialist — and no
// one else — gets the card, finds the escalation in the work list, presses
// Starta fördjupad bedömning, sees the handover — which answers the first
// question, the structured assessment it builds on, so they begin at the
// second — and answers every other question of the in-depth assessment to its
// end, then whom its plan protects. Read back
// over the API: the in-depth assessment completed by the specialist on the
// case, its plan by part taking over from the structured one, the escalation
// settled (off every work list, taken by the specialist), the escalating
// officer told once that a specialist took the case and once that the
// in-depth assessment is completed (no other officer of the region told), the
// audit rows of each step, and what the escalating officer's work list shows
// afterwards.
// Officers, cases and persons are fictitious.
import type { Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema, auditTrailResponseSchema } from '../api/assessmentContract.js';
import { planResponseSchema } from '../api/caseContract.js';
import { escalationViewResponseSchema } from '../api/referralContract.js';
import { REFERRAL_NOTICE_PURPOSE } from '../api/referralNotifier.js';
import { workListResponseSchema, type WorkItemResponse } from '../api/workListContract.js';
import { COMMANDS, ESCALATE_WORDS } from '../dialogs/commands.js';
import { t } from '../dialogs/messageCatalogue.js';
import { PLAN_PERSON_INPUT } from '../dialogs/planPersonSubmit.js';
import { ESCALATION_NOTE_INPUT } from '../dialogs/workListSubmit.js';
import { completionProblems, type Answers } from '../methodology/instrumentEngine.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { adaptiveCardText, submitActions } from './adaptiveCardText.js';
import type { RecordedCall } from './botConnectorStandIn.js';
import { startConnectedTestServer, type ConnectedTestServer } from './connectedTestServer.js';
import { completeAssessment, intendedAnswers, type BotReply } from './scriptedOfficer.js';
import { BOT_SERVICE_ID, type TestOfficer } from './testServer.js';

const BOPS: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000e0b01', roles: ['bops_officer'], region: 'vast' };
const SPECIALIST: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000e0e01', roles: ['specialist'], region: 'vast' };
const SPECIALIST_ELSEWHERE: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000e0e02', roles: ['specialist'], region: 'nord' };
const BOPS_COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000e0b02', roles: ['bops_officer'], region: 'vast' };
const AUDITOR: TestOfficer = { id: 'f0000000-0000-4000-8000-0000000e0a01', roles: ['auditor'], region: 'vast' };
const EVERYONE = [BOPS, SPECIALIST, SPECIALIST_ELSEWHERE, BOPS_COLLEAGUE, AUDITOR];
const CASE_NUMBER = '1500-K004711-26';
const NOTE = 'Fiktiv anteckning: nya hot efter separationen, bör bedömas inom en vecka.';

/** The in-depth assessment's scenarios plan measures of every part, one of them in two scenarios (the plan holds it once). */
const SCENARIO_MEASURES: Record<string, string[]> = {
  scenario1_atgarder: ['larmpaket', 'kontaktforbud'],
  scenario2_atgarder: ['skyddat_boende', 'larmpaket'],
  scenario3_atgarder: ['rri'],
};

const conversationOf = (officer: TestOfficer) => `a:escalated-${officer.id}`;
const cardText = (call: RecordedCall) => adaptiveCardText(call.activity.attachments?.[0]?.content);

describe('an escalated case’s in-depth assessment, begun from the handover and completed in chat, on postgres', () => {
  let chat: ConnectedTestServer;
  /** Everything the connector got since the escalation, to anyone: the escalating officer's chat is read from it. */
  const sinceEscalation: RecordedCall[] = [];

  beforeAll(async () => {
    chat = await startConnectedTestServer({ engine: 'postgres', officers: EVERYONE, conversationOf, greet: true });
  });
  afterAll(() => chat?.close());

  const server = () => chat.test.server;
  const post = async (officer: TestOfficer, activity: Partial<Activity>) => {
    const calls = await chat.post(officer, { type: 'message', ...activity });
    sinceEscalation.push(...calls);
    return calls;
  };
  const own = (officer: TestOfficer, calls: RecordedCall[]) => calls.filter((c) => c.method === 'POST' && c.conversationId === conversationOf(officer));
  const textsOf = (calls: RecordedCall[]) => calls.map((c) => (c.activity.attachments?.[0] ? cardText(c) : (c.activity.text ?? '')));
  /** The officer's chat as the scripted officer drives it: what they send, and the bot's replies in their own chat. */
  const chatOf =
    (officer: TestOfficer) =>
    async (activity: Partial<Activity>): Promise<BotReply[]> =>
      own(officer, await post(officer, activity)).map((c) => ({ text: c.activity.text, card: c.activity.attachments?.[0]?.content as BotReply['card'] }));
  const press = (officer: TestOfficer, card: RecordedCall, title: string, inputs: Record<string, string> = {}) => {
    const action = submitActions(card.activity.attachments?.[0]?.content).find((a) => a.title === title);
    if (!action) throw new Error(`no button ${title} on ${cardText(card)}`);
    return post(officer, { replyToId: card.responseId, value: { ...action.data, ...inputs } });
  };
  /** Chooses the person on the plan-person card among `replies` and presses its save button. */
  const choosePlanPerson = async (officer: TestOfficer, replies: BotReply[], personId: string) => {
    const card = replies.findLast((r) => r.card && submitActions(r.card).some((a) => a.data.verb === 'planPerson'))?.card;
    if (!card) throw new Error(`no plan-person card in ${JSON.stringify(replies.map((r) => r.text ?? adaptiveCardText(r.card)))}`);
    const action = submitActions(card).find((a) => a.data.verb === 'planPerson')!;
    return own(officer, await post(officer, { value: { ...action.data, [PLAN_PERSON_INPUT]: personId } }));
  };

  async function read<T>(officer: TestOfficer, path: string, schema: { parse(v: unknown): T }): Promise<T> {
    const res = await chat.test.as(officer, 'GET', path);
    expect(res.status, path).toBe(200);
    return schema.parse(await res.json());
  }
  const workList = async (officer: TestOfficer): Promise<WorkItemResponse[]> => (await read(officer, '/worklist?limit=50', workListResponseSchema)).items.filter((i) => i.caseNumber === CASE_NUMBER);
  const plansOfCase = async () => (await read(BOPS, `/cases/${CASE_NUMBER}/plans`, { parse: (v) => (v as { items: unknown[] }).items.map((p) => planResponseSchema.parse(p)) }));
  const auditRows = async (action: string, actorId: string) =>
    (await server().database.query<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_log WHERE action = $1 AND actor_id = $2 ORDER BY id`, [action, actorId])).rows.map((r) => r.detail);

  it('takes a case from the Bops officer’s escalation to the specialist’s completed in-depth assessment with its plan, the escalation settled', async () => {
    const loaded = server().methodology.active('bops-exempel');
    // The case and its målsägande, as Bops registers them before assessing.
    expect((await chat.test.as(BOPS, 'POST', '/cases', { caseNumber: CASE_NUMBER })).status).toBe(201);
    const added = await chat.test.as(BOPS, 'POST', `/cases/${CASE_NUMBER}/persons`, { role: 'malsagande', label: 'MÄ 1' });
    expect(added.status).toBe(201);
    const person = (await added.json()) as { id: string };

    // 1. The Bops officer completes SARA:SV in chat, judged high, and saves its plan for the målsägande.
    const sarasv = findInstrument(loaded, 'sarasv');
    const structuredAnswers = intendedAnswers(loaded.pack, sarasv, [2]);
    const structured = await completeAssessment(chatOf(BOPS), COMMANDS.structuredAssessment[0], sarasv, CASE_NUMBER, structuredAnswers);
    const structuredPlanReplies = await choosePlanPerson(BOPS, structured.transcript, person.id);
    const afterStructured = [...structured.transcript.map((r) => r.text ?? ''), ...textsOf(structuredPlanReplies)].join('\n');
    // High risk: the bot suggests the escalation, in its own words.
    expect(afterStructured).toContain(t('sv', 'escalation.suggested'));
    const [structuredPlan] = await plansOfCase();
    expect(structuredPlan).toMatchObject({ status: 'active', protectedPersonId: person.id, createdBy: BOPS.id });
    const structuredCompleted = (await read(BOPS, `/cases/${CASE_NUMBER}/assessments`, { parse: (v) => (v as { items: { completedAt: string | null }[] }).items }))[0]!.completedAt!;
    const structuredCompletedOn = calendarDate(new Date(structuredCompleted));

    // 2. It escalates the case with a handover note: only the region's specialist is told.
    sinceEscalation.length = 0;
    const asked = own(BOPS, await post(BOPS, { text: `${ESCALATE_WORDS[0]} ${CASE_NUMBER} ${NOTE}` }))[0]!;
    expect(cardText(asked)).toContain(t('sv', 'escalation.title', { caseNumber: CASE_NUMBER }));
    const handedOver = await press(BOPS, asked, t('sv', 'button.escalate'), { [ESCALATION_NOTE_INPUT]: NOTE });
    const escalateTurnEnd = sinceEscalation.length;
    expect(textsOf(own(BOPS, handedOver))).toEqual([t('sv', 'escalation.done', { caseNumber: CASE_NUMBER })]);
    const notices = handedOver.filter((c) => c.method === 'POST' && c.conversationId !== conversationOf(BOPS));
    expect(notices.map((c) => c.conversationId)).toEqual([conversationOf(SPECIALIST)]);
    const notice = notices[0]!;
    expect(cardText(notice)).toContain(t('sv', 'escalation.card.title', { caseNumber: CASE_NUMBER }));

    // 3. The escalation waits in the specialist's work list (in chat too), untaken, and in no Bops officer's.
    const waiting = await workList(SPECIALIST);
    expect(waiting).toEqual([expect.objectContaining({ kind: 'referral', handover: 'in_depth', takenByYou: false, latestJudgement: 'hog' })]);
    const referralId = (waiting[0] as Extract<WorkItemResponse, { kind: 'referral' }>).referralId;
    expect((await workList(BOPS)).filter((i) => i.kind === 'referral')).toEqual([]);
    expect((await workList(BOPS_COLLEAGUE)).filter((i) => i.kind === 'referral')).toEqual([]);
    const listed = own(SPECIALIST, await post(SPECIALIST, { text: COMMANDS.myWork[0] }));
    expect(textsOf(listed).join('\n')).toContain(CASE_NUMBER);

    // 4. The specialist presses Starta fördjupad bedömning on the card and answers every question to the end,
    //    judging the overall risk lower than the structured assessment did (a check then asks a reason, given).
    const fordjupad = findInstrument(loaded, 'fordjupad');
    const base = intendedAnswers(loaded.pack, fordjupad, [2]);
    const inDepthAnswers: Answers = {
      ...base,
      ...Object.fromEntries(Object.entries(SCENARIO_MEASURES).map(([id, value]) => [id, { value, rationale: null }])),
      samlad_risk: { value: 'medel', rationale: 'Fiktiv motivering: kontaktförbudet följs sedan en vecka.' },
    };
    // The script answers what the method asks of it: three scenarios, nothing left open.
    expect(Object.keys(SCENARIO_MEASURES).every((id) => base[id] !== undefined)).toBe(true);
    expect(completionProblems(loaded.pack, fordjupad, inDepthAnswers)).toEqual([]);
    const startAction = submitActions(notice.activity.attachments?.[0]?.content).find((a) => a.title === t('sv', 'button.startInDepth'));
    expect(startAction).toBeDefined();
    const inDepth = await completeAssessment(chatOf(SPECIALIST), { replyToId: notice.responseId, value: startAction!.data }, fordjupad, CASE_NUMBER, inDepthAnswers);
    const shown = inDepth.transcript.map((r) => r.text ?? adaptiveCardText(r.card));
    expect(shown[0]).toBe(t('sv', 'referral.taken', { caseNumber: CASE_NUMBER }));
    // The case number came with the button: never asked for.
    expect(shown.join('\n')).not.toContain('Ange ärendets diarienummer');
    // The handover opens the assessment, once: the structured result, its plan, the note; then the first question.
    const handovers = shown.filter((x) => x.includes(t('sv', 'handover.title', { caseNumber: CASE_NUMBER })));
    expect(handovers).toHaveLength(1);
    const measureTitle = (id: string) => loaded.pack.measures.find((m) => m.id === id)!.title.sv;
    for (const line of ['SARA:SV', NOTE, `${measureTitle('sakerhetssamtal')} (föreslagen)`]) expect(handovers[0]).toContain(line);
    // The handover names the structured assessment the in-depth one builds on: its first question is answered
    // from it, told as such with the way to change it, and the specialist begins at the second.
    const basis = `SARA:SV, slutförd ${structuredCompletedOn}`;
    const told = shown.indexOf(t('sv', 'handover.basisAnswered', { question: fordjupad.sections[0]!.items[0]!.shortText.sv, answer: basis }));
    expect(told).toBeGreaterThan(shown.indexOf(handovers[0]!));
    expect(shown.some((x) => x.includes('Fråga 1 av'))).toBe(false);
    expect(shown.findIndex((x) => x.includes('Fråga 2 av'))).toBe(told + 1);
    // The escalation was shown once as the assessment began (each read is an audited showing of the note), for the assessment.
    const escalationShown = async () =>
      (await server().database.query<{ detail: Record<string, unknown>; purpose: string }>(`SELECT detail, purpose FROM audit_log WHERE action = 'case.read' AND actor_id = $1 AND detail->>'shown' = 'escalation' ORDER BY id`, [SPECIALIST.id])).rows;
    expect((await escalationShown()).map((r) => r.purpose)).toEqual(['assessment']);
    // Asked whom the plan protects (the case has a målsägande), nothing is saved until the specialist chooses them;
    // then the plan is saved by part.
    expect(await plansOfCase()).toHaveLength(1);
    const planReplies = textsOf(await choosePlanPerson(SPECIALIST, inDepth.transcript, person.id));
    const planText = planReplies.join('\n');
    expect(planText).toContain(t('sv', 'plan.saved.intro'));
    for (const [part, ids] of [['Skydd', ['larmpaket']], ['Stöd', ['skyddat_boende']], ['Reducering av hotaktör', ['kontaktforbud', 'rri']]] as const) {
      expect(planText).toContain(t('sv', 'plan.saved.part', { part, measures: ids.map(measureTitle).join(', ') }));
    }

    // 5. Read back over the API: the in-depth assessment, completed by the specialist on the case, every answer as given.
    const assessmentsOfCase = await read(SPECIALIST, `/cases/${CASE_NUMBER}/assessments`, { parse: (v) => (v as { items: { id: string; level: string }[] }).items });
    const inDepthId = assessmentsOfCase.find((a) => a.level === 'in_depth')?.id;
    expect(assessmentsOfCase.map((a) => a.level).sort()).toEqual(['in_depth', 'structured']);
    const completed = await read(SPECIALIST, `/assessments/${inDepthId}`, assessmentResponseSchema);
    expect(completed).toMatchObject({ caseNumber: CASE_NUMBER, region: 'vast', level: 'in_depth', instrumentId: 'fordjupad', status: 'completed', officerId: SPECIALIST.id, reassessmentOf: null });
    // Every answer as given — the first as the handover gave it, never asked.
    expect(Object.fromEntries(completed.answers.map((a) => [a.itemId, a.value]))).toEqual({ ...Object.fromEntries(Object.entries(inDepthAnswers).map(([id, a]) => [id, a.value])), strukturerad_bedomning: basis });
    expect(completed.answers.every((a) => a.answeredBy === SPECIALIST.id)).toBe(true);
    expect(completed.derived?.judgements).toMatchObject({ overall: 'medel' });
    const dueOn = completed.derived?.reassessment?.dueOn;
    expect(dueOn).toBeDefined();

    // The escalation it answers: of this case, made from the structured assessment, taken by the specialist —
    // and begun on after it was made (the model links the two by the case, not by id).
    const escalation = await read(SPECIALIST, `/cases/${CASE_NUMBER}/escalation`, escalationViewResponseSchema);
    const structuredId = assessmentsOfCase.find((a) => a.level === 'structured')!.id;
    expect(escalation).toMatchObject({ id: referralId, caseNumber: CASE_NUMBER, note: NOTE, judgement: 'hog', takenByYou: true, structured: { assessmentId: structuredId, instrumentId: 'sarasv' } });
    expect(new Date(completed.createdAt).getTime()).toBeGreaterThanOrEqual(new Date(escalation.escalatedAt).getTime());

    // The plan: by part, every measure once, proposed, the specialist responsible, followed up and re-assessed on
    // the date the API derived; protecting the målsägande, it takes over from the structured plan, whose
    // planned re-assessment the in-depth assessment did.
    const plans = await plansOfCase();
    const inDepthPlan = plans.find((p) => p.assessmentId === inDepthId);
    expect(inDepthPlan).toMatchObject({ status: 'active', protectedPersonId: person.id, protectedPerson: { role: 'malsagande', protectedIdentity: false }, createdBy: SPECIALIST.id, missingParts: [] });
    expect(inDepthPlan!.measures.map((m) => `${m.part}/${m.measureId}`).sort()).toEqual(['reducering/kontaktforbud', 'reducering/rri', 'skydd/larmpaket', 'stod/skyddat_boende']);
    expect(inDepthPlan!.measures.every((m) => m.status === 'proposed' && m.responsible === SPECIALIST.id && m.followUpOn === dueOn)).toBe(true);
    expect(inDepthPlan!.reassessment).toMatchObject({ dueOn, derivedDueOn: dueOn, status: 'planned' });
    expect(plans.find((p) => p.id === structuredPlan!.id)).toMatchObject({ status: 'closed', reassessment: { status: 'done', doneAssessmentId: inDepthId } });

    // 6. The escalation is settled: off every work list as work to take or begin. The specialist's list now
    //    holds the case's re-assessment and follow-up, by the in-depth judgement; no draft is left.
    const specialistAfter = await workList(SPECIALIST);
    expect(specialistAfter.map((i) => i.kind).sort()).toEqual(['measure_follow_up', 'reassessment']);
    expect(specialistAfter.every((i) => i.latestJudgement === 'medel' && i.dueOn === dueOn && 'planId' in i && i.planId === inDepthPlan!.id)).toBe(true);
    expect((await workList(BOPS_COLLEAGUE)).filter((i) => i.kind === 'referral')).toEqual([]);
    // The escalating officer is told unasked, once each: that a specialist took the case (never which one), and that
    // the in-depth assessment is completed, with its overall judgement and the button to the case's measures ...
    const toBops = sinceEscalation.slice(escalateTurnEnd).filter((c) => c.conversationId === conversationOf(BOPS));
    expect(toBops.map((c) => c.method)).toEqual(['POST', 'POST']);
    expect(cardText(toBops[0]!)).toBe(t('sv', 'escalationNotice.taken', { caseNumber: CASE_NUMBER }));
    const completedNotice = cardText(toBops[1]!);
    expect(completedNotice).toContain(t('sv', 'escalationNotice.completed.title', { caseNumber: CASE_NUMBER }));
    expect(completedNotice).toContain(t('sv', 'escalationNotice.completed.judgement', { judgement: t('sv', 'judgement.medel') }));
    expect(JSON.stringify(toBops)).not.toContain(SPECIALIST.id);
    const measures = own(BOPS, await press(BOPS, toBops[1]!, t('sv', 'button.measures')));
    expect(textsOf(measures).join('\n')).toContain(measureTitle('skyddat_boende'));
    // ... and, still assigned to the case, finds in their work list the in-depth plan's re-assessment and
    // follow-up in place of their own plan's, by the in-depth judgement — in chat too.
    const bopsAfter = await workList(BOPS);
    expect(bopsAfter.map((i) => i.kind).sort()).toEqual(['measure_follow_up', 'reassessment']);
    expect(bopsAfter.every((i) => i.latestJudgement === 'medel' && 'planId' in i && i.planId === inDepthPlan!.id)).toBe(true);
    expect(textsOf(own(BOPS, await post(BOPS, { text: COMMANDS.myWork[0] }))).join('\n')).toContain(CASE_NUMBER);
    // No one else in the region or elsewhere was told anything about the case since the escalation.
    expect(sinceEscalation.filter((c) => ![conversationOf(BOPS), conversationOf(SPECIALIST)].includes(c.conversationId))).toEqual([]);

    // 7. The audit: the escalation made by the Bops officer, announced to and taken by the specialist, shown once
    //    as the assessment began; the in-depth assessment's own trail, read by an auditor, from creation through
    //    each answer to completion, all the specialist's.
    expect(await auditRows('referral.create', BOPS.id)).toEqual([expect.objectContaining({ referralId, assessmentId: structuredId, kind: 'in_depth' })]);
    expect(await auditRows('referral.notice', SPECIALIST.id)).toEqual([expect.objectContaining({ referralId, shown: ['caseNumber', 'referredAt', 'judgement'] })]);
    expect(await auditRows('referral.notice', SPECIALIST_ELSEWHERE.id)).toEqual([]);
    // The card is the specialist's audited read of the case, through the bot that escalated, for the referral notice.
    const noticeRows = await server().database.query<Record<string, unknown>>(
      `SELECT a.purpose, a.entity_type, a.via_id, a.entity_id = c.id::text AS of_the_case FROM audit_log a, cases c WHERE a.action = 'referral.notice' AND a.actor_id = $1 AND c.case_number = $2`,
      [SPECIALIST.id, CASE_NUMBER],
    );
    expect(noticeRows.rows).toEqual([{ purpose: REFERRAL_NOTICE_PURPOSE, entity_type: 'case', via_id: BOT_SERVICE_ID, of_the_case: true }]);
    expect(await auditRows('referral.take', SPECIALIST.id)).toEqual([{ referralId }]);
    // Each notice to the escalating officer is their audited read of what it showed; no one else of the region had one.
    expect(await auditRows('escalation.notice', BOPS.id)).toEqual([
      { referralId, event: 'taken', shown: ['caseNumber'], botId: expect.any(String) },
      { referralId, event: 'completed', shown: ['caseNumber', 'judgement'], assessmentId: inDepthId, botId: expect.any(String) },
    ]);
    expect(await auditRows('escalation.notice', BOPS_COLLEAGUE.id)).toEqual([]);
    expect(await auditRows('case.assign', SPECIALIST.id)).toEqual([expect.objectContaining({ officerId: SPECIALIST.id, changed: true, referralId })]);
    // Shown as the assessment began (for it), and read once more by this test's GET of the escalation (case work, the route's own purpose).
    expect(await escalationShown()).toEqual([
      { detail: { shown: 'escalation', referralId, assessmentId: structuredId }, purpose: 'assessment' },
      { detail: { shown: 'escalation', referralId, assessmentId: structuredId }, purpose: 'bops.case' },
    ]);
    expect(await auditRows('plan.create', SPECIALIST.id)).toEqual([expect.objectContaining({ assessmentId: inDepthId, reassessOn: dueOn, supersedes: [structuredPlan!.id] })]);
    const trail = (await read(AUDITOR, `/assessments/${inDepthId}/audit`, auditTrailResponseSchema)).items;
    // Up to completion, in order: created, each answer once, completed — the specialist's acts through the bot.
    const made = trail.slice(0, trail.findIndex((r) => r.action === 'assessment.complete') + 1);
    expect(made.map((r) => (r.action === 'assessment.answer' ? r.detail.itemId : r.action))).toEqual(['assessment.create', ...Object.keys(inDepthAnswers), 'assessment.complete']);
    expect(made[0]).toMatchObject({ detail: { level: 'in_depth', instrumentId: 'fordjupad' } });
    expect(made.every((r) => r.actorId === SPECIALIST.id && r.viaId === BOT_SERVICE_ID)).toBe(true);
  });
});
