// Property tests of the method engine against an independent oracle
// (test/methodOracle.ts): answers are drawn from the pack's item definitions,
// not from the engine, and every result — which items apply, what blocks
// completion, the derived values, completion itself — is compared with the
// oracle's own computation. PROPERTY_RUNS (default 200) cases per property
// and instrument; the count is printed.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { deriveValues } from '../methodology/deriveValues.js';
import { FilePackSource } from '../methodology/filePackSource.js';
import { applicableItems, completionProblems, nextItem, validateAnswer, type Answers } from '../methodology/instrumentEngine.js';
import type { Instrument, Item, Pack } from '../methodology/packSchema.js';
import { propertyRuns } from './fuzzRuns.js';
import { addDays, applicableIds, completeByOracle, completionBlockers, oracleDerived, valueFromDefinition, type OracleAnswers } from './methodOracle.js';

const RUNS = propertyRuns();
const source = new FilePackSource();
// Every shipped version: 1.0.0 and 1.1.0 for what was made with them, 1.1.1 (like 1.1.0, the most urgent judgement sets the date) for new work.
for (const pack of (['1.0.0', '1.1.0', '1.1.1'] as const).map((v): Pack => source.get('bops-exempel', v)!.pack)) {
  const itemsOf = (instrument: Instrument): Item[] => instrument.sections.flatMap((s) => s.items);

  /** Any mix of answered and unanswered items, each answer valid for its item, with or without a (blank) reason. */
  const answersFor = (instrument: Instrument) =>
    fc.array(fc.tuple(fc.nat({ max: 3 }), fc.nat({ max: 1 << 20 }), fc.nat({ max: 3 })), { minLength: itemsOf(instrument).length, maxLength: itemsOf(instrument).length }).map((draws) => {
      const answers: OracleAnswers = {};
      itemsOf(instrument).forEach((item, i) => {
        const [answered, pick, reason] = draws[i]!;
        if (answered === 0) return;
        const value = valueFromDefinition(pack, item, pick);
        answers[item.id] = reason === 1 ? { value, rationale: 'Skäl.' } : reason === 2 ? { value, rationale: '   ' } : { value };
      });
      return answers;
    });
  const isoDate = fc.integer({ min: 0, max: 60_000 }).map((n) => addDays('1970-01-01', n));

  const sorted = (xs: string[]) => [...new Set(xs)].sort();

  describe(`the method engine on ${pack.version} against an independent oracle (${RUNS} cases per property and instrument)`, () => {
    // Printed, not asserted: propertyRuns() already refuses anything but a positive count, so a test of it could not fail.
    beforeAll(() => console.log(`method oracle on ${pack.version}: ${RUNS} cases per property and instrument, ${pack.instruments.length} instruments`));

    describe.each(pack.instruments.map((i) => [i.id, i] as const))('%s', (_id, instrument) => {
      it('applies the same items as the oracle, stale answers included', () => {
        fc.assert(
          fc.property(answersFor(instrument), (answers) => {
            expect(applicableItems(instrument, answers as Answers).map((i) => i.id)).toEqual(applicableIds(instrument, answers));
          }),
          { numRuns: RUNS },
        );
      });

      it('finds exactly what the oracle finds blocking completion: required items missing, reasons missing or not taken', () => {
        fc.assert(
          fc.property(answersFor(instrument), (answers) => {
            const engine = completionProblems(pack, instrument, answers as Answers).map((p) => `${p.itemId}:${p.code}`);
            expect(sorted(engine)).toEqual(sorted(completionBlockers(instrument, answers)));
          }),
          { numRuns: RUNS },
        );
      });

      it('derives the same counts, judgements, flags, suggestions and re-assessment date as the oracle', () => {
        fc.assert(
          fc.property(answersFor(instrument), isoDate, (answers, completedOn) => {
            expect(deriveValues(pack, instrument, answers as Answers, completedOn)).toEqual(oracleDerived(pack, instrument, answers, completedOn));
          }),
          { numRuns: RUNS },
        );
      });

      it('takes as complete what the oracle completes, every answer valid with everything known', () => {
        fc.assert(
          fc.property(answersFor(instrument), fc.nat({ max: 1 << 20 }), (start, seed) => {
            const completed = completeByOracle(pack, instrument, start, (id) => seed + id.length * 7919);
            const answers = completed as Answers;
            expect(nextItem(instrument, answers)).toBeUndefined();
            expect(completionProblems(pack, instrument, answers)).toEqual([]);
            for (const id of applicableIds(instrument, completed)) {
              if (answers[id]) expect(validateAnswer(pack, instrument, id, answers[id]!, answers), id).toEqual([]);
            }
          }),
          { numRuns: RUNS },
        );
      });
    });

    it('counts days like the calendar, across month, leap-year and century ends', () => {
      expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
      expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
      expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
      expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
      expect(addDays('1970-01-01', 0)).toBe('1970-01-01');
    });
  });
}
