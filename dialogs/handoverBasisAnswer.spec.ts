import { describe, expect, it } from 'vitest';
import type { AssessmentSummaryResponse } from '../api/assessmentContract.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { transition } from './assessmentRunner.js';
import { startAssessment } from './assessmentStart.js';
import { handoverBasisAnswer } from './handoverBasisAnswer.js';
import type { HandoverView } from './handoverView.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

const pack = new FilePackSource().get('bops-exempel', '1.1.1')!;
const ctx: RunnerContext = { pack, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, today: '2026-12-07' };
const fordjupad = findInstrument(pack, 'fordjupad');
const CASE_NUMBER = '1500-K004712-26';
const ESCALATED = '00000000-0000-4000-8000-0000000000e1';
const LATER = '00000000-0000-4000-8000-0000000000e2';
const DRAFT = '00000000-0000-4000-8000-0000000000e3';

const handover: HandoverView = {
  caseNumber: CASE_NUMBER,
  structuredAssessmentId: ESCALATED,
  instrument: { sv: 'SARA:SV', en: 'SARA:SV' },
  completedOn: '2026-12-05',
  judgements: [],
  factors: [],
  measures: [],
  note: 'Fiktiv anteckning.',
};

const summary = (id: string, over: Partial<AssessmentSummaryResponse>): AssessmentSummaryResponse => ({
  id,
  caseNumber: CASE_NUMBER,
  region: 'vast',
  level: 'structured',
  instrumentId: 'sarasv',
  pack: { id: 'bops-exempel', version: '1.1.1' },
  status: 'completed',
  officerId: 'officer-1',
  createdAt: '2026-12-05T08:00:00.000Z',
  updatedAt: '2026-12-05T09:00:00.000Z',
  completedAt: '2026-12-05T09:00:00.000Z',
  ...over,
} as AssessmentSummaryResponse);

describe('the in-depth question the handover answers', () => {
  it('names the escalated structured assessment by instrument and date, in the officer’s language', () => {
    const listed = [summary(DRAFT, { level: 'in_depth', instrumentId: 'fordjupad', status: 'draft', completedAt: null }), summary(ESCALATED, {})];
    expect(handoverBasisAnswer(fordjupad, handover, listed, 'sv')).toEqual({ itemId: 'strukturerad_bedomning', value: 'SARA:SV, slutförd 2026-12-05' });
    expect(handoverBasisAnswer(fordjupad, handover, listed, 'en')).toEqual({ itemId: 'strukturerad_bedomning', value: 'SARA:SV, completed 2026-12-05' });
  });

  it('does not guess: a structured assessment completed after the escalated one, or none listed, leaves the question open', () => {
    const later = summary(LATER, { instrumentId: 'sam', createdAt: '2026-12-06T08:00:00.000Z', completedAt: '2026-12-06T09:00:00.000Z' });
    expect(handoverBasisAnswer(fordjupad, handover, [later, summary(ESCALATED, {})], 'sv')).toBeUndefined();
    expect(handoverBasisAnswer(fordjupad, handover, [], 'sv')).toBeUndefined();
    // A later one still a draft, or discarded, is not one to build on: the escalated one stands.
    const draft = summary(LATER, { status: 'draft', completedAt: null, createdAt: '2026-12-06T08:00:00.000Z' });
    expect(handoverBasisAnswer(fordjupad, handover, [draft, summary(ESCALATED, {})], 'sv')?.itemId).toBe('strukturerad_bedomning');
  });

  it('answers nothing for an instrument without such a question', () => {
    expect(handoverBasisAnswer(findInstrument(pack, 'sarasv'), handover, [summary(ESCALATED, {})], 'sv')).toBeUndefined();
  });
});

describe('an in-depth assessment created with the handover’s answer', () => {
  const ID = '11111111-2222-4333-8444-555555555555';
  const createdWith = (mode?: 'compact'): RunnerStep => {
    const start = startAssessment(pack, 'in_depth', undefined, mode);
    const asked = transition(ctx, start.state, { type: 'text', text: CASE_NUMBER });
    return transition(ctx, asked.state, { type: 'created', assessmentId: ID, fromHandover: { itemId: 'strukturerad_bedomning', value: 'SARA:SV, slutförd 2026-12-05' } });
  };

  it('saves it as an answer, says so, and asks the next question; back shows it answered, to change', () => {
    const step = createdWith();
    expect(step.effects).toEqual([{ type: 'saveAnswer', assessmentId: ID, itemId: 'strukturerad_bedomning', value: 'SARA:SV, slutförd 2026-12-05', rationale: null }]);
    expect(step.state).toMatchObject({ phase: 'question', current: 'anledning', history: ['strukturerad_bedomning'], answers: { strukturerad_bedomning: { value: 'SARA:SV, slutförd 2026-12-05', rationale: null } } });
    expect(step.replies.flatMap((r) => (r.type === 'message' ? [r.key] : []))).toEqual(['assessment.created', 'handover.basisAnswered']);
    expect(step.replies.find((r) => r.type === 'message' && r.key === 'handover.basisAnswered')).toMatchObject({ params: { question: { sv: 'Strukturerad bedömning' }, answer: 'SARA:SV, slutförd 2026-12-05' } });
    expect(step.replies.flatMap((r) => (r.type === 'question' ? [r.view] : []))).toEqual([expect.objectContaining({ itemId: 'anledning', position: 2 })]);

    const back = transition(ctx, step.state, { type: 'back' });
    expect(back.effects).toEqual([]);
    expect(back.replies.flatMap((r) => (r.type === 'question' ? [r.view] : []))).toEqual([expect.objectContaining({ itemId: 'strukturerad_bedomning', position: 1, currentAnswer: 'SARA:SV, slutförd 2026-12-05' })]);
    // Changed there, it is saved again like any answer.
    const changed = transition(ctx, back.state, { type: 'text', text: 'SAM, slutförd 2026-12-04' });
    expect(changed.effects).toEqual([{ type: 'saveAnswer', assessmentId: ID, itemId: 'strukturerad_bedomning', value: 'SAM, slutförd 2026-12-04', rationale: null }]);
  });

  it('in compact mode, fills it in on the first card and says it can be changed there', () => {
    const step = createdWith('compact');
    expect(step.effects).toEqual([expect.objectContaining({ type: 'saveAnswer', itemId: 'strukturerad_bedomning' })]);
    expect(step.replies.flatMap((r) => (r.type === 'message' ? [r.key] : []))).toEqual(['assessment.createdCompact', 'handover.basisAnsweredCompact']);
  });

  it('without the handover’s answer, asks the first question as before', () => {
    const start = startAssessment(pack, 'in_depth');
    const asked = transition(ctx, start.state, { type: 'text', text: CASE_NUMBER });
    const step = transition(ctx, asked.state, { type: 'created', assessmentId: ID });
    expect(step.effects).toEqual([]);
    expect(step.replies.flatMap((r) => (r.type === 'question' ? [r.view] : []))).toEqual([expect.objectContaining({ itemId: 'strukturerad_bedomning', position: 1 })]);
  });
});
