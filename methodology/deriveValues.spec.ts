import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../test/fuzzRuns.js';
import { deriveValues, derivedValuesSchema, type DerivedValues } from './deriveValues.js';
import { DEFAULT_PACKS_DIR, FilePackSource } from './filePackSource.js';
import type { Answers } from './instrumentEngine.js';
import { findInstrument } from './methodologySource.js';
import { readPresence } from './presenceAnswer.js';
import { raisedFlags } from './raisedFlags.js';
import { reassessmentDue } from './reassessmentDue.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';
import { suggestMeasures } from './suggestMeasures.js';

const PROPERTY_RUNS = propertyRuns();

const VERSIONS_DIR = fileURLToPath(new URL('./fixtures/versions/', import.meta.url));
const loaded = new FilePackSource().get('bops-exempel', '1.0.0')!;
const pack = loaded.pack;
const sarasv = findInstrument(loaded, 'sarasv');
const rated = (now: string, earlier: string) => ({ value: [`nu:${now}`, `tidigare:${earlier}`] });

describe('derived values', () => {
  it('counts the ratings per domain and period, every code listed, only for items that apply', () => {
    const answers: Answers = { sara01: rated('j', 'd'), sara02: rated('j', 'n'), sara06: rated('otillracklig', 'j'), sara01_rel: { value: 'hog' } };
    const derived = deriveValues(pack, sarasv, answers);
    expect(derived.domains.map((d) => [d.sectionId, d.factors])).toEqual([
      ['sara-vald', 5],
      ['sara-psykosocial', 5],
      ['sara-sarbarhet', 5],
    ]);
    expect(derived.domains[0]!.counts).toEqual({ nu: { j: 2, d: 0, n: 0, otillracklig: 0 }, tidigare: { j: 0, d: 1, n: 1, otillracklig: 0 } });
    expect(derived.domains[1]!.counts.nu).toEqual({ j: 0, d: 0, n: 0, otillracklig: 1 });
    expect(derived.domains[2]!.counts.nu).toEqual({ j: 0, d: 0, n: 0, otillracklig: 0 });
  });

  it('reports the officer’s judgements as given, never a computed level', () => {
    const many: Record<string, { value: string[] }> = {};
    for (let i = 1; i <= 15; i++) many[`sara${String(i).padStart(2, '0')}`] = rated('j', 'j');
    const derived = deriveValues(pack, sarasv, { ...many, samlad_risk: { value: 'lag' } });
    expect(derived.judgements).toEqual({ overall: 'lag' });
    expect(deriveValues(pack, sarasv, many).judgements).toEqual({});
    expect(derived.flags).toEqual(['manga_faktorer_lag_risk']);
  });

  it('suggests measures from the rules with every reason behind each, in catalogue order', () => {
    const suggestions = suggestMeasures(pack, sarasv, { sara01: rated('j', 'n'), sara04: rated('d', 'n') });
    expect(suggestions.map((s) => s.measure.id)).toEqual(['larmpaket', 'sakerhetssamtal', 'kontaktforbud', 'kontaktforbud_utvidgat']);
    expect(suggestions[0]!.because.map((b) => b.ruleId)).toEqual(['sara-vald-nu']);
    expect(suggestions[0]!.because[0]!.reason.sv).toMatch(/våld/);
    expect(suggestMeasures(pack, sarasv, { sara01: rated('n', 'j') })).toEqual([]);
  });

  it('raises the flags whose conditions hold, and none for a consistent judgement', () => {
    expect(raisedFlags(sarasv, { samlad_risk: { value: 'hog' } }).map((f) => f.id)).toEqual(['inga_faktorer_hog_risk']);
    expect(raisedFlags(sarasv, { sara01: rated('d', 'n'), samlad_risk: { value: 'hog' } })).toEqual([]);
  });

  it('sets the re-assessment date from the interval of the judged level, across month and year ends', () => {
    expect(reassessmentDue(pack, sarasv, { samlad_risk: { value: 'hog' } }, '2026-12-28')).toEqual({ level: 'hog', days: 7, dueOn: '2027-01-04' });
    expect(reassessmentDue(pack, sarasv, { samlad_risk: { value: 'medel' } }, '2026-01-31')).toEqual({ level: 'medel', days: 30, dueOn: '2026-03-02' });
    expect(reassessmentDue(pack, sarasv, {}, '2026-01-31')).toBeUndefined();
    expect(reassessmentDue(pack, findInstrument(loaded, 'initial'), { beslut: { value: 'remittera' } }, '2026-01-31')).toBeUndefined();
    expect(() => reassessmentDue(pack, sarasv, { samlad_risk: { value: 'lag' } }, '31/1/2026')).toThrow(RangeError);
  });

  it('reproduces from the answers alone: same values after a JSON round trip and a fresh load', () => {
    const fresh = new FilePackSource().get('bops-exempel', '1.0.0')!;
    for (const instrument of pack.instruments) {
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 30 }), (picks) => {
          const answers = scriptedCompletion(pack, instrument, picks);
          const derived = deriveValues(pack, instrument, answers, '2026-06-01');
          const stored = JSON.parse(JSON.stringify(answers)) as Answers;
          expect(deriveValues(fresh.pack, findInstrument(fresh, instrument.id), stored, '2026-06-01')).toEqual(derived);
          // The counts describe the answers: per period they add up to the factors rated.
          for (const domain of derived.domains) {
            const section = instrument.sections.find((s) => s.id === domain.sectionId)!;
            for (const [period, row] of Object.entries(domain.counts)) {
              const ratedHere = section.items.filter((i) => readPresence(answers[i.id]?.value)?.[period as 'nu'] !== undefined).length;
              expect(Object.values(row).reduce((a, b) => a + b, 0)).toBe(ratedHere);
            }
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    }
  });
});

interface ReplayFixture {
  pack: { id: string; version: string };
  instrumentId: string;
  completedOn: string;
  answers: Answers;
  derived: DerivedValues;
}

describe('replay of a completed assessment under its own version', () => {
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/replay/sarasv-1.0.0.json', import.meta.url), 'utf8')) as ReplayFixture;
  // Version 1.1.0 sits beside the shipped 1.0.0, as after a method owner publishes it.
  const source = new FilePackSource([DEFAULT_PACKS_DIR, VERSIONS_DIR]);

  it('recomputes exactly the snapshotted derived values after 1.1.0 is added', () => {
    expect(source.active('bops-exempel').pack.version).toBe('1.1.0');
    const own = source.get(fixture.pack.id, fixture.pack.version)!;
    const instrument = findInstrument(own, fixture.instrumentId);
    expect(derivedValuesSchema.parse(fixture.derived)).toEqual(fixture.derived);
    expect(deriveValues(own.pack, instrument, fixture.answers, fixture.completedOn)).toEqual(fixture.derived);
  });

  it('still renders every answer with the texts of its own version', () => {
    const own = source.get(fixture.pack.id, fixture.pack.version)!;
    const newer = source.active('bops-exempel');
    const label = (l: typeof own, itemId: string) => findInstrument(l, fixture.instrumentId).sections.flatMap((s) => s.items).find((i) => i.id === itemId)?.text.sv;
    for (const itemId of Object.keys(fixture.answers)) expect(label(own, itemId), itemId).toBeDefined();
    expect(label(own, 'sara03')).toContain('vanligare, grövre');
    expect(label(newer, 'sara03')).not.toBe(label(own, 'sara03'));
    // Under the newer version the same answers would mean something else: the 5-day interval for "hög" is 1.1.0's.
    expect(own.pack.reassessmentIntervals.find((r) => r.level === 'hog')?.days).toBe(7);
  });
});
