// Whatever an officer types or presses in an assessment — option labels, numbers,
// short labels and measure names in any order and separator, half-filled or
// tampered compact cards, free text, back and again — the pure runner never
// throws, never saves a value the API would refuse, never completes what the
// method would not, and never drops an answer whose question still applies
// ("never loses what was already entered"). Every instrument, step by step and
// compact, fast-check sequences of inputs of up to 40 steps; PROPERTY_RUNS
// raises the count. Not FUZZ_RUNS: CI raises that for the fuzzing over HTTP,
// and twelve properties of pure steps at that count took four minutes of the
// suite, near the test timeout on a loaded machine; run longer by hand
// (PROPERTY_RUNS=5000 npx vitest run dialogs/officerInputFuzz.spec.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACK_ID, FilePackSource } from '../methodology/filePackSource.js';
import { applicableItems, completionProblems, instrumentItems, optionsOf, validateAnswer, type GivenAnswer } from '../methodology/instrumentEngine.js';
import type { Instrument } from '../methodology/packSchema.js';
import { propertyRuns } from '../test/fuzzRuns.js';
import { transition } from './assessmentRunner.js';
import { startAssessment } from './assessmentStart.js';
import { compactGroupsOf } from './compactGroups.js';
import { compactInputId, REASON_PART } from './compactSubmission.js';
import type { OfficerInput } from './runnerInput.js';
import type { RunnerState } from './runnerState.js';
import type { RunnerContext } from './runnerStep.js';

const pack = new FilePackSource().active(DEFAULT_PACK_ID);
const ctx: RunnerContext = { pack, caseNumberPattern: /^\d{4}-K\d{1,7}-\d{2}$/, today: '2026-12-04' };
const ID = '11111111-2222-4333-8444-555555555555';
const CASE = '5000-K123456-25';

/** The assessment created and its first question asked, as the dialog would feed the runner its effects' results. */
function created(instrument: Instrument, mode: 'step' | 'compact'): RunnerState {
  let step = startAssessment(pack, instrument.level, undefined, mode === 'compact' ? 'compact' : undefined);
  if (step.state.phase === 'instrument') step = transition(ctx, step.state, { type: 'submit', data: { verb: 'instrument', instrumentId: instrument.id, caseNumber: CASE } });
  else step = transition(ctx, step.state, { type: 'text', text: CASE });
  for (let guard = 0; guard < 4 && step.state.phase !== 'question'; guard++) {
    const effect = step.effects[0];
    if (effect?.type === 'findPrevious') step = transition(ctx, step.state, { type: 'previous', caseNumber: CASE, previous: undefined });
    else if (effect?.type === 'createAssessment') step = transition(ctx, step.state, { type: 'created', assessmentId: ID });
    else throw new Error(`${instrument.id}: no question after creation (phase ${step.state.phase})`);
  }
  return step.state;
}

/** Words an officer types: every option's label, code, number and short label, its measures' names and a word of each, "ingen", ratings. */
function vocabulary(instrument: Instrument): string[] {
  const words = new Set(['ja', 'nej', 'vet ej', 'J', 'D', 'N', '–', '-', 'ingen', 'none', 'oförändrat', '1', '2', '3', '4', '12', '0', 'Motivering.', 'se anteckning', '']);
  for (const item of instrumentItems(instrument)) {
    if (item.type === 'choice' || item.type === 'relevance' || item.type === 'presence') {
      optionsOf(pack.pack, item).forEach((o, i) => {
        words.add(o.text.sv);
        words.add(o.code);
        words.add(`${i + 1}. ${o.text.sv}`);
        words.add(o.text.sv.split(/\s+/)[0]!);
      });
    }
  }
  const parts = new Set(instrumentItems(instrument).flatMap((i) => (i.type === 'measures' ? i.parts : [])));
  for (const m of pack.pack.measures.filter((x) => parts.has(x.part))) {
    words.add(m.title.sv);
    words.add(m.title.sv.split(/\s+/).at(-1)!);
  }
  return [...words];
}

function inputs(instrument: Instrument): fc.Arbitrary<OfficerInput> {
  const words = fc.constantFrom(...vocabulary(instrument));
  const separator = fc.constantFrom(', ', ' ', '; ', '\n', ',', '  ');
  const list = fc.array(fc.tuple(words, separator), { minLength: 2, maxLength: 16 }).map((parts) => parts.map(([w, s]) => w + s).join('').trim());
  const typed = fc.oneof(words, list);
  const ids = compactGroupsOf(instrument).flatMap((g) => g.items.flatMap((i) => (i.type === 'presence' ? i.periods.map((p) => compactInputId(i.id, p)) : [i.id, compactInputId(i.id, REASON_PART)])));
  const codes = fc.constantFrom(...instrumentItems(instrument).flatMap((i) => (i.type === 'text' || i.type === 'measures' ? [] : optionsOf(pack.pack, i).map((o) => o.code))), 'ingen', 'larmpaket,rri', '');
  const card = fc.record({
    group: fc.constantFrom(...compactGroupsOf(instrument).map((g) => g.id)),
    values: fc.dictionary(fc.constantFrom(...ids), fc.oneof({ weight: 4, arbitrary: codes }, { weight: 1, arbitrary: words }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }), { maxKeys: 16 }),
  });
  const item = fc.constantFrom(...instrumentItems(instrument).map((i) => i.id));
  return fc.oneof(
    { weight: 6, arbitrary: typed.map((text): OfficerInput => ({ type: 'text', text })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((text): OfficerInput => ({ type: 'text', text })) },
    { weight: 3, arbitrary: card.map(({ group, values }): OfficerInput => ({ type: 'submit', data: { verb: 'compact', group, ...values } })) },
    { weight: 2, arbitrary: fc.tuple(item, codes, fc.option(words)).map(([itemId, value, rationale]): OfficerInput => ({ type: 'submit', data: { verb: 'answer', itemId, value, ...(rationale === null ? {} : { rationale }) } })) },
    { weight: 1, arbitrary: fc.constant<OfficerInput>({ type: 'back' }) },
    { weight: 1, arbitrary: fc.constant<OfficerInput>({ type: 'reprompt' }) },
  );
}

const same = (a: GivenAnswer | undefined, b: GivenAnswer | undefined) => JSON.stringify(a?.value) === JSON.stringify(b?.value);

describe('an officer typing and pressing anything in an assessment', () => {
  const instruments = pack.pack.instruments;
  it.each(instruments.flatMap((i) => (['step', 'compact'] as const).map((mode) => [i.id, mode] as const)))('%s, %s: never throws, saves only what the API takes, completes only what is complete, drops no answer that still applies', (instrumentId, mode) => {
    const instrument = instruments.find((i) => i.id === instrumentId)!;
    const start = created(instrument, mode);
    const numRuns = propertyRuns();
    // Not vacuous: across the runs, answers are saved and some survive.
    let saves = 0;
    fc.assert(
      fc.property(fc.array(inputs(instrument), { minLength: 1, maxLength: 40, size: 'max' }), (sequence) => {
        let state = start;
        // What the API holds: every saved answer, as it stored it.
        const stored: Record<string, GivenAnswer> = {};
        for (const input of sequence) {
          const step = transition(ctx, state, input);
          for (const effect of step.effects) {
            if (effect.type === 'saveAnswer') {
              const given: GivenAnswer = { value: effect.value, rationale: effect.rationale };
              expect(validateAnswer(pack.pack, instrument, effect.itemId, given, { ...step.state.answers, [effect.itemId]: given }), `${effect.itemId} = ${JSON.stringify(given)}`).toEqual([]);
              stored[effect.itemId] = given;
              saves += 1;
            } else if (effect.type === 'complete') {
              expect(completionProblems(pack.pack, instrument, step.state.answers)).toEqual([]);
            } else expect.unreachable(`unexpected effect ${effect.type}`);
          }
          // The state agrees with what was saved; an answer gone is one whose question no longer applies.
          for (const [id, answer] of Object.entries(step.state.answers)) expect(same(answer, stored[id] ?? start.answers[id]), id).toBe(true);
          const applicable = new Set(applicableItems(instrument, step.state.answers).map((i) => i.id));
          for (const id of Object.keys(state.answers)) if (!(id in step.state.answers)) expect(applicable.has(id), `${id} dropped`).toBe(false);
          if (step.effects.some((e) => e.type === 'complete') || step.ended) return;
          state = step.state;
        }
      }),
      { numRuns },
    );
    expect(saves).toBeGreaterThan(numRuns / 4);
  });
});
