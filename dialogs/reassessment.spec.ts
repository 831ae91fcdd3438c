// Omprövning in the pure runner (issue 12, item 5), on the shipped SARA:SV:
// the offer, the previous rating at each factor, a domain confirmed unchanged
// in one step, judgements never copied, and what changed at completion.
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { transition } from './assessmentRunner.js';
import { renderReply } from './cardRenderer.js';
import { startAssessment } from './assessmentStart.js';
import { OFFER_INPUT } from './offerOnFirstCard.js';
import type { ChangeSummaryView } from './reassessmentViews.js';
import type { PreviousAssessment } from './reassessmentState.js';
import type { Reply } from './reply.js';
import type { EffectResult, OfficerInput } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext, RunnerStep } from './runnerStep.js';

const pack = new FilePackSource().get('bops-exempel', '1.1.1')!;
const ctx: RunnerContext = { pack, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, today: '2026-12-04' };
const ID = '11111111-2222-4333-8444-555555555555';
const CASE = '5000-K123456-25';

const rated = (now: string, earlier: string) => ({ value: [`nu:${now}`, `tidigare:${earlier}`], rationale: null });
const PREVIOUS: PreviousAssessment = {
  id: '99999999-2222-4333-8444-555555555555',
  completedOn: '2026-11-20',
  answers: {
    informationskallor: { value: 'Samtal och register.', rationale: null },
    information_tillracklig: { value: 'ja', rationale: null },
    sara01: rated('j', 'j'),
    sara02: rated('j', 'n'),
    sara03: rated('n', 'n'),
    sara04: { value: ['nu:otillracklig', 'tidigare:n'], rationale: 'Uppgift om beslut saknas.' },
    sara05: rated('n', 'n'),
    sara06: rated('n', 'n'),
    sara07: rated('n', 'n'),
    sara08: rated('n', 'n'),
    sara09: rated('n', 'n'),
    sara10: rated('n', 'n'),
    sara11: rated('n', 'n'),
    sara12: rated('j', 'j'),
    sara13: rated('n', 'n'),
    sara14: rated('n', 'n'),
    sara15: rated('n', 'n'),
    sara01_rel: { value: 'hog', rationale: null },
    sara02_rel: { value: 'medel', rationale: null },
    sara12_rel: { value: 'hog', rationale: null },
    samlad_risk: { value: 'hog', rationale: 'Upprepat våld.' },
    risk_allvarligt_vald: { value: 'hog', rationale: 'Upprepat våld.' },
    akut_risk: { value: 'medel', rationale: 'Ingen kontakt just nu.' },
  },
  measures: [
    { part: 'skydd', measureId: 'larmpaket', status: 'decided' },
    { part: 'reducering', measureId: 'kontaktforbud', status: 'decided' },
  ],
  dueOn: '2026-11-27',
};

const text = (t: string): OfficerInput => ({ type: 'text', text: t });
const submit = (data: Record<string, string>): OfficerInput => ({ type: 'submit', data });
const unchanged = (itemId: string) => submit({ verb: 'unchanged', itemId });
function run(state: RunnerState, ...inputs: (OfficerInput | EffectResult)[]): RunnerStep {
  let step: RunnerStep = { state, effects: [], replies: [], ended: false };
  for (const input of inputs) {
    const next = transition(ctx, step.state, input);
    step = { ...next, effects: [...step.effects, ...next.effects], replies: next.replies };
  }
  return step;
}
const question = (step: RunnerStep) => step.replies.flatMap((r) => (r.type === 'question' ? [r.view] : []))[0];
const keys = (replies: Reply[]) => replies.map((r) => (r.type === 'message' ? r.key : r.type));
const saved = (step: RunnerStep) => step.effects.flatMap((e) => (e.type === 'saveAnswer' ? [[e.itemId, e.value, e.rationale]] : []));

/** SARA:SV picked on a case whose previous assessment was found. */
function offered(previous: PreviousAssessment = PREVIOUS): RunnerStep {
  const start = startAssessment(pack, 'structured', CASE);
  return run(start.state, text('SARA:SV'), { type: 'previous', caseNumber: CASE, previous });
}

/** The omprövning chosen and created, at the first factor (the information items answered). */
function atFirstFactor(previous: PreviousAssessment = PREVIOUS): RunnerState {
  return run(offered(previous).state, submit({ verb: 'reassess', choice: 'reassess' }), { type: 'created', assessmentId: ID }, text('Nya samtal.'), text('1')).state;
}

describe('omprövning', () => {
  it('offers to re-assess the previous assessment or to start afresh, and creates no draft before the officer chose', () => {
    const step = offered();
    expect(step.state).toMatchObject({ phase: 'reassess_offer', reassessment: { caseNumber: CASE, chosen: false } });
    expect(step.replies).toEqual([{ type: 'reassessmentOffer', view: { instrument: expect.objectContaining({ sv: 'SARA:SV' }), completedOn: '2026-11-20' } }]);
    expect(step.effects.filter((e) => e.type === 'createAssessment')).toEqual([]);
    expect(keys(run(step.state, text('kanske')).replies)).toEqual(['reassessment.offerNotRecognised', 'reassessmentOffer']);
  });

  it('starts a fresh assessment, with nothing of the previous one, when the officer chooses so', () => {
    for (const choice of [text('2'), text('ny bedömning'), submit({ verb: 'reassess', choice: 'fresh' })]) {
      const step = run(offered().state, choice);
      expect(step.effects.at(-1)).toMatchObject({ type: 'createAssessment', caseNumber: CASE, instrumentId: 'sarasv' });
      expect(step.state.reassessment).toBeUndefined();
      const created = run(step.state, { type: 'created', assessmentId: ID });
      expect(keys(created.replies)[0]).toBe('assessment.created');
      const first = run(created.state, text('Samtal.'), text('1'));
      expect(question(first)).toMatchObject({ itemId: 'sara01' });
      expect(question(first)?.previous).toBeUndefined();
    }
  });

  it('shows the previous rating at each factor and offers the whole domain unchanged', () => {
    const state = atFirstFactor();
    expect(state.reassessment?.chosen).toBe(true);
    expect(question(run(state, { type: 'reprompt' }))).toMatchObject({
      itemId: 'sara01',
      previous: { on: '2026-11-20', answer: { sv: 'Nu: J – förekommer · Tidigare: J – förekommer', en: expect.any(String) }, domainUnchanged: true },
    });
  });

  it('saves the domain as rated last time in one step, reasons included, and goes on after it', () => {
    const step = run(atFirstFactor(), unchanged('sara01'));
    expect(saved(step)).toEqual([
      ['sara01', ['nu:j', 'tidigare:j'], null],
      ['sara02', ['nu:j', 'tidigare:n'], null],
      ['sara03', ['nu:n', 'tidigare:n'], null],
      ['sara04', ['nu:otillracklig', 'tidigare:n'], 'Uppgift om beslut saknas.'],
      ['sara05', ['nu:n', 'tidigare:n'], null],
    ]);
    expect(keys(step.replies)).toEqual(['reassessment.domainConfirmed', 'question']);
    expect(question(step)).toMatchObject({ itemId: 'sara06' });
    expect(step.state.history.slice(-5)).toEqual(['sara01', 'sara02', 'sara03', 'sara04', 'sara05']);
    // Typing it does the same, however it is typed: the word, the button's label, with a full stop, without accents.
    for (const typed of ['oförändrat', 'Oförändrat', 'oförändrat.', 'oforandrat', 'OFÖRÄNDRAT!', 'Oförändrat för hela domänen', 'unchanged', 'Unchanged for the whole domain.']) {
      expect(saved(run(atFirstFactor(), text(typed))), typed).toHaveLength(5);
    }
  });

  it('in compact mode shows each factor’s previous rating on the domain card, never filled in, and confirms the domain from the card', () => {
    const state: RunnerState = { ...atFirstFactor(), mode: 'compact' };
    const shown = run(state, { type: 'reprompt' });
    const compact = shown.replies.flatMap((r) => (r.type === 'compact' ? [r.view] : []))[0]!;
    expect(compact.fields.map((f) => [f.itemId, f.previous?.sv])).toEqual([
      ['sara01', 'Nu: J – förekommer · Tidigare: J – förekommer'],
      ['sara02', 'Nu: J – förekommer · Tidigare: N – förekommer inte'],
      ['sara03', 'Nu: N – förekommer inte · Tidigare: N – förekommer inte'],
      ['sara04', expect.stringContaining('Nu: ')],
      ['sara05', 'Nu: N – förekommer inte · Tidigare: N – förekommer inte'],
    ]);
    expect(compact.fields.every((f) => Object.keys(f.values).length === 0)).toBe(true);
    expect(compact.reassessment).toEqual({ on: '2026-11-20', unchangedFrom: 'sara01' });
    const card = renderReply(shown.replies.find((r) => r.type === 'compact')!, 'sv');
    const json = JSON.stringify(card);
    expect(json).toContain('Förra bedömningen (2026-11-20): Nu: J – förekommer · Tidigare: J – förekommer');
    expect(json).toContain('"verb":"unchanged","itemId":"sara01"');
    // The button confirms the whole domain and the next domain's card follows, in compact mode still.
    const step = run(state, unchanged('sara01'));
    expect(saved(step).map(([id]) => id)).toEqual(['sara01', 'sara02', 'sara03', 'sara04', 'sara05']);
    expect(keys(step.replies)).toEqual(['reassessment.domainConfirmed', 'compact']);
    const next = step.replies.flatMap((r) => (r.type === 'compact' ? [r.view] : []))[0]!;
    expect(next.fields[0]?.itemId).toBe('sara06');
    expect(next.reassessment?.unchangedFrom).toBe('sara06');
  });

  it('keeps a factor the officer changed and confirms the rest of its domain', () => {
    const step = run(atFirstFactor(), text('D J'), unchanged('sara02'));
    expect(saved(step).map(([id, value]) => [id, value])).toEqual([
      ['sara01', ['nu:d', 'tidigare:j']],
      ['sara02', ['nu:j', 'tidigare:n']],
      ['sara03', ['nu:n', 'tidigare:n']],
      ['sara04', ['nu:otillracklig', 'tidigare:n']],
      ['sara05', ['nu:n', 'tidigare:n']],
    ]);
    expect(step.state.answers['sara01']?.value).toEqual(['nu:d', 'tidigare:j']);
  });

  it('refuses to confirm a domain a previous rating is missing from, and a card of another question', () => {
    const { sara03: _gone, ...answers } = PREVIOUS.answers;
    const state = atFirstFactor({ ...PREVIOUS, answers });
    expect(question(run(state, { type: 'reprompt' }))?.previous?.domainUnchanged).toBe(false);
    const refused = run(state, unchanged('sara01'));
    expect(keys(refused.replies)).toEqual(['reassessment.cannotConfirm', 'question']);
    expect(refused.effects).toEqual([]);
    expect(keys(run(state, text('oförändrat')).replies)).toEqual(['reassessment.cannotConfirm', 'question']);
    expect(keys(run(atFirstFactor(), unchanged('sara09')).replies)).toEqual(['question.staleCard', 'question']);
  });

  it('never copies a summary judgement: it shows the previous one, and the officer judges and gives reasons afresh', () => {
    let step = run(atFirstFactor(), unchanged('sara01'), unchanged('sara06'), unchanged('sara11'));
    expect(question(step)).toMatchObject({ itemId: 'sara01_rel', previous: { domainUnchanged: true } });
    step = run(step.state, unchanged('sara01_rel'));
    expect(question(step)).toMatchObject({ itemId: 'scenario_troligt' });
    expect(question(step)?.previous).toBeUndefined();
    step = run(step.state, text('Nytt hot.'), text('Allvarligt våld.'), text('1'), text('1'), text('ingen'), text('Stöd finns redan.'), text('1'));
    const judgement = question(step);
    expect(judgement).toMatchObject({ itemId: 'samlad_risk', previous: { answer: expect.objectContaining({ sv: expect.stringMatching(/hög/i) }), domainUnchanged: false } });
    expect(step.state.answers['samlad_risk']).toBeUndefined();
    expect(keys(run(step.state, text('oförändrat')).replies)[0]).toBe('question.notRecognised');
  });

  it('shows at completion what changed: factors from → to, the judgements, the measures, and the days from the planned date', () => {
    let step = run(atFirstFactor(), text('D J'), unchanged('sara02'), unchanged('sara06'), unchanged('sara11'), unchanged('sara01_rel'));
    step = run(step.state, text('Nytt hot.'), text('Allvarligt våld.'), text('1'), text('1'), text('ingen'), text('Stöd finns redan.'), text('1'));
    step = run(step.state, text('medel'), text('Färre kontakter.'), text('hög'), text('Upprepat våld.'), text('medel'), text('Ingen kontakt just nu.'));
    expect(step.effects.at(-1)).toEqual({ type: 'complete', assessmentId: ID });
    const done = transition(ctx, step.state, { type: 'completed', caseNumber: CASE, reassessOn: '2027-01-03' });
    expect(keys(done.replies)).toEqual(['completed.withDue', 'changes']);
    const view = done.replies.flatMap((r) => (r.type === 'changes' ? [r.view] : []))[0] as ChangeSummaryView;
    expect(view.factors.map((f) => [f.label.sv, f.from?.sv, f.to?.sv])).toEqual([[expect.any(String), 'Nu: J – förekommer · Tidigare: J – förekommer', 'Nu: D – förekommer delvis eller möjligen · Tidigare: J – förekommer']]);
    expect(view.unchangedFactors).toBe(17);
    expect(view.judgements.map((j) => [j.kind, j.from?.sv, j.to?.sv, j.changed])).toEqual([
      ['overall', expect.stringMatching(/hög/i), expect.stringMatching(/medel/i), true],
      ['seriousViolence', expect.stringMatching(/hög/i), expect.stringMatching(/hög/i), false],
      ['acute', expect.stringMatching(/medel/i), expect.stringMatching(/medel/i), false],
    ]);
    expect(view.measures).toEqual({ added: [expect.objectContaining({ sv: 'Riskreducerande insatser (RRI)' })], removed: [expect.objectContaining({ sv: expect.stringMatching(/kontaktförbud/i) })], kept: [expect.objectContaining({ sv: expect.stringMatching(/larm/i) })] });
    expect(view.due).toEqual({ on: '2026-11-27', daysFromDue: 7 });
  });

  it('words the offer and the change summary in Swedish and English, every parameter filled', () => {
    let step = run(atFirstFactor(), text('D J'), unchanged('sara02'), unchanged('sara06'), unchanged('sara11'), unchanged('sara01_rel'));
    step = run(step.state, text('Nytt hot.'), text('Allvarligt våld.'), text('1'), text('1'), text('ingen'), text('Stöd finns redan.'), text('1'));
    step = run(step.state, text('medel'), text('Färre kontakter.'), text('hög'), text('Upprepat våld.'), text('medel'), text('Ingen kontakt just nu.'));
    const changes = transition(ctx, step.state, { type: 'completed', caseNumber: CASE, reassessOn: '2027-01-03' }).replies.find((r) => r.type === 'changes')!;
    const sv = renderReply(changes, 'sv');
    const en = renderReply(changes, 'en');
    expect(sv).toEqual({ kind: 'text', text: expect.stringContaining('Omprövningen var planerad till 2026-11-27 och gjordes 7 dagar efter.') });
    expect(en).toEqual({ kind: 'text', text: expect.stringContaining('The re-assessment was due on 2026-11-27 and was done 7 days late.') });
    expect(sv.kind === 'text' && sv.text).toContain('- Samlad risk: Hög → Medel');
    expect(en.kind === 'text' && en.text).toContain('Factors: 1 changed, 17 unchanged.');
    const offer = renderReply(offered().replies[0]!, 'en');
    expect(JSON.stringify(offer)).toContain('The case has a completed assessment with **SARA:SV** from 2026-11-20.');
    for (const rendered of [sv, en, offer]) expect(JSON.stringify(rendered)).not.toMatch(/\{[a-z]+\}/i);
  });
});

describe('omprövning offered on the first compact card (issue 13)', () => {
  /** SARA:SV picked in compact mode on a case whose previous assessment was found. */
  function offeredCompact(): RunnerStep {
    const start = startAssessment(pack, 'structured', CASE, 'compact');
    return run(start.state, text('SARA:SV'), { type: 'previous', caseNumber: CASE, previous: PREVIOUS });
  }
  const compactView = (step: RunnerStep) => step.replies.flatMap((r) => (r.type === 'compact' ? [r.view] : []))[0];
  const card = (values: Record<string, string>) => submit({ verb: 'compact', group: 'information', ...values });
  const FILLED = { informationskallor: 'Nya samtal.', information_tillracklig: 'ja' };

  it('asks the choice on the first card, beside its questions, with nothing preselected and no draft before the officer chose', () => {
    const step = offeredCompact();
    expect(step.state).toMatchObject({ phase: 'reassess_offer', reassessment: { chosen: false } });
    const view = compactView(step)!;
    expect(view).toMatchObject({ groupId: 'information', offer: { completedOn: '2026-11-20', choice: undefined, missing: false } });
    expect(view.fields.map((f) => f.itemId)).toEqual(['informationskallor', 'information_tillracklig']);
    expect(step.effects.filter((e) => e.type === 'createAssessment')).toEqual([]);
    const rendered = JSON.stringify(renderReply(step.replies[0]!, 'sv'));
    expect(rendered).toContain('Ärendet har en slutförd bedömning med **SARA:SV** från 2026-11-20.');
    const choiceSet = (renderReply(step.replies[0]!, 'sv') as unknown as { card: { body: Record<string, unknown>[] } }).card.body.find((e) => e.id === OFFER_INPUT)!;
    expect(choiceSet).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, choices: [{ title: 'Omprövning', value: 'reassess' }, { title: 'Ny bedömning', value: 'fresh' }] });
    expect(choiceSet).not.toHaveProperty('value');
  });

  it('brings the card back marked, every value kept and nothing created, when the choice is missing', () => {
    const step = run(offeredCompact().state, card(FILLED));
    expect(keys(step.replies)).toEqual(['compact.marked', 'compact']);
    expect(compactView(step)).toMatchObject({ offer: { missing: true }, marked: 1 });
    expect(compactView(step)!.fields.map((f) => f.values)).toEqual([{ informationskallor: 'Nya samtal.' }, { information_tillracklig: 'ja' }]);
    expect(step.effects).toEqual([]);
    // The choice typed next keeps what the card held: it is saved once the omprövning is created.
    const typed = run(step.state, text('omprövning'), { type: 'created', assessmentId: ID });
    expect(typed.effects[0]).toMatchObject({ type: 'createAssessment', reassessmentOf: PREVIOUS.id });
    expect(saved(typed)).toEqual([['informationskallor', 'Nya samtal.', null], ['information_tillracklig', 'ja', null]]);
  });

  it('keeps the choice on a card that came back for a question left empty', () => {
    const step = run(offeredCompact().state, card({ [OFFER_INPUT]: 'fresh', informationskallor: 'Nya samtal.' }));
    expect(keys(step.replies)).toEqual(['compact.marked', 'compact']);
    expect(compactView(step)).toMatchObject({ offer: { choice: 'fresh', missing: false }, marked: 1 });
  });

  it('one Spara chooses the omprövning, creates it naming the previous assessment, saves the card and shows the next with the previous ratings', () => {
    const step = run(offeredCompact().state, card({ [OFFER_INPUT]: 'reassess', ...FILLED }), { type: 'created', assessmentId: ID });
    expect(step.effects[0]).toEqual(expect.objectContaining({ type: 'createAssessment', reassessmentOf: PREVIOUS.id }));
    expect(saved(step)).toEqual([['informationskallor', 'Nya samtal.', null], ['information_tillracklig', 'ja', null]]);
    expect(keys(step.replies)).toEqual(['reassessment.created', 'compact']);
    expect(step.state).toMatchObject({ phase: 'question', reassessment: { chosen: true }, kept: undefined });
    const next = compactView(step)!;
    expect(next.groupId).not.toBe('information');
    expect(next.fields[0]!.previous).toBeDefined();
    expect(next.offer).toBeUndefined();
  });

  it('one Spara chooses a new assessment: created without the previous, the card saved, no previous ratings shown', () => {
    const step = run(offeredCompact().state, card({ [OFFER_INPUT]: 'fresh', ...FILLED }), { type: 'created', assessmentId: ID });
    expect(step.effects[0]).toEqual(expect.not.objectContaining({ reassessmentOf: expect.anything() }));
    expect(saved(step)).toHaveLength(2);
    expect(keys(step.replies)).toEqual(['assessment.createdCompact', 'compact']);
    expect(step.state.reassessment).toBeUndefined();
    expect(compactView(step)!.fields[0]!.previous).toBeUndefined();
  });

  it('step by step keeps the offer a card of its own', () => {
    expect(keys(offered().replies)).toEqual(['reassessmentOffer']);
  });
});
