// The protection plan in chat: a completed structured assessment saves its plan
// through the API (assigning the officer when the policy asks for it), a plan
// the API refuses leaves the assessment completed and the officer told how to
// retry ("skapa plan"), and a turn run again never makes a second plan. The API
// is a double that holds one plan per assessment, as protection_plans does.
import { TestAdapter, type Activity } from 'botbuilder';
import { pino } from 'pino';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssessmentResponse } from '../api/assessmentContract.js';
import type { CreatePlanRequest } from '../api/caseContract.js';
import { problemTypeUri } from '../api/problem.js';
import { canonicalHash } from '../methodology/canonicalHash.js';
import type { LoadedPack, MethodologySource } from '../methodology/methodologySource.js';
import { parsePack } from '../methodology/packValidation.js';
import { ApiError, type AssessmentApi } from './assessmentApi.js';
import { ConversationRouter } from './conversationRouter.js';
import { t } from './messageCatalogue.js';

const PACK_YAML = `
id: planpaket
version: 0.1.0
status: active
effectiveFrom: "2026-01-01"
title: { sv: Planpaket }
answerSets:
  - id: risk
    options:
      - { code: lag, text: { sv: Låg } }
      - { code: hog, text: { sv: Hög } }
instruments:
  - id: hot_test
    level: structured
    title: { sv: Hot (test) }
    judgements: { overall: samlad }
    sections:
      - id: hantering
        title: { sv: Hantering }
        items:
          - { id: atgarder_skydd, type: measures, parts: [skydd], text: { sv: Skydd? }, shortText: { sv: Skydd } }
          - { id: atgarder_reducering, type: measures, parts: [reducering], text: { sv: Reducering? }, shortText: { sv: Reducering } }
      - id: slutsats
        title: { sv: Slutsats }
        items:
          - { id: samlad, type: choice, answerSet: risk, rationale: required, text: { sv: Samlad risk }, shortText: { sv: Samlad risk } }
measures:
  - { id: larmpaket, part: skydd, title: { sv: Larmpaket }, description: { sv: Larm. }, decidedBy: [polis], preconditions: { sv: Hot. }, followUp: { sv: Återlämning. } }
  - { id: rri, part: reducering, title: { sv: RRI }, description: { sv: Samtal. }, decidedBy: [polis], preconditions: { sv: Frivilligt. }, followUp: { sv: Utvärdering. } }
  - { id: kontaktforbud, part: reducering, title: { sv: Kontaktförbud }, description: { sv: Förbud. }, decidedBy: [aklagare], preconditions: { sv: Risk. }, followUp: { sv: Kontroll. } }
reassessmentIntervals:
  - { level: lag, days: 90 }
  - { level: hog, days: 7 }
`;

const parsed = parsePack(parse(PACK_YAML));
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const pack: LoadedPack = { pack: parsed.pack, hash: canonicalHash(parsed.pack) };
const methodology: MethodologySource = {
  defaultPackId: pack.pack.id,
  active: () => pack,
  get: (id, version) => (id === pack.pack.id && version === pack.pack.version ? pack : undefined),
};

const ID = '11111111-2222-4333-8444-555555555555';
const CASE = '5000-K123456-25';
const OFFICER = 'fiktiv-1';
/** The due date the API derives; deliberately not today + 7, so the test shows whose date the plan carries. */
const DUE = '2027-01-10';
const REASON = 'Upprepade hot om våld.';

/** The API as far as the plan goes: one draft, one plan per assessment, assignments, and failures on demand. */
class CaseApiDouble implements AssessmentApi {
  status: 'draft' | 'completed' = 'draft';
  answers = new Map<string, { value: string | string[]; rationale: string | null }>();
  assignees: string[] = [];
  plans: CreatePlanRequest[] = [];
  calls: string[] = [];
  planFailure: ApiError | undefined;

  async create() {
    return { id: ID };
  }
  async saveAnswer(_o: unknown, _id: string, itemId: string, request: { value: string | string[]; rationale?: string | null }) {
    this.calls.push(`save ${itemId}`);
    if (this.status === 'completed') throw new ApiError('rejected', problemTypeUri('not-draft'), 'API 409');
    this.answers.set(itemId, { value: request.value, rationale: request.rationale ?? null });
  }
  async complete() {
    this.calls.push('complete');
    if (this.status === 'completed') throw new ApiError('rejected', problemTypeUri('not-draft'), 'API 409');
    this.status = 'completed';
    return { caseNumber: CASE, reassessOn: DUE };
  }
  async get(): Promise<AssessmentResponse> {
    return {
      ...this.summary(),
      answers: [...this.answers].map(([itemId, a]) => ({ itemId, ...a, answeredBy: OFFICER, answeredAt: '2026-11-25T10:00:00.000Z' })),
      derived:
        this.status === 'completed'
          ? { packId: pack.pack.id, packVersion: pack.pack.version, instrumentId: 'hot_test', domains: [], judgements: { overall: 'hog' }, flags: [], suggestedMeasures: [], reassessment: { level: 'hog', days: 7, dueOn: DUE } }
          : null,
    };
  }
  async listForCase(_o: unknown, caseNumber: string) {
    if (caseNumber !== CASE) throw new ApiError('rejected', problemTypeUri('not-found'), 'API 404');
    return [this.summary()];
  }
  async caseAssignees() {
    this.calls.push('read case');
    return [...this.assignees];
  }
  async assign(_o: unknown, _c: string, officerId: string) {
    this.calls.push(`assign ${officerId}`);
    if (!this.assignees.includes(officerId)) this.assignees.push(officerId);
  }
  async createPlan(_o: unknown, _c: string, request: CreatePlanRequest) {
    this.calls.push('create plan');
    if (this.planFailure) throw this.planFailure;
    if (this.plans.some((p) => p.assessmentId === request.assessmentId)) return { status: 'already_created' } as const;
    this.plans.push(request);
    return { status: 'created', planId: '99999999-2222-4333-8444-555555555555' } as const;
  }
  private summary() {
    const at = '2026-11-25T10:00:00.000Z';
    return {
      id: ID,
      caseNumber: CASE,
      region: 'stockholm' as const,
      level: 'structured' as const,
      instrumentId: 'hot_test',
      pack: { id: pack.pack.id, version: pack.pack.version, hash: pack.hash },
      status: this.status,
      officerId: OFFICER,
      createdAt: at,
      updatedAt: at,
      completedAt: this.status === 'completed' ? at : null,
    };
  }
}

function harness() {
  const api = new CaseApiDouble();
  const router = new ConversationRouter({ methodology, api, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, log: pino({ level: 'silent' }) }, 'sv');
  const conversation: Record<string, unknown> = {};
  const user: Record<string, unknown> = {};
  const adapter = new TestAdapter((context) => router.handle(context, conversation, user, { officer: { id: OFFICER }, text: context.activity.text, value: context.activity.value, conversationRef: 'fiktivt-samtal' }));
  const say = async (text: string) => {
    await adapter.processActivity({ type: 'message', text } as Partial<Activity>);
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
  return { api, say, conversation, answerUpToReason };
}

const completedText = t('sv', 'completed.withDue', { instrument: 'Hot (test)', reference: '11111111', dueOn: DUE });
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
  ].join('\n\n');

describe('protection plan of a structured assessment in chat', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness();
  });

  it('saves the plan when the assessment completes: each chosen measure proposed in its part, the officer responsible, followed up on the derived date', async () => {
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, planText(true)]);
    expect(h.api.plans).toEqual([expectedPlan]);
    // The policy lets only assigned officers write a plan: the officer is assigned (through the API) before it.
    expect(h.api.calls.slice(-4)).toEqual(['complete', 'read case', `assign ${OFFICER}`, 'create plan']);
    expect(await h.say('tillbaka')).toEqual([t('sv', 'back.notInAssessment')]);
  });

  it('does not assign an officer who is assigned to the case already', async () => {
    h.api.assignees = [OFFICER];
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, planText(false)]);
    expect(h.api.calls).not.toContain(`assign ${OFFICER}`);
  });

  it('keeps the assessment completed and tells the officer how to retry when the plan is refused; "skapa plan" then saves it, once', async () => {
    h.api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.failed.unavailable')]);
    expect(h.api.status).toBe('completed');
    expect(h.api.calls.filter((c) => c === 'complete')).toHaveLength(1);
    expect(h.api.plans).toEqual([]);
    expect(await h.say('tillbaka')).toEqual([t('sv', 'back.notInAssessment')]);

    h.api.planFailure = undefined;
    expect(await h.say('skapa plan 5000-k123456-25')).toEqual([planText(false)]);
    expect(h.api.plans).toEqual([expectedPlan]);
    expect(await h.say('skapa plan 5000-K123456-25')).toEqual([t('sv', 'plan.alreadySaved')]);
    expect(h.api.plans).toHaveLength(1);
  });

  it('says why when the policy refuses the plan', async () => {
    h.api.planFailure = new ApiError('forbidden', problemTypeUri('forbidden'), 'API 403');
    await h.answerUpToReason();
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.failed.notAllowed')]);
  });

  it('goes on to the plan, and saves it once, when a turn run again finds its assessment completed by the first run', async () => {
    await h.answerUpToReason();
    const before = structuredClone(h.conversation.dialogState);
    expect(await h.say(REASON)).toEqual([completedText, planText(true)]);
    // The turn's state write lost (an eTag conflict): the re-run starts from the state before it.
    h.conversation.dialogState = before;
    expect(await h.say(REASON)).toEqual([completedText, t('sv', 'plan.alreadySaved')]);
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
});
