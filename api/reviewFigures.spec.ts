// The review figures (issue 15, item 5) on hand-worked examples: Cohen's kappa
// of a textbook table, agreement and regrade rate, and suppression of a small
// cell and of kappa with too few blind reviews.
import { describe, expect, it } from 'vitest';
import { cohensKappa, reviewFigures, type ReviewForFigures } from './reviewFigures.js';

const pairs = (table: [string, string, number][]) => table.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as const));

describe('review figures', () => {
  it("computes Cohen's kappa: 20 yes-yes, 5 yes-no, 10 no-yes, 15 no-no is 0.4", () => {
    // po = 35/50 = 0.7; pe = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
    expect(cohensKappa(pairs([['ja', 'ja', 20], ['ja', 'nej', 5], ['nej', 'ja', 10], ['nej', 'nej', 15]]))).toBeCloseTo(0.4, 12);
    expect(cohensKappa(pairs([['hog', 'hog', 3], ['lag', 'lag', 2]]))).toBe(1);
    // Both raters always say the same single grade: chance agreement is certain, kappa undefined.
    expect(cohensKappa(pairs([['lag', 'lag', 4]]))).toBeNull();
    expect(cohensKappa([])).toBeNull();
  });

  const review = (blind: boolean, original: Record<string, string>, judgements: Record<string, string>, region = 'syd', instrumentId = 'sarasv'): ReviewForFigures => ({
    region,
    instrumentId,
    blind,
    verdict: Object.keys(original).every((k) => original[k] === judgements[k]) ? 'agree' : 'regrade',
    original,
    judgements,
    reasonPending: false,
  });

  it('gives regrade rate and agreement per region and instrument, and suppresses small cells', () => {
    const list = [
      review(false, { overall: 'hog', acute: 'lag' }, { overall: 'hog', acute: 'lag' }),
      review(false, { overall: 'hog', acute: 'lag' }, { overall: 'medel', acute: 'lag' }),
      review(true, { overall: 'lag', acute: 'lag' }, { overall: 'lag', acute: 'lag' }),
      review(true, { overall: 'medel', acute: 'hog' }, { overall: 'hog', acute: 'hog' }),
      review(false, { overall: 'lag', acute: 'lag' }, { overall: 'lag', acute: 'lag' }),
      review(false, { overall: 'lag' }, { overall: 'lag' }, 'nord'),
    ];
    expect(reviewFigures(list, 5)).toEqual([
      { region: 'nord', instrumentId: 'sarasv', reviews: null, regradeRate: null, judgementAgreement: null, blindReviews: null, kappa: null, reasonsPending: null },
      // 2 of 5 regraded; 8 of 10 judgement pairs equal; 2 blind reviews < 5: no kappa.
      { region: 'syd', instrumentId: 'sarasv', reviews: 5, regradeRate: 0.4, judgementAgreement: 0.8, blindReviews: null, kappa: null, reasonsPending: 0 },
    ]);
    const blindOnes = reviewFigures(list, 2).find((c) => c.region === 'syd')!;
    // Blind pairs: (lag,lag) (lag,lag) (medel,hog) (hog,hog): po 0.75, pe 0.5·0.5 + 0.25·0.5 = 0.375 → κ 0.6.
    expect(blindOnes.blindReviews).toBe(2);
    expect(blindOnes.kappa).toBeCloseTo(0.6, 12);
  });

  it('counts a blind regrade as a review only once it has its reason, and its blind grades in kappa either way', () => {
    const complete = [
      review(true, { overall: 'lag' }, { overall: 'lag' }),
      review(true, { overall: 'hog' }, { overall: 'hog' }),
      review(true, { overall: 'medel' }, { overall: 'hog' }),
    ];
    const pending = { ...review(true, { overall: 'lag' }, { overall: 'hog' }), reasonPending: true };
    const [withPending] = reviewFigures([...complete, pending], 3);
    // 1 of the 3 complete reviews regraded; 2 of 3 pairs agree; the pending one is counted apart.
    expect(withPending).toMatchObject({ reviews: 3, regradeRate: 1 / 3, judgementAgreement: 2 / 3, reasonsPending: 1, blindReviews: 4 });
    // Kappa over all four blind pairs, the pending one included: (lag,lag) (hog,hog) (medel,hog) (lag,hog).
    expect(withPending!.kappa).toBeCloseTo(cohensKappa([['lag', 'lag'], ['hog', 'hog'], ['medel', 'hog'], ['lag', 'hog']])!, 12);
    // With its reason, the same review counts as the regrade it is.
    expect(reviewFigures([...complete, { ...pending, reasonPending: false }], 3)[0]).toMatchObject({ reviews: 4, regradeRate: 0.5, reasonsPending: 0 });
  });
});
