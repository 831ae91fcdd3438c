// The progress total as a property of the method engine, on every instrument
// of both shipped versions: answering forward, "Fråga N av M" moves N up by one
// per answer and never raises M, and the last question reads "M av M"; only a
// changed earlier answer can raise M, and then exactly the questions it opened
// are named to the officer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../test/fuzzRuns.js';
import { valueFromDefinition } from '../test/methodOracle.js';
import { FilePackSource } from './filePackSource.js';
import { applicableItems, instrumentItems, nextItem, staleAnswerIds, type Answers } from './instrumentEngine.js';
import { findInstrument } from './methodologySource.js';
import type { Instrument, Pack } from './packSchema.js';
import { openedBranches, possibleItems, progress } from './possibleItems.js';

const RUNS = propertyRuns();
const source = new FilePackSource();

/** The officer answering every question as it comes, each answer drawn from the item's own definition. */
function forwardRun(pack: Pack, instrument: Instrument, picks: readonly number[]) {
  let answers: Answers = {};
  const shown: { position: number; total: number; before: Answers; after: Answers }[] = [];
  for (let step = 0; ; step++) {
    const item = nextItem(instrument, answers);
    if (!item) break;
    const { position, total } = progress(instrument, answers, item.id);
    const after: Answers = { ...answers, [item.id]: { value: valueFromDefinition(pack, item, picks[step % picks.length]!) as string | string[] } };
    shown.push({ position, total, before: answers, after });
    answers = after;
  }
  return { shown, answers };
}

const picksArb = fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 200 });

for (const version of ['1.0.0', '1.1.0', '1.1.1'] as const) {
  const pack = source.get('bops-exempel', version)!.pack;
  describe(`progress on ${version} (${RUNS} cases per property and instrument)`, () => {
    describe.each(pack.instruments.map((i) => [i.id, i] as const))('%s', (_id, instrument) => {
      it('answering forward, the position rises by one per question, the total never rises, and the last question is "M av M"', () => {
        fc.assert(
          fc.property(picksArb, (picks) => {
            const { shown, answers } = forwardRun(pack, instrument, picks);
            expect(shown.length).toBeGreaterThan(0);
            shown.forEach((s, i) => {
              expect(s.position).toBe(i + 1);
              expect(s.position).toBeLessThanOrEqual(s.total);
              if (i > 0) expect(s.total).toBeLessThanOrEqual(shown[i - 1]!.total);
              expect(openedBranches(instrument, s.before, s.after)).toEqual([]);
            });
            const last = shown.at(-1)!;
            expect(last.position).toBe(last.total);
            // Once everything is answered, what can come is exactly what applies.
            expect(possibleItems(instrument, answers).map((i) => i.id)).toEqual(applicableItems(instrument, answers).map((i) => i.id));
          }),
          { numRuns: RUNS },
        );
      });

      it('never counts fewer questions than apply now, whatever is answered', () => {
        const items = instrumentItems(instrument);
        fc.assert(
          fc.property(fc.array(fc.tuple(fc.boolean(), fc.nat({ max: 1 << 20 })), { minLength: items.length, maxLength: items.length }), (draws) => {
            const answers: Record<string, Answers[string]> = {};
            items.forEach((item, i) => {
              const [answered, pick] = draws[i]!;
              if (answered) answers[item.id] = { value: valueFromDefinition(pack, item, pick) as string | string[] };
            });
            const possible = new Set(possibleItems(instrument, answers).map((i) => i.id));
            for (const item of applicableItems(instrument, answers)) expect(possible.has(item.id)).toBe(true);
          }),
          { numRuns: RUNS },
        );
      });

      it('when a changed earlier answer raises the total, the opened questions account for the rise', () => {
        fc.assert(
          fc.property(picksArb, fc.nat(), fc.nat({ max: 1 << 20 }), (picks, which, newPick) => {
            const { shown } = forwardRun(pack, instrument, picks);
            // Part-way through: the officer goes back to an answered question and changes it.
            const at = shown[which % shown.length]!;
            const answered = Object.keys(at.after);
            const itemId = answered[newPick % answered.length]!;
            const item = instrumentItems(instrument).find((i) => i.id === itemId)!;
            const changed: Record<string, Answers[string]> = { ...at.after, [itemId]: { value: valueFromDefinition(pack, item, newPick + 1) as string | string[] } };
            for (const stale of staleAnswerIds(instrument, changed)) delete changed[stale];
            const before = possibleItems(instrument, at.after).length;
            const after = possibleItems(instrument, changed).length;
            const opened = openedBranches(instrument, at.after, changed);
            const told = opened.reduce((n, b) => n + b.count, 0);
            expect(after - before).toBeLessThanOrEqual(told);
            if (after > before) expect(opened.length).toBeGreaterThan(0);
            for (const b of opened) expect(b.count).toBeGreaterThan(0);
          }),
          { numRuns: RUNS },
        );
      });
    });
  });
}

describe('progress on the initial assessment of 1.1.1', () => {
  const initial = findInstrument(source.get('bops-exempel', '1.1.1')!, 'initial');

  it('counts the red flags a relation could open from the start, and drops them when the relation rules them out', () => {
    expect(progress(initial, {}, 'hotbildsfraga')).toEqual({ position: 1, total: 17 });
    const stranger: Answers = { hotbildsfraga: { value: 'ja' }, relation: { value: 'okand' } };
    expect(progress(initial, stranger, 'tidigare_vald')).toEqual({ position: 3, total: 15 });
    const partner: Answers = { hotbildsfraga: { value: 'ja' }, relation: { value: 'nara_relation' } };
    expect(progress(initial, partner, 'tidigare_vald')).toEqual({ position: 3, total: 17 });
  });

  it('names the questions a changed relation opens', () => {
    const stranger: Answers = { hotbildsfraga: { value: 'ja' }, relation: { value: 'okand' } };
    const partner: Answers = { hotbildsfraga: { value: 'ja' }, relation: { value: 'nara_relation' } };
    expect(openedBranches(initial, stranger, partner)).toEqual([{ sectionTitle: { sv: 'Varningstecken', en: 'Red flags' }, count: 2 }]);
    expect(openedBranches(initial, partner, stranger)).toEqual([]);
  });
});
