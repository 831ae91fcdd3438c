// The protection plan in chat: a completed structured assessment saves its plan
// through the API (assigning the officer when the policy asks for it), a plan
// the API refuses leaves the assessment completed and the officer told how to
// retry ("skapa plan"), and a turn run again never makes a second plan. The API
// is a double that holds one plan per assessment, as protection_plans does.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CreatePlanRequest } from '../api/caseContract.js';
import { problemTypeUri } from '../api/problem.js';
import { CASE, CaseApiDouble, ID, methodology, OFFICER, DUE, REASON } from '../test/planFixtures.js';
import { ApiError } from './assessmentApi.js';
import { ConversationRouter } from './conversationRouter.js';
import { fixedClock } from '../api/clock.js';
import { t } from './messageCatalogue.js';

function harness() {
  const api = new CaseApiDouble();
  const clock = fixedClock('2026-12-04T10:00:00Z');
  const router = new ConversationRouter({ methodology, api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }), clock }, 'sv');
  const conversation: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const adapter = new TestAdapter((context) => router.handle(context, conversation, user, { officer: { id: OFFICER }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktivt-samtal' }));
  const say = async (text: string) => {
    await adapter.processActivity({ type: 'message', text } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  /** Presses the card's button with the inputs chosen, as Teams sends it: the button's data and the inputs beside it. */
  const press = async (card: string | undefined, inputs: Record<string, string>) => {
    const data = (JSON.parse(card ?? '{}') as { body: { type: string; actions?: { data: Record<string, unknown> }[] }[] }).body.find((b) => b.type === 'ActionSet')!.actions![0]!.data;
    await adapter.processActivity({ type: 'message', value: { ...data, ...inputs } } as Partial<Activity>);
    return adapter.activeQueue.splice(0).map((a) => a.text ?? JSON.stringify(a.attachments?.[0]?.content));
  };
  /** Up to the reason of the overall judgement: Larmpaket for Skydd, RRI and Kontaktförbud for Reducering, risk high. */
  const answerUpToReason = async () => {
    await say('strukturerad bedömning');
    await say(CASE);
    await say('1');
    await say('1 2');
    await say('hög');
  };
  return { api, say, press, conversation, answerUpToReason };
}

const completedText = t('sv', 'completed.withDue', { instrument: 'Hot (test)', reference: '11111111', dueOn: DUE });
/** The test pack's assessment is judged high: the escalation to in-depth is suggested last (issue 12, item 6). */
const suggestion = t('sv', 'escalation.suggested');
/** The fixture's instrument names no violence type: the case record moves the case from intake to Bops only. */
const caseText = t('sv', 'case.updated.status');
const expectedPlan: CreatePlanRequest = {
  assessmentId: ID,
  protectedPersonId: null,
  reassessOn: DUE,
  measures: [
    { part: 'skydd', measureId: 'larmpaket', responsible: OFFICER, status: 'proposed', followUpOn: DUE, decisionRef: null },
    { part: 'reducering', measureId: 'rri', responsible: OFFICER, status: 'proposed', followUpOn: DUE, decisionRef: null },
    { part: 'reducering', measureId: 'kontaktforbud', responsible: OFFICER, status: 'proposed', followUpOn: DUE, decisionRef: null },
  ],
};
const planText = (assigned: boolean) =>
  [
    ...(assigned ? [t('sv', 'plan.assigned')] : []),
    t('sv', 'plan.saved.intro'),
    ['- **Skydd:** Larmpaket', '- **Stöd:** ingen åtgärd vald', '- **Reducering av hotaktör:** RRI, Kontaktförbud'].join('\n'),
    t('sv', 'plan.saved.followUp', { dueOn: DUE }),
    t('sv', 'ownDate.ask'),
  ].join('\n\n');

describe('protection plan of a structured assessment in chat', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });

  it('saves the plan when the assessment completes: each chosen measure proposed in its part, the officer responsible, followed up on the derived date', async () => {
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, planText(true), caseText, suggestion]);
    expect(h.api.plans).toEqual([expectedPlan]);
    // The policy lets only assigned officers write a plan: the officer is assigned (through the API) before it.
    expect(h.api.calls.slice(-6)).toEqual(['complete', 'read case', `assign ${OFFICER}`, 'create plan', 'read case record', 'change case']);
    expect(await h.say('tillbaka')).toEqual([t('sv', 'back.notInAssessment')]);
  });

  it('asks for an own re-assessment date with the plan, and "datum" dates the re-assessment of that plan', async () => {
    expect(await h.say('datum 2026-12-20 Hotaktören friges 21/12.')).toEqual([t('sv', 'ownDate.nothing')]);
    await h.answerUpToReason();
    await h.say(REASON);
    expect(await h.say('datum 2026-12-20')).toEqual([t('sv', 'ownDate.reasonNeeded', { date: '2026-12-20' })]);
    expect(await h.say('datum 2026-12-20 Hotaktören friges 21/12.')).toEqual([t('sv', 'ownDate.set', { dueOn: '2026-12-20' })]);
    expect(await h.say(`datum ${DUE}`)).toEqual([t('sv', 'ownDate.setToMethod', { dueOn: DUE })]);
    expect(h.api.ownDates).toEqual([
      { planId: '99999999-2222-4333-8444-555555555555', dueOn: '2026-12-20', reason: 'Hotaktören friges 21/12.' },
      { planId: '99999999-2222-4333-8444-555555555555', dueOn: DUE, reason: null },
    ]);
  });

  it('does not assign an officer who is assigned to the case already', async () => {
    h.api.assignees = [OFFICER];
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, planText(false), caseText, suggestion]);
    expect(h.api.calls).not.toContain(`assign ${OFFICER}`);
  });

  it('keeps the assessment completed and tells the officer how to retry when the plan is refused; "skapa plan" then saves it, once', async () => {
    h.api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.failed.unavailable'), caseText, suggestion]);
    expect(h.api.status).toBe('completed');
    expect(h.api.calls.filter((c) => c === 'complete')).toHaveLength(1);
    expect(h.api.plans).toEqual([]);
    expect(await h.say('tillbaka')).toEqual([t('sv', 'back.notInAssessment')]);

    h.api.planFailure = undefined;
    // The case was recorded at completion already: the retry's record changes nothing and says so.
    expect(await h.say('skapa plan 5000-k123456-25')).toEqual([planText(false), t('sv', 'case.unchanged')]);
    expect(h.api.plans).toEqual([expectedPlan]);
    expect(await h.say('skapa plan 5000-K123456-25')).toEqual([t('sv', 'plan.alreadySaved'), t('sv', 'case.unchanged')]);
    expect(h.api.plans).toHaveLength(1);
    expect(h.api.caseChanges).toEqual([{ status: 'bops' }]);
  });

  it('records the case on "skapa plan" as completion does, when neither the plan nor the case record could be saved at completion', async () => {
    h.api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    h.api.caseFailure = new ApiError('unavailable', undefined, 'API 503');
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.failed.unavailable'), t('sv', 'case.notUpdated'), suggestion]);
    expect(h.api.kase.status).toBe('intake');

    h.api.planFailure = undefined;
    h.api.caseFailure = undefined;
    expect(await h.say(`skapa plan ${CASE}`)).toEqual([planText(false), caseText]);
    expect(h.api.plans).toEqual([expectedPlan]);
    expect(h.api.caseChanges).toEqual([{ status: 'bops' }]);
    expect(h.api.calls.slice(-4)).toEqual(['read case', 'create plan', 'read case record', 'change case']);
  });

  it('does not record the case on "skapa plan" while the plan is still not saved: the retry that saves it records it', async () => {
    h.api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    h.api.caseFailure = new ApiError('unavailable', undefined, 'API 503');
    await h.answerUpToReason();
    await h.say(REASON);
    h.api.caseFailure = undefined;
    expect(await h.say(`skapa plan ${CASE}`)).toEqual([t('sv', 'plan.failed.unavailable')]);
    expect(h.api.calls.at(-1)).toBe('create plan');
    expect(h.api.kase.status).toBe('intake');
  });

  it('tells the officer plainly when "skapa plan" meets a closed case: no plan, the case untouched, how to go on once it is reopened', async () => {
    h.api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    await h.answerUpToReason();
    await h.say(REASON);
    h.api.planFailure = new ApiError('case_closed', problemTypeUri('case-closed'), 'API 409');
    const changesBefore = h.api.caseChanges.length;
    expect(await h.say(`skapa plan ${CASE}`)).toEqual([t('sv', 'plan.failed.caseClosed')]);
    expect(h.api.caseChanges).toHaveLength(changesBefore);
  });

  it('says why when the policy refuses the plan', async () => {
    h.api.planFailure = new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.failed.notAllowed'), caseText, suggestion]);
  });

  it('goes on to the plan, and saves it once, when a turn run again finds its assessment completed by the first run', async () => {
    await h.answerUpToReason();
    const before = structuredClone(h.conversation.dialogState);
    expect(await h.say(REASON)).toEqual([completedText, planText(true), caseText, suggestion]);
    // The turn's state write lost (an eTag conflict): the re-run starts from the state before it.
    h.conversation.dialogState = before;
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.alreadySaved'), t('sv', 'case.unchanged'), suggestion]);
    expect(h.api.caseChanges).toEqual([{ status: 'bops' }]);
    expect(h.api.plans).toEqual([expectedPlan]);
    expect(h.api.calls.filter((c) => c === `save samlad`)).toHaveLength(2);
    expect(h.api.calls.filter((c) => c === 'complete')).toHaveLength(1);
  });

  it('answers "skapa plan" without a case number, or for a case without a completed assessment of the officer', async () => {
    expect(await h.say('skapa plan')).toEqual([t('sv', 'plan.askCaseNumber')]);
    expect(await h.say('skapa plan 5000-K999999-25')).toEqual([t('sv', 'plan.noCompletedAssessment')]);
    expect(await h.say(`skapa plan ${CASE}`)).toEqual([t('sv', 'plan.noCompletedAssessment')]);
    expect(h.api.calls).not.toContain('create plan');
  });

  describe('whom the plan protects (issue 12, item 8)', () => {
    const SKYDDSPERSON = { id: 'a1111111-2222-4333-8444-555555555555', role: 'skyddsperson', label: 'SP 1', protectedIdentity: true } as const;
    const CHILD = { id: 'a2222222-2222-4333-8444-555555555555', role: 'barn_i_hushallet', label: 'B 1', protectedIdentity: false } as const;
    const THREAT_ACTOR = { id: 'a3333333-2222-4333-8444-555555555555', role: 'hotaktor', label: 'HA 1', protectedIdentity: false } as const;

    it('asks, when the case has persons a plan may protect, and saves the plan protecting the one chosen', async () => {
      h.api.persons = [SKYDDSPERSON, THREAT_ACTOR, CHILD];
      await h.answerUpToReason();
      const [completed, choice, recorded, suggested] = await h.say(REASON);
      expect([completed, recorded, suggested]).toEqual([completedText, caseText, suggestion]);
      // The persons by role, never by the label the API stores, never the threat actor; nothing saved until the officer chooses.
      const choices = (JSON.parse(choice!) as { body: { choices?: { title: string; value: string }[] }[] }).body.flatMap((b) => b.choices ?? []);
      expect(choices).toEqual([
        { title: 'Skyddsperson (skyddad identitet)', value: SKYDDSPERSON.id },
        { title: 'Barn i hushållet', value: CHILD.id },
        { title: t('sv', 'planPerson.none'), value: 'none' },
      ]);
      expect(h.api.plans).toEqual([]);

      expect(await h.press(choice, { protectedPerson: SKYDDSPERSON.id })).toEqual([planText(true)]);
      expect(h.api.plans).toEqual([{ ...expectedPlan, protectedPersonId: SKYDDSPERSON.id }]);
      // The case was recorded at completion: pressing the card again saves nothing twice and records nothing again.
      expect(await h.press(choice, { protectedPerson: SKYDDSPERSON.id })).toEqual([t('sv', 'plan.alreadySaved')]);
      expect(h.api.caseChanges).toEqual([{ status: 'bops' }]);
    });

    it('saves the plan naming no one when the officer chooses "ingen angiven", and does not ask when the case has no one to protect', async () => {
      h.api.persons = [CHILD];
      await h.answerUpToReason();
      const [, choice] = await h.say(REASON);
      expect(await h.press(choice, {})).toEqual([t('sv', 'planPerson.choose')]);
      expect(h.api.plans).toEqual([]);
      expect(await h.press(choice, { protectedPerson: 'none' })).toEqual([planText(true)]);
      expect(h.api.plans).toEqual([expectedPlan]);

      const other = harness();
      other.api.persons = [THREAT_ACTOR];
      await other.answerUpToReason();
      expect(await other.say(REASON)).toEqual([completedText, planText(true), caseText, suggestion]);
      expect(other.api.plans).toEqual([expectedPlan]);
    });

    it('keeps what was chosen when the save fails: the same card saves the plan once the API is back, and "skapa plan" asks again', async () => {
      h.api.persons = [SKYDDSPERSON];
      await h.answerUpToReason();
      const [, choice] = await h.say(REASON);
      h.api.planFailure = new ApiError('unavailable', undefined, 'API 503');
      expect(await h.press(choice, { protectedPerson: SKYDDSPERSON.id })).toEqual([t('sv', 'plan.failed.unavailable')]);
      expect(h.api.status).toBe('completed');
      h.api.planFailure = undefined;
      const [again] = await h.say(`skapa plan ${CASE}`);
      expect(JSON.parse(again!)).toMatchObject({ type: 'AdaptiveCard' });
      expect(h.api.plans).toEqual([]);
      expect(await h.press(choice, { protectedPerson: SKYDDSPERSON.id })).toEqual([planText(false)]);
      expect(h.api.plans).toEqual([{ ...expectedPlan, protectedPersonId: SKYDDSPERSON.id }]);
    });

    it('records the case once the plan is saved, when "skapa plan" asked whom it protects and the case record had failed at completion', async () => {
      h.api.persons = [SKYDDSPERSON];
      h.api.caseFailure = new ApiError('unavailable', undefined, 'API 503');
      await h.answerUpToReason();
      await h.say(REASON);
      h.api.caseFailure = undefined;
      const [choice] = await h.say(`skapa plan ${CASE}`);
      expect(h.api.kase.status).toBe('intake');
      expect(await h.press(choice, { protectedPerson: SKYDDSPERSON.id })).toEqual([planText(true), caseText]);
      expect(h.api.kase.status).toBe('bops');
    });
  });
});
