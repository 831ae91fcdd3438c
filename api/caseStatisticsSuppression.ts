// The case statistics (GET /statistics/cases) as they may leave the API. A
// count under the minimum is hidden, and so is one more wherever it would be
// the only hidden part of a total a reader can know. The response shows no
// totals itself, but the figures (GET /figures/…) publish them: cases per
// region and nationally, also filtered by violence type (consistency
// 'reports'); measures per region and plan part (measures-by-risk, summed
// over its judgements); completed assessments per instrument (consistency
// 'timedAssessments', filtered by instrument). So each table names the
// dimensions whose totals are published, and the rows that agree on any
// subset of them (a region; a region and a violence type; a violence type
// nationally; all rows) never have exactly one hidden count among them.
// Totals by status, measure or mode are not treated as known: treating every
// marginal as known hid 8 of the 10 case counts of the spec's data set when
// tried, and the figure would be useless. The one figure that adds up to a
// status — the Bops queue (prioritisation) to a region's cases in status
// bops — hides at least two cells of each region's queue, so it gives that
// total away nowhere (api/figureDefinitions.ts, regionTotalElsewhere).
// Complementary suppression itself is api/complementarySuppression.ts, the
// same rule the figures use.
import type { z } from 'zod';
import type { CaseStatistics } from './caseRepository.js';
import type { caseStatisticsResponseSchema } from './caseContract.js';
import { complementarySuppression, type SumConstraint } from './complementarySuppression.js';

export type SuppressedCaseStatistics = Omit<z.input<typeof caseStatisticsResponseSchema>, 'suppressedBelow'>;

/**
 * One sum per group of rows that agree on a subset of `publishedBy` (the empty subset: all rows), as
 * row indices: the totals another output publishes, so not in this table (empty `total`). The
 * narrowest groups come first: a complement found there mostly closes the wider ones too, where a
 * complement chosen first for all rows could lie in any region and close nothing else.
 */
export function marginalConstraints<R>(rows: readonly R[], publishedBy: readonly (keyof R)[]): SumConstraint[] {
  const constraints: SumConstraint[] = [];
  let subsets: (keyof R)[][] = [[]];
  for (const d of publishedBy) subsets = [...subsets, ...subsets.map((s) => [...s, d])];
  for (const fixed of subsets.sort((a, b) => b.length - a.length)) {
    const groups = new Map<string, string[]>();
    rows.forEach((row, i) => {
      const key = fixed.map((d) => String(row[d])).join('\u0000');
      groups.set(key, [...(groups.get(key) ?? []), String(i)]);
    });
    for (const parts of groups.values()) constraints.push({ total: [], parts });
  }
  return constraints;
}

/** The dimensions of each table whose totals the figures publish. */
export const PUBLISHED_TOTALS = {
  cases: ['region', 'violenceType'],
  measures: ['region', 'part'],
  assessmentMinutes: ['instrumentId'],
} as const satisfies { [T in keyof CaseStatistics]: readonly (keyof CaseStatistics[T][number])[] };

/** Which rows' counts to hide: under `min`, then the complementary ones over the published totals. */
function hiddenRows<R extends { count: number }>(rows: readonly R[], publishedBy: readonly (keyof R)[], min: number): Set<number> {
  const hidden = new Set(rows.flatMap((row, i) => (row.count < min ? [String(i)] : [])));
  complementarySuppression(hidden, marginalConstraints(rows, publishedBy), (cell) => rows[Number(cell)]!.count);
  return new Set([...hidden].map(Number));
}

/**
 * The statistics with every count under `min` hidden (null) and the complementary counts hidden too.
 * Minutes go with a small count (a mean of two could be one officer's pace); a count hidden only as
 * a complement rests on at least `min` assessments, so its median and mean stay shown — they give
 * no count back, and they are what the minutes table is for.
 */
export function suppressCaseStatistics(stats: CaseStatistics, min: number): SuppressedCaseStatistics {
  const casesHidden = hiddenRows(stats.cases, PUBLISHED_TOTALS.cases, min);
  const measuresHidden = hiddenRows(stats.measures, PUBLISHED_TOTALS.measures, min);
  const minutesHidden = hiddenRows(stats.assessmentMinutes, PUBLISHED_TOTALS.assessmentMinutes, min);
  return {
    cases: stats.cases.map((row, i) => ({ ...row, count: casesHidden.has(i) ? null : row.count })),
    measures: stats.measures.map((row, i) => ({ ...row, count: measuresHidden.has(i) ? null : row.count })),
    assessmentMinutes: stats.assessmentMinutes.map((row, i) => {
      if (row.count < min) return { ...row, count: null, medianMinutes: null, meanMinutes: null };
      return minutesHidden.has(i) ? { ...row, count: null } : row;
    }),
  };
}
