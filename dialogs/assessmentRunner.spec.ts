import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { transition } from './assessmentRunner.js';
import { resumeAssessment, startAssessment } from './assessmentStart.js';
import type { EffectResult, OfficerInput } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

// Pinned to 1.0.0: these cases count its items; 1.0.0 stays loaded for the drafts and assessments made with it.
const pack = new FilePackSource().get('bops-exempel', '1.0.0')!;
const ctx: RunnerContext = { pack, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, today: '2026-11-25' };
const ID = '11111111-2222-4333-8444-555555555555';

function created(): RunnerState {
  const start = startAssessment(pack, 'initial');
  const asked = transition(ctx, start.state, { type: 'text', text: '5000-K123456-25' });
  return transition(ctx, asked.state, { type: 'created', assessmentId: ID }).state;
}

function run(state: RunnerState, ...inputs: (OfficerInput | EffectResult)[]): RunnerStep {
  let step: RunnerStep = { state, effects: [], replies: [], ended: false };
  for (const input of inputs) step = transition(ctx, step.state, input);
  return step;
}

const text = (t: string): OfficerInput => ({ type: 'text', text: t });
const questionOf = (step: RunnerStep) => step.replies.flatMap((r) => (r.type === 'question' ? [r.view] : []))[0];
const messages = (step: RunnerStep) => step.replies.flatMap((r) => (r.type === 'message' ? [r.key] : []));

describe('assessment runner', () => {
  it('asks for the case number again, with a clear error, when it does not match the pattern', () => {
    const start = startAssessment(pack, 'initial');
    const step = transition(ctx, start.state, text('K123'));
    expect(messages(step)).toEqual(['assessment.caseNumberInvalid']);
    expect(step.effects).toEqual([]);
    expect(step.state).toEqual(start.state);
  });

  it('creates the assessment under the exact pack version and hash, with the case number upper-cased', () => {
    const start = startAssessment(pack, 'initial');
    const step = transition(ctx, start.state, text(' 5000-k123456-25 '));
    expect(step.effects).toEqual([
      { type: 'createAssessment', caseNumber: '5000-K123456-25', level: 'initial', instrumentId: 'initial', pack: { id: 'bops-exempel', version: pack.pack.version, hash: pack.hash } },
    ]);
  });

  it('saves each answer as it is given and moves to the next question', () => {
    const step = run(created(), text('ja'));
    expect(step.effects).toEqual([{ type: 'saveAnswer', assessmentId: ID, itemId: 'hotbildsfraga', value: 'ja', rationale: null }]);
    expect(questionOf(step)).toMatchObject({ itemId: 'relation', position: 2, total: 11 });
  });

  it('counts what can still come, so the total only falls answering forward', () => {
    expect(questionOf(run(created(), text('ja'), text('4')))).toMatchObject({ itemId: 'tidigare_vald', position: 3, total: 9 });
    const partner = run(created(), text('ja'), text('1'));
    expect(questionOf(partner)).toMatchObject({ itemId: 'tidigare_vald', position: 3, total: 11 });
    expect(messages(partner)).toEqual([]);
  });

  it('says why the total rose when a changed earlier answer opens questions', () => {
    const stranger = run(created(), text('ja'), text('4'), text('nej'), { type: 'back' }, { type: 'back' });
    expect(questionOf(stranger)).toMatchObject({ itemId: 'relation', total: 9 });
    const partner = run(stranger.state, text('1'));
    expect(partner.replies[0]).toEqual({ type: 'message', key: 'question.branchOpened.many', params: { count: 2, topic: { sv: 'varningstecken', en: 'red flags' } } });
    expect(questionOf(partner)).toMatchObject({ itemId: 'dodshot', total: 11 });
  });

  it('points a list typed one question at a time to compact mode, and saves nothing of it', () => {
    const state = created();
    const list = run(state, text('ja, 1, nej'));
    expect(messages(list)).toEqual(['question.notRecognised', 'question.listNeedsCompact']);
    expect(list.effects).toEqual([]);
    expect(list.state).toEqual(state);
    expect(questionOf(list)).toMatchObject({ itemId: 'hotbildsfraga' });
    expect(messages(run(state, text('kanske')))).toEqual(['question.notRecognised']);
    // "answer, more" where the answer asks no reason is such a list too: nothing typed is dropped unseen.
    const more = run(state, text('ja, hon är rädd'));
    expect(messages(more)).toEqual(['question.notRecognised', 'question.listNeedsCompact']);
    expect(more.effects).toEqual([]);
    expect(more.state).toEqual(state);
  });

  it('keeps the state and saves nothing when the answer is not recognised or empty', () => {
    const state = created();
    for (const bad of ['kanske', '7', '   ']) {
      const step = run(state, text(bad));
      expect(step.effects).toEqual([]);
      expect(step.state).toEqual(state);
      expect(questionOf(step)).toMatchObject({ itemId: 'hotbildsfraga' });
    }
  });

  it('goes back to the previous question showing the current answer, and continues where it was after re-answering', () => {
    const back = run(created(), text('ja'), text('4'), { type: 'back' });
    expect(questionOf(back)).toMatchObject({ itemId: 'relation', currentAnswer: { sv: 'Okänd eller ingen känd person' } });
    const again = run(back.state, text('4'));
    expect(questionOf(again)).toMatchObject({ itemId: 'tidigare_vald' });
  });

  it('drops answers to questions that no longer apply when a gate answer changes', () => {
    const partner = run(created(), text('ja'), text('1'), ...Array(6).fill(text('nej')), text('ja'));
    expect(partner.state.answers.separation).toEqual({ value: 'ja', rationale: null });
    const backToRelation = run(partner.state, ...Array(8).fill({ type: 'back' }));
    expect(questionOf(backToRelation)).toMatchObject({ itemId: 'relation' });
    const stranger = run(backToRelation.state, text('4'));
    expect(stranger.state.answers.separation).toBeUndefined();
    expect(stranger.state.history).not.toContain('separation');
  });

  it('asks for a written reason for the decision and completes only with one', () => {
    const decision = run(created(), text('nej'), text('4'), ...Array(6).fill(text('nej')));
    expect(decision.replies[0]).toMatchObject({ type: 'summary' });
    expect(questionOf(decision)).toMatchObject({ itemId: 'beslut', kind: 'choice' });
    const chose = run(decision.state, text('2'));
    expect(chose.effects).toEqual([]);
    expect(questionOf(chose)).toMatchObject({ kind: 'rationale', answer: { sv: 'Remittera inte' } });
    const empty = run(chose.state, { type: 'submit', data: { verb: 'rationale', itemId: 'beslut', rationale: '  ' } });
    expect(messages(empty)).toEqual(['rationale.empty']);
    expect(empty.ended).toBe(false);
    const done = run(chose.state, text('Inga varningstecken.'));
    expect(done.effects).toEqual([
      { type: 'saveAnswer', assessmentId: ID, itemId: 'beslut', value: 'remittera_inte', rationale: 'Inga varningstecken.' },
      { type: 'complete', assessmentId: ID },
    ]);
    // The dialog ends once the API answered the completion: an initial assessment makes no plan.
    expect(done.ended).toBe(false);
    const completed = run(done.state, { type: 'completed', caseNumber: '5000-K123456-25', reassessOn: null });
    expect(completed.effects).toEqual([]);
    expect(completed.ended).toBe(true);
  });

  it('takes an answer that asks a reason typed with the reason after a comma, as the two messages would be', () => {
    const decision = run(created(), text('nej'), text('4'), ...Array(6).fill(text('nej')));
    const done = run(decision.state, text('remittera inte, inga varningstecken; målsäganden har flyttat'));
    expect(done.effects).toEqual([
      { type: 'saveAnswer', assessmentId: ID, itemId: 'beslut', value: 'remittera_inte', rationale: 'inga varningstecken; målsäganden har flyttat' },
      { type: 'complete', assessmentId: ID },
    ]);
    expect(run(decision.state, text('2, Inga varningstecken.')).effects).toEqual(run(decision.state, text('2'), text('Inga varningstecken.')).effects);
    // A reason still has to be one the API can store: refused as when typed alone, the answer kept waiting for it.
    const refused = run(decision.state, text('2, Inga\u0000varningstecken'));
    expect(messages(refused)).toEqual(['text.forbiddenCharacter']);
    expect(refused.effects).toEqual([]);
    expect(refused.state).toMatchObject({ phase: 'rationale', pending: 'remittera_inte' });
  });

  it('names a character the API cannot store in a reason, saves nothing and keeps the answer being motivated', () => {
    const decision = run(created(), text('nej'), text('4'), ...Array(6).fill(text('nej')));
    const chose = run(decision.state, text('2'));
    for (const [typed, character] of [['Inga\u0000varningstecken', 'U+0000'], ['Inklistrad \u001b[0mtext', 'U+001B']] as const) {
      const refused = run(chose.state, text(typed));
      expect(refused.replies[0]).toEqual({ type: 'message', key: 'text.forbiddenCharacter', params: { character } });
      expect(refused.effects).toEqual([]);
      expect(refused.state).toEqual(chose.state);
      expect(questionOf(refused)).toMatchObject({ kind: 'rationale' });
    }
    expect(run(chose.state, text('Rad ett\nrad två')).effects[0]).toMatchObject({ type: 'saveAnswer', rationale: 'Rad ett\nrad två' });
  });

  it('tells a reason longer than the API takes by field, limit and length, the card again holding it, nothing saved and the answer still being motivated', () => {
    const decision = run(created(), text('nej'), text('4'), ...Array(6).fill(text('nej')));
    const chose = run(decision.state, text('2'));
    // Longer than the old card cap (20 000) as well as the limit (4000): read, not refused as a card not recognised.
    const long = 'Inga varningstecken i förhören. '.repeat(800).trim();
    const refused = run(chose.state, { type: 'submit', data: { verb: 'rationale', itemId: 'beslut', rationale: long } });
    expect(refused.replies[0]).toEqual({ type: 'message', key: 'textFault.length', params: { field: { sv: 'Motiveringen', en: 'The reason' }, max: 4000, length: long.length } });
    expect(questionOf(refused)).toMatchObject({ kind: 'rationale', maxLength: 4000, written: long });
    expect(refused.effects).toEqual([]);
    expect(refused.state).toEqual(chose.state);
    const shortened = long.slice(0, 4000).trim();
    expect(run(chose.state, { type: 'submit', data: { verb: 'rationale', itemId: 'beslut', rationale: shortened } }).effects[0]).toMatchObject({ type: 'saveAnswer', itemId: 'beslut', rationale: shortened });
  });

  it('refuses a button from another question and unknown card data without changing anything', () => {
    const state = created();
    const stale = run(state, { type: 'submit', data: { verb: 'answer', itemId: 'vapen', value: 'ja' } });
    expect(messages(stale)).toEqual(['question.staleCard']);
    expect(stale.state).toEqual(state);
    const junk = run(state, { type: 'submit', data: { verb: 'delete-everything' } });
    expect(messages(junk)).toEqual(['question.staleCard']);
    expect(junk.effects).toEqual([]);
  });

  it('keeps the draft when the officer cancels after the assessment was created, and says nothing was saved before', () => {
    expect(messages(run(created(), { type: 'cancel' }))).toEqual(['cancel.keptDraft']);
    expect(messages(run(startAssessment(pack, 'initial').state, { type: 'cancel' }))).toEqual(['cancel.nothingSaved']);
  });
});

describe('resuming from the draft saved through the API', () => {
  /** Answers typed one after another, and what the API would hold afterwards (the saveAnswer effects, last one wins). */
  function answered(...typed: string[]) {
    let state = created();
    const draft = new Map<string, { itemId: string; value: string | string[]; rationale: string | null }>();
    for (const t of typed) {
      const step = transition(ctx, state, text(t));
      for (const effect of step.effects) if (effect.type === 'saveAnswer') draft.set(effect.itemId, { itemId: effect.itemId, value: effect.value, rationale: effect.rationale });
      state = step.state;
    }
    return { live: state, draft: [...draft.values()] };
  }

  it.each([[['1']], [['1', '1']], [['1', '1', '3', '1']], [['2']]])('lands where the live dialog is after %j', (typed) => {
    const { live, draft } = answered(...typed);
    const resumed = resumeAssessment(ctx, { assessmentId: ID, instrumentId: 'initial', answers: draft });
    expect(resumed.effects).toEqual([]);
    expect(resumed.ended).toBe(false);
    expect(resumed.state).toEqual(live);
    expect(messages(resumed)).toEqual(['assessment.resumed']);
    expect(questionOf(resumed)?.itemId).toBe(live.current);
  });

  it('starts at the first question of a draft without answers and leaves out answers to items the instrument does not ask', () => {
    const empty = resumeAssessment(ctx, { assessmentId: ID, instrumentId: 'initial', answers: [] });
    expect(empty.state).toMatchObject({ phase: 'question', assessmentId: ID, answers: {}, history: [] });
    expect(questionOf(empty)?.position).toBe(1);
    const { draft } = answered('1', '1', '3', '1');
    const unknownItem = { itemId: 'not-in-this-instrument', value: 'ja', rationale: null };
    const resumed = resumeAssessment(ctx, { assessmentId: ID, instrumentId: 'initial', answers: [...draft, unknownItem] });
    expect(resumed.state.answers).not.toHaveProperty('not-in-this-instrument');
  });
});

describe('an assessment of a case known beforehand (the work list’s "Ompröva")', () => {
  it('creates the assessment of that case as soon as the instrument is picked, without asking for the number', () => {
    const start = startAssessment(pack, 'structured', '5000-K123456-25');
    const step = transition(ctx, start.state, text('SARA:SV'));
    // A structured assessment first looks for the case's previous one (omprövning); with none, the draft is created.
    expect(step.effects).toEqual([{ type: 'findPrevious', caseNumber: '5000-K123456-25', instrumentId: 'sarasv' }]);
    expect(step.state.presetCaseNumber).toBeUndefined();
    const none = transition(ctx, step.state, { type: 'previous', caseNumber: '5000-K123456-25', previous: undefined });
    expect(none.effects).toEqual([expect.objectContaining({ type: 'createAssessment', caseNumber: '5000-K123456-25', instrumentId: 'sarasv' })]);
    expect(none.replies).toEqual([]);
  });

  it('asks for the number as usual without one', () => {
    const step = transition(ctx, startAssessment(pack, 'structured').state, text('SARA:SV'));
    expect(step.effects).toEqual([]);
    expect(step.state.phase).toBe('case_number');
  });
});
