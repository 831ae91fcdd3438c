// The case statistics leave no small count to be had by subtraction: every
// total a reader could know — a region's cases, a violence type's nationally,
// all cases — minus the counts shown is never one hidden count. The totals
// are computed here from the unsuppressed data, independently of the code.
import { describe, expect, it } from 'vitest';
import type { CaseStatistics } from './caseRepository.js';
import { suppressCaseStatistics, type SuppressedCaseStatistics } from './caseStatisticsSuppression.js';
import { complementarySuppression } from './complementarySuppression.js';

const MIN = 5;

/** Every subset of the dimensions whose totals the figures publish (GET /figures/consistency, measures-by-risk). */
function subsets<D extends string>(dimensions: readonly D[]): D[][] {
  const out: D[][] = [[]];
  for (const d of dimensions) out.push(...out.map((s) => [...s, d]));
  return out;
}

interface Recovery {
  group: string;
  total: number;
  /** The total minus every count shown in the group. */
  remainder: number;
  hidden: number;
}

/**
 * For every published total: its true value, what is left after subtracting the shown counts, and how
 * many hidden counts share the remainder. A total under the minimum is hidden wherever it is
 * published, so it gives nothing away and is left out.
 */
function recoveries<R extends Record<string, unknown>>(raw: readonly (R & { count: number })[], shown: readonly { count: number | null }[], publishedBy: readonly (keyof R & string)[]): Recovery[] {
  const out: Recovery[] = [];
  for (const fixed of subsets(publishedBy)) {
    const groups = new Map<string, number[]>();
    raw.forEach((row, i) => {
      const key = fixed.map((d) => `${d}=${String(row[d])}`).join(' ') || 'all';
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    for (const [group, members] of groups) {
      const total = members.reduce((sum, i) => sum + raw[i]!.count, 0);
      if (total < MIN) continue;
      const visible = members.reduce((sum, i) => sum + (shown[i]!.count ?? 0), 0);
      out.push({ group, total, remainder: total - visible, hidden: members.filter((i) => shown[i]!.count === null).length });
    }
  }
  return out;
}

/** The groups whose remainder is exactly one hidden count: where subtraction gives a suppressed count back. */
const leaks = (r: readonly Recovery[]) => r.filter((g) => g.hidden === 1);

const STATS: CaseStatistics = {
  cases: [
    { region: 'nord', violenceType: 'heder', status: 'intake', count: 12 },
    { region: 'nord', violenceType: 'heder', status: 'bops', count: 3 },
    { region: 'nord', violenceType: 'nara_relation', status: 'intake', count: 20 },
    { region: 'nord', violenceType: 'nara_relation', status: 'bops', count: 9 },
    { region: 'syd', violenceType: 'heder', status: 'intake', count: 7 },
    { region: 'syd', violenceType: 'heder', status: 'bops', count: 6 },
    { region: 'syd', violenceType: 'nara_relation', status: 'intake', count: 15 },
    { region: 'syd', violenceType: 'nara_relation', status: 'bops', count: 30 },
    { region: 'mitt', violenceType: 'nara_relation', status: 'intake', count: 11 },
    { region: 'mitt', violenceType: 'nara_relation', status: 'bops', count: 8 },
  ],
  measures: [
    { region: 'nord', part: 'skydd', measureId: 'larmpaket', status: 'proposed', count: 2 },
    { region: 'nord', part: 'skydd', measureId: 'larmpaket', status: 'done', count: 14 },
    { region: 'nord', part: 'stod', measureId: 'socialtjanst', status: 'done', count: 10 },
    { region: 'syd', part: 'skydd', measureId: 'larmpaket', status: 'done', count: 6 },
    { region: 'syd', part: 'stod', measureId: 'socialtjanst', status: 'done', count: 25 },
  ],
  assessmentMinutes: [
    { instrumentId: 'initial', mode: 'compact', count: 1, medianMinutes: 4, meanMinutes: 4 },
    { instrumentId: 'initial', mode: 'step', count: 5, medianMinutes: 3, meanMinutes: 3 },
    { instrumentId: 'sara-sv', mode: 'step', count: 40, medianMinutes: 22.5, meanMinutes: 24.1 },
  ],
};

/** What the endpoint gave before complementary suppression: each count alone against the minimum. */
const primaryOnly = (rows: readonly { count: number }[]) => rows.map((row) => ({ count: row.count < MIN ? null : row.count }));

describe('case statistics suppression', () => {
  const shown: SuppressedCaseStatistics = suppressCaseStatistics(STATS, MIN);

  it('would give a small count back by subtraction if each count were suppressed alone (the data set is a real test)', () => {
    const cases = leaks(recoveries(STATS.cases, primaryOnly(STATS.cases), ['region', 'violenceType']));
    // Nord's cases minus its three shown counts are its 3 honour-related cases in Bops.
    expect(cases).toContainEqual({ group: 'region=nord', total: 44, remainder: 3, hidden: 1 });
    expect(leaks(recoveries(STATS.measures, primaryOnly(STATS.measures), ['region', 'part']))).not.toEqual([]);
    expect(leaks(recoveries(STATS.assessmentMinutes, primaryOnly(STATS.assessmentMinutes), ['instrumentId']))).not.toEqual([]);
  });

  it('leaves no total minus the shown counts equal to one hidden count, in any table', () => {
    expect(leaks(recoveries(STATS.cases, shown.cases, ['region', 'violenceType']))).toEqual([]);
    expect(leaks(recoveries(STATS.measures, shown.measures, ['region', 'part']))).toEqual([]);
    expect(leaks(recoveries(STATS.assessmentMinutes, shown.assessmentMinutes, ['instrumentId']))).toEqual([]);
  });

  it('never shows a count under the minimum, and hides no more than the complements need', () => {
    for (const table of [shown.cases, shown.measures, shown.assessmentMinutes]) {
      for (const row of table) if (row.count !== null) expect(row.count).toBeGreaterThanOrEqual(MIN);
    }
    // Nord's honour-related cases in Bops (3) and their one complement, nord's honour-related intake
    // cases (12): that closes nord, honour-related nord, honour-related nationally and all cases at once.
    expect(shown.cases.map((r) => r.count)).toEqual([null, null, 20, 9, 7, 6, 15, 30, 11, 8]);
  });

  it('keeps the minutes of a count hidden only as a complement, and hides the minutes of a small one', () => {
    expect(shown.assessmentMinutes).toEqual([
      { instrumentId: 'initial', mode: 'compact', count: null, medianMinutes: null, meanMinutes: null },
      { instrumentId: 'initial', mode: 'step', count: null, medianMinutes: 3, meanMinutes: 3 },
      { instrumentId: 'sara-sv', mode: 'step', count: 40, medianMinutes: 22.5, meanMinutes: 24.1 },
    ]);
  });

  it('settles a sum whose only part is hidden and whose total lies outside the table (that total is small itself)', () => {
    const hidden = complementarySuppression(new Set(['a']), [{ total: [], parts: ['a'] }], () => 2);
    expect([...hidden]).toEqual(['a']);
  });
});
