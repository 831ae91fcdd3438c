// The figures of the second look (issue 15, item 5), pure: per police region
// and instrument, how often a reviewer regraded (share of reviews with at
// least one judgement regraded), how often the judgements agreed (share of
// judgement pairs, original against reviewer, that are equal, over every
// review), and Cohen's kappa on the blind reviews only — agreement beyond
// chance between two raters who did not see each other's grade. A cell with
// fewer reviews than the minimum shows none of its figures (nor does its
// kappa with fewer blind reviews), as the case statistics suppress small
// counts: no region's handful of reviews points at an officer. A blind regrade
// still waiting for its reason is not a complete review: it is left out of the
// review count, the regrade rate and the agreement (and counted as pending),
// but its grades stay in kappa — they were given blind, with or without a
// reason, and leaving the disagreements out would inflate agreement.
export interface ReviewForFigures {
  region: string;
  instrumentId: string;
  blind: boolean;
  verdict: 'agree' | 'regrade';
  /** The reviewer's grade per judgement key. */
  judgements: Readonly<Record<string, string>>;
  /** The original grade per judgement key. */
  original: Readonly<Record<string, string>>;
  /** A blind regrade without its reason yet. */
  reasonPending: boolean;
}

export interface ReviewFigureCell {
  region: string;
  instrumentId: string;
  reviews: number | null;
  regradeRate: number | null;
  judgementAgreement: number | null;
  blindReviews: number | null;
  kappa: number | null;
  reasonsPending: number | null;
}

/** The pairs (original, reviewer) of every judgement the original has. */
export function judgementPairs(reviews: readonly ReviewForFigures[]): [string, string][] {
  return reviews.flatMap((r) => Object.entries(r.original).flatMap(([key, original]): [string, string][] => (r.judgements[key] === undefined ? [] : [[original, r.judgements[key]]])));
}

/** Cohen's kappa of two raters over paired categorical grades; null when undefined (no pairs, or chance agreement is certain). */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
    if (a === b) agree++;
  }
  const observed = agree / n;
  let expected = 0;
  for (const [category, count] of first) expected += (count / n) * ((second.get(category) ?? 0) / n);
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}

export function reviewFigures(reviews: readonly ReviewForFigures[], minCell: number): ReviewFigureCell[] {
  const cells = new Map<string, ReviewForFigures[]>();
  for (const r of reviews) {
    const key = `${r.region}\u0000${r.instrumentId}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  return [...cells.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, all]) => {
      const { region, instrumentId } = all[0]!;
      const list = all.filter((r) => !r.reasonPending);
      const shown = list.length >= minCell;
      const pairs = judgementPairs(list);
      const blind = all.filter((r) => r.blind);
      const blindShown = shown && blind.length >= minCell;
      return {
        region,
        instrumentId,
        reviews: shown ? list.length : null,
        regradeRate: shown ? list.filter((r) => r.verdict === 'regrade').length / list.length : null,
        judgementAgreement: shown && pairs.length > 0 ? pairs.filter(([a, b]) => a === b).length / pairs.length : null,
        blindReviews: blindShown ? blind.length : null,
        kappa: blindShown ? cohensKappa(judgementPairs(blind)) : null,
        reasonsPending: shown ? all.length - list.length : null,
      };
    });
}
