import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../test/fuzzRuns.js';
import { deriveValues, derivedValuesSchema, type DerivedValues } from './deriveValues.js';
import { FilePackSource } from './filePackSource.js';
import type { Answers } from './instrumentEngine.js';
import { findInstrument } from './methodologySource.js';
import { readPresence } from './presenceAnswer.js';
import { raisedFlags } from './raisedFlags.js';
import { JUDGEMENT_KINDS, reassessmentDue, ruleOnOwnDate } from './reassessmentDue.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';
import { suggestMeasures } from './suggestMeasures.js';

const PROPERTY_RUNS = propertyRuns();

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
  hash?: string;
  instrumentId: string;
  completedOn: string;
  answers: Answers;
  derived: DerivedValues;
}

const readFixture = <T>(name: string) => JSON.parse(readFileSync(new URL(`./fixtures/replay/${name}`, import.meta.url), 'utf8')) as T;

describe('the suggestion of special personal-security work in 1.1.1 (hot-roll-pataglig-risk)', () => {
  const newest = new FilePackSource().get('bops-exempel', '1.1.1')!;
  const general = findInstrument(newest, 'generell_hotbild');
  const suggested = (answers: Answers) => suggestMeasures(newest.pack, general, answers).filter((s) => s.measure.id === 'sarskilt_personsakerhetsarbete');
  const high = { risk_allvarligt_vald: { value: 'hog', rationale: 'Motivering.' } };

  it.each(['bevisperson', 'informator', 'rattsvasende', 'narstaende'])('follows the protected person\'s role %s with a high risk of serious violence', (role) => {
    const [suggestion] = suggested({ skyddsperson_roll: { value: role }, ...high });
    expect(suggestion?.because.map((b) => b.ruleId)).toEqual(['hot-roll-pataglig-risk']);
    // The reason asks the officer to weigh the target group and whether the risk is påtaglig: a suggestion, not a decision.
    expect(suggestion?.because[0]!.reason.sv).toContain('om risken är påtaglig');
  });

  it('does not follow exposure through work (hot12) alone, no role, an unknown role, or a risk below high', () => {
    expect(suggested({ hot12: rated('j', 'j'), ...high })).toEqual([]);
    expect(suggested({ skyddsperson_roll: { value: 'ingen' }, ...high })).toEqual([]);
    expect(suggested({ skyddsperson_roll: { value: 'vet_ej' }, ...high })).toEqual([]);
    expect(suggested({ skyddsperson_roll: { value: 'bevisperson' }, risk_allvarligt_vald: { value: 'medel', rationale: 'Motivering.' } })).toEqual([]);
  });
});

// One file of completed assessments per superseded version (completed-<version>.json), snapshotted by the code
// before its successor was published; each replays under its own version while the newest is active.
const SUPERSEDED = ['1.0.0', '1.1.0'] as const;

describe('replay of completed assessments of superseded versions after 1.1.1 is published', () => {
  const byVersion = new Map(SUPERSEDED.map((v) => [v, readFixture<{ assessments: ReplayFixture[] }>(`completed-${v}.json`).assessments]));
  const fixtures = [readFixture<ReplayFixture>('sarasv-1.0.0.json'), ...[...byVersion.values()].flat()];
  // The shipped packs, as an officer's server loads them: 1.1.1 active beside 1.1.0 and 1.0.0.
  const source = new FilePackSource();

  it('has 1.1.1 as the active version and each superseded version still loaded with the hash its assessments were stored under', () => {
    expect(source.active('bops-exempel').pack.version).toBe('1.1.1');
    for (const version of SUPERSEDED) {
      const hashes = new Set(byVersion.get(version)!.flatMap((f) => (f.hash ? [f.hash] : [])));
      expect([...hashes]).toEqual([source.get('bops-exempel', version)!.hash]);
    }
  });

  it.each(fixtures.map((f, i) => [`${i} ${f.instrumentId}`, f] as const))('recomputes exactly the snapshotted derived values (%s)', (_name, fixture) => {
    const own = source.get(fixture.pack.id, fixture.pack.version)!;
    expect(derivedValuesSchema.parse(fixture.derived)).toEqual(fixture.derived);
    expect(deriveValues(own.pack, findInstrument(own, fixture.instrumentId), fixture.answers, fixture.completedOn)).toEqual(fixture.derived);
  });

  it('covers every instrument of each superseded version', () => {
    for (const version of SUPERSEDED) {
      const own = source.get('bops-exempel', version)!;
      expect(new Set(byVersion.get(version)!.map((f) => f.instrumentId)), version).toEqual(new Set(own.pack.instruments.map((i) => i.id)));
    }
  });

  it('holds 1.0.0 judgements that would give another date under the newest version', () => {
    const newer = source.active('bops-exempel');
    const differing = byVersion.get('1.0.0')!.filter((f) => f.derived.reassessment && reassessmentDue(newer.pack, findInstrument(newer, f.instrumentId), f.answers, f.completedOn)?.days !== f.derived.reassessment.days);
    // E.g. SARA:SV with serious-violence risk "hög" and overall "låg": 90 days under 1.0.0, 7 from 1.1.0 — the replay keeps 90.
    expect(differing.length).toBeGreaterThan(0);
  });

  it('keeps the 1.1.0 suggestion of special personal-security work that 1.1.1, asking the role instead of hot12, would not make', () => {
    const general = byVersion.get('1.1.0')!.find((f) => f.instrumentId === 'generell_hotbild')!;
    expect(readPresence(general.answers.hot12!.value)?.nu).toBe('j');
    expect(general.derived.suggestedMeasures).toContain('sarskilt_personsakerhetsarbete');
    const newer = source.active('bops-exempel');
    // Under 1.1.1 the draft would lack skyddsperson_roll, so the rule cannot fire: the replay must use 1.1.0's own rules.
    expect(suggestMeasures(newer.pack, findInstrument(newer, 'generell_hotbild'), general.answers).map((s) => s.measure.id)).not.toContain('sarskilt_personsakerhetsarbete');
  });

  it('still renders every answer with the texts of its own version', () => {
    const fixture = fixtures[0]!;
    const own = source.get(fixture.pack.id, fixture.pack.version)!;
    const newer = source.active('bops-exempel');
    const label = (l: typeof own, itemId: string) => findInstrument(l, fixture.instrumentId).sections.flatMap((s) => s.items).find((i) => i.id === itemId)?.text.sv;
    for (const itemId of Object.keys(fixture.answers)) expect(label(own, itemId), itemId).toBeDefined();
    expect(label(own, 'akut_risk')).toContain('de närmaste dagarna');
    expect(label(newer, 'akut_risk')).toContain('de närmaste veckorna');
    expect(own.pack.reassessmentBasis).toBeUndefined();
    expect(newer.pack.reassessmentBasis).toBe('most_urgent');
  });
});

describe.each(['1.1.0', '1.1.1'])('re-assessment date under %s: the most urgent of the three judgements', (version) => {
  const v11 = new FilePackSource().get('bops-exempel', version)!;
  const LEVELS = ['lag', 'medel', 'hog'] as const;
  const DAYS = { lag: 90, medel: 30, hog: 7 } as const;

  it("uses this pack's example intervals 90/30/7", () => {
    expect(Object.fromEntries(v11.pack.reassessmentIntervals.map((r) => [r.level, r.days]))).toEqual(DAYS);
  });

  for (const instrument of v11.pack.instruments.filter((i) => i.judgements?.acute && i.judgements.seriousViolence)) {
    const j = instrument.judgements!;
    it(`${instrument.id}: every combination of overall, serious-violence and acute judgement, each also unanswered`, () => {
      const choices = [undefined, ...LEVELS];
      let combinations = 0;
      for (const overall of choices) {
        for (const seriousViolence of choices) {
          for (const acute of choices) {
            const given = { overall, seriousViolence, acute };
            const answers: Answers = Object.fromEntries(JUDGEMENT_KINDS.flatMap((kind) => (given[kind] ? [[j[kind]!, { value: given[kind], rationale: 'Motivering.' }]] : [])));
            const due = reassessmentDue(v11.pack, instrument, answers, '2026-12-28');
            const judged = JUDGEMENT_KINDS.filter((k) => given[k] !== undefined);
            combinations++;
            if (judged.length === 0) {
              expect(due).toBeUndefined();
              continue;
            }
            const days = Math.min(...judged.map((k) => DAYS[given[k]!]));
            expect(due?.days, JSON.stringify(given)).toBe(days);
            // The judgement named is one that gives that interval, the first of overall, serious violence, acute.
            expect(due?.judgement).toBe(judged.find((k) => DAYS[given[k]!] === days));
            expect(due?.level).toBe(given[due!.judgement!]);
          }
        }
      }
      expect(combinations).toBe(64);
    });
  }

  it('gives acute risk "hög" with overall risk "låg" 7 days, not 90, across a year end', () => {
    const sarasv = findInstrument(v11, 'sarasv');
    expect(reassessmentDue(v11.pack, sarasv, { samlad_risk: { value: 'lag' }, akut_risk: { value: 'hog' } }, '2026-12-28')).toEqual({ level: 'hog', days: 7, dueOn: '2027-01-04', judgement: 'acute' });
    // 1.0.0 keeps its own rule for what was completed under it.
    expect(reassessmentDue(pack, sarasv, { samlad_risk: { value: 'lag' }, akut_risk: { value: 'hog' } }, '2026-12-28')?.days).toBe(90);
  });

  it('derives and validates the date with the judgement that set it', () => {
    const sarasv = findInstrument(v11, 'sarasv');
    const derived = deriveValues(v11.pack, sarasv, { samlad_risk: { value: 'medel', rationale: 'x' }, risk_allvarligt_vald: { value: 'hog', rationale: 'x' } }, '2026-06-01');
    expect(derivedValuesSchema.parse(derived).reassessment).toEqual({ level: 'hog', days: 7, dueOn: '2026-06-08', judgement: 'seriousViolence' });
  });
});

describe("the officer's own re-assessment date", () => {
  it('allows an earlier date with a reason, and a later one only with a reason', () => {
    expect(ruleOnOwnDate('2026-06-08', '2026-06-03', 'Frigivning 2026-06-04.')).toEqual({ ok: true, dueOn: '2026-06-03', earlier: true });
    expect(ruleOnOwnDate('2026-06-08', '2026-06-03', ' ')).toEqual({ ok: false, reason: 'earlier_without_reason' });
    expect(ruleOnOwnDate('2026-06-08', '2026-07-08', undefined)).toEqual({ ok: false, reason: 'later_without_reason' });
    expect(ruleOnOwnDate('2026-06-08', '2026-07-08', 'Skyddspersonen utomlands till juli.')).toEqual({ ok: true, dueOn: '2026-07-08', earlier: false });
    expect(ruleOnOwnDate('2026-06-08', '2026-06-08', undefined)).toEqual({ ok: true, dueOn: '2026-06-08', earlier: false });
    expect(ruleOnOwnDate('2026-06-08', '8/6/2026', 'x')).toEqual({ ok: false, reason: 'invalid_date' });
  });
});
