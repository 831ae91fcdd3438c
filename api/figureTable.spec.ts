// The figures' shaping and suppression, pure (issue 16, item 2): every
// combination of dimensions shown, shares and ratios derived from the counts,
// and no cell that rests on fewer cases than the minimum — not a count, not a
// share or ratio whose numerator or denominator is hidden, not a median over
// few, and not a cell that subtraction would give away — from the
// all-regions row, or from a total another output publishes.
import { describe, expect, it } from 'vitest';
import { AGE_BANDS, FIGURES, QUEUE_JUDGEMENTS, type FigureDefinition } from './figureDefinitions.js';
import { figuresCsv, SUPPRESSED_MARK } from './figuresCsv.js';
import { figureRows, type FigureRow } from './figureTable.js';

const FIGURE: FigureDefinition = {
  id: 'rri',
  title: { sv: 'Test', en: 'Test' },
  columns: [
    { key: 'region', label: { sv: 'Region', en: 'Region' }, kind: 'dimension' },
    { key: 'offered', label: { sv: 'a', en: 'a' }, kind: 'count' },
    { key: 'accepted', label: { sv: 'b', en: 'b' }, kind: 'count' },
    { key: 'shareAccepted', label: { sv: 'c', en: 'c' }, kind: 'share', of: ['accepted', 'offered'] },
    { key: 'perOffer', label: { sv: 'd', en: 'd' }, kind: 'ratio', of: ['accepted', 'offered'] },
    { key: 'median', label: { sv: 'e', en: 'e' }, kind: 'median', basis: 'accepted' },
  ],
};
const regions = (d: string) => (d === 'region' ? ['nord', 'syd', 'mitt', 'alla'] : []);

describe('figure rows', () => {
  it('shows every region and derives shares, ratios and medians from the counts', () => {
    const rows = figureRows(FIGURE, [
      { region: 'nord', offered: 40, accepted: 30, median: 12.25 },
      { region: 'syd', offered: 20, accepted: 10, median: 8 },
      { region: 'mitt', offered: 30, accepted: 20, median: 9 },
      { region: 'alla', offered: 90, accepted: 60, median: 10 },
    ], 5, regions);
    expect(rows).toEqual([
      { region: 'nord', offered: 40, accepted: 30, shareAccepted: 0.75, perOffer: 0.75, median: 12.3 },
      { region: 'syd', offered: 20, accepted: 10, shareAccepted: 0.5, perOffer: 0.5, median: 8 },
      { region: 'mitt', offered: 30, accepted: 20, shareAccepted: 0.6667, perOffer: 0.67, median: 9 },
      { region: 'alla', offered: 90, accepted: 60, shareAccepted: 0.6667, perOffer: 0.67, median: 10 },
    ]);
  });

  it('shows a region missing from the counts as zero, suppressed — and then one more, as the total would give it away', () => {
    const rows = figureRows(FIGURE, [
      { region: 'nord', offered: 40, accepted: 30 },
      { region: 'syd', offered: 20, accepted: 10 },
      { region: 'alla', offered: 60, accepted: 40 },
    ], 5, regions);
    expect(rows.map((r) => [r.region, r.offered, r.accepted])).toEqual([['nord', 40, 30], ['syd', null, null], ['mitt', null, null], ['alla', 60, 40]]);
  });

  it('suppresses a small count, the share and the ratio whose numerator it is, and the median resting on it', () => {
    const rows = figureRows(FIGURE, [
      { region: 'nord', offered: 40, accepted: 3, median: 4 },
      { region: 'syd', offered: 4, accepted: 4, median: 5 },
      { region: 'mitt', offered: 50, accepted: 20, median: 6 },
    ], 5, (d) => (d === 'region' ? ['nord', 'syd', 'mitt'] : []));
    expect(rows[0]).toEqual({ region: 'nord', offered: 40, accepted: null, shareAccepted: null, perOffer: null, median: null });
    expect(rows[1]).toEqual({ region: 'syd', offered: null, accepted: null, shareAccepted: null, perOffer: null, median: null });
    expect(rows[2]).toMatchObject({ offered: 50, accepted: 20, shareAccepted: 0.4 });
  });

  it('suppresses the next smallest region too when one alone is hidden and the all-regions row would reveal it', () => {
    const rows = figureRows(FIGURE, [
      { region: 'nord', offered: 3, accepted: 0 },
      { region: 'syd', offered: 9, accepted: 0 },
      { region: 'mitt', offered: 30, accepted: 0 },
      { region: 'alla', offered: 42, accepted: 0 },
    ], 5, regions);
    expect(rows.map((r) => r.offered)).toEqual([null, null, 30, 42]);
  });

  it('hides a second part of a sum whose total is shown, within a row and within a group, so neither can be had by subtraction', () => {
    const parts: FigureDefinition = {
      id: 'measures-by-risk',
      title: { sv: 'Test', en: 'Test' },
      columns: [
        { key: 'region', label: { sv: 'Region', en: 'Region' }, kind: 'dimension' },
        { key: 'measures', label: { sv: 'a', en: 'a' }, kind: 'count' },
        { key: 'skydd', label: { sv: 'b', en: 'b' }, kind: 'count' },
        { key: 'stod', label: { sv: 'c', en: 'c' }, kind: 'count' },
        { key: 'reducering', label: { sv: 'd', en: 'd' }, kind: 'count' },
      ],
      sums: [{ total: 'measures', parts: ['skydd', 'stod', 'reducering'] }],
    };
    const [row] = figureRows(parts, [{ region: 'nord', measures: 40, skydd: 2, stod: 30, reducering: 8 }], 5, (d) => (d === 'region' ? ['nord'] : []));
    expect(row).toEqual({ region: 'nord', measures: 40, skydd: null, stod: 30, reducering: null });
    const outcomes: FigureDefinition = {
      id: 'rri-outcomes',
      title: { sv: 'Test', en: 'Test' },
      columns: [
        { key: 'outcome', label: { sv: 'Utfall', en: 'Outcome' }, kind: 'dimension' },
        { key: 'cases', label: { sv: 'a', en: 'a' }, kind: 'count' },
        { key: 'withOutcome', label: { sv: 'b', en: 'b' }, kind: 'total', of: 'cases', by: [] },
      ],
    };
    const rows = figureRows(outcomes, [{ outcome: 'stopped', cases: 30 }, { outcome: 'decreased', cases: 9 }, { outcome: 'increased', cases: 3 }], 5, (d) => (d === 'outcome' ? ['stopped', 'decreased', 'increased'] : []));
    expect(rows.map((r) => [r.outcome, r.cases, r.withOutcome])).toEqual([['stopped', 30, 42], ['decreased', null, 42], ['increased', null, 42]]);
  });

  it('gives no hidden count back through a ratio: neither as ratio × denominator nor by subtracting regions', () => {
    const perPlan: FigureDefinition = {
      id: 'measures-by-risk',
      title: { sv: 'Test', en: 'Test' },
      columns: [
        { key: 'region', label: { sv: 'Region', en: 'Region' }, kind: 'dimension' },
        { key: 'plans', label: { sv: 'a', en: 'a' }, kind: 'count' },
        { key: 'measures', label: { sv: 'b', en: 'b' }, kind: 'count' },
        { key: 'measuresPerPlan', label: { sv: 'c', en: 'c' }, kind: 'ratio', of: ['measures', 'plans'] },
      ],
    };
    const raw = [
      { region: 'nord', plans: 6, measures: 3 },
      { region: 'syd', plans: 20, measures: 40 },
      { region: 'mitt', plans: 30, measures: 90 },
      { region: 'alla', plans: 56, measures: 133 },
    ];
    const rows = figureRows(perPlan, raw, 5, regions);
    // What a reader could compute: each region's measures as ratio × plans, then the all-regions row minus the others.
    const measuresOf = (row: (typeof rows)[number]) => (row.measures ?? (row.measuresPerPlan === null || row.plans === null ? null : Math.round(Number(row.measuresPerPlan) * Number(row.plans))));
    const known = rows.map(measuresOf);
    const unknown = known.flatMap((m, i) => (m === null ? [i] : []));
    expect(unknown).toContain(0);
    // Two regions stay unknown, so the all-regions row minus the rest gives neither back.
    expect(unknown.length).toBeGreaterThanOrEqual(2);
    expect(known[3]).toBe(133);
    expect(rows.map((r) => r.measuresPerPlan)).toEqual([null, null, 3, 2.38]);
  });

  it('writes the same cells as CSV, a suppressed one as "..", quoting what needs it', () => {
    const rows = figureRows(FIGURE, [{ region: 'nord', offered: 40, accepted: 2 }], 5, (d) => (d === 'region' ? ['nord', 'syd, "x"'] : []));
    expect(figuresCsv(FIGURE.columns, rows)).toBe(
      ['region,offered,accepted,shareAccepted,perOffer,median', `nord,40,${SUPPRESSED_MARK},..,..,..`, '"syd, ""x""",..,..,..,..,..', ''].join('\r\n'),
    );
  });
});

/** A sum a reader knows holds: `total` = Σ `parts`, by the names of the cells. */
type Equation = { total: string; parts: string[] };

/**
 * What a reader gets by subtraction: every cell of an equation whose other cells are all known,
 * again until nothing changes. Returns the cells found that were not known to begin with.
 */
function bySubtraction(equations: readonly Equation[], known: ReadonlySet<string>): string[] {
  const found = new Set(known);
  for (let changed = true; changed; ) {
    changed = false;
    for (const eq of equations) {
      const unknown = [eq.total, ...eq.parts].filter((cell) => !found.has(cell));
      if (unknown.length === 1) changed = found.add(unknown[0]!).size > 0;
    }
  }
  return [...found].filter((cell) => !known.has(cell));
}

describe('totals another output publishes', () => {
  const REGIONS = ['nord', 'syd', 'mitt'];
  const withAll = (d: string) => (d === 'region' ? [...REGIONS, 'alla'] : d === 'judgement' ? ['hog', 'medel', 'lag'] : d === 'age' ? [...AGE_BANDS] : []);
  const JUDGEMENTS = ['hog', 'medel', 'lag'];

  /** Raw judgements rows, the all-regions rows summed: assessments[region][instrument] = counts by judgement. */
  function judgementsRaw(data: Record<string, Record<string, number[]>>) {
    const raw: { region: string; instrument: string; judgement: string; assessments: number }[] = [];
    for (const [region, byInstrument] of Object.entries(data)) for (const [instrument, counts] of Object.entries(byInstrument)) counts.forEach((n, j) => {
      raw.push({ region, instrument, judgement: JUDGEMENTS[j]!, assessments: n });
      const all = raw.find((r) => r.region === 'alla' && r.instrument === instrument && r.judgement === JUDGEMENTS[j]);
      if (all) all.assessments += n;
      else raw.push({ region: 'alla', instrument, judgement: JUDGEMENTS[j]!, assessments: n });
    });
    return raw;
  }

  /** Subtraction over the judgements figure and consistency's judgements (the same counts summed by region). */
  function recoveredFromJudgements(definition: FigureDefinition, data: Record<string, Record<string, number[]>>): string[] {
    const raw = judgementsRaw(data);
    const rows = figureRows(definition, raw, 5, withAll);
    const perRegion = [...REGIONS, 'alla'].map((region) => ({ region, judgements: raw.filter((r) => r.region === region).reduce((n, r) => n + r.assessments, 0), reports: 1000 }));
    const consistency = figureRows(FIGURES.consistency, perRegion, 5, withAll);
    const instruments = Object.keys(data.nord!);
    const equations: Equation[] = [{ total: 'c:alla', parts: REGIONS.map((r) => `c:${r}`) }];
    for (const region of [...REGIONS, 'alla']) {
      equations.push({ total: `c:${region}`, parts: instruments.map((i) => `i:${region}:${i}`) });
      for (const i of instruments) equations.push({ total: `i:${region}:${i}`, parts: JUDGEMENTS.map((j) => `a:${region}:${i}:${j}`) });
    }
    for (const i of instruments) {
      equations.push({ total: `i:alla:${i}`, parts: REGIONS.map((r) => `i:${r}:${i}`) });
      for (const j of JUDGEMENTS) equations.push({ total: `a:alla:${i}:${j}`, parts: REGIONS.map((r) => `a:${r}:${i}:${j}`) });
    }
    const known = new Set<string>();
    for (const row of consistency) if (row.judgements !== null) known.add(`c:${row.region}`);
    for (const row of rows) {
      if (row.ofInstrument !== null) known.add(`i:${row.region}:${row.instrument}`);
      if (row.assessments !== null) known.add(`a:${row.region}:${row.instrument}:${row.judgement}`);
    }
    return bySubtraction(equations, known);
  }

  const SMALL_INSTRUMENT = { nord: { sam: [10, 10, 10], sarasv: [1, 1, 1] }, syd: { sam: [20, 20, 20], sarasv: [10, 10, 10] }, mitt: { sam: [15, 15, 15], sarasv: [8, 8, 8] } };
  const SMALL_REGION = { nord: { sam: [7, 7, 6], sarasv: [7, 7, 6] }, syd: { sam: [1, 1, 0], sarasv: [0, 0, 0] }, mitt: { sam: [30, 30, 30], sarasv: [9, 9, 9] } };

  it('gives back a hidden instrument total from consistency\'s judgements when the figure ignores them (the data are a real test)', () => {
    const unaware = { ...FIGURES.judgements, regionTotalElsewhere: undefined };
    // Nord's judgements (33) minus its shown SAM total (30): its 3 SARA:SV assessments.
    expect(recoveredFromJudgements(unaware, SMALL_INSTRUMENT)).toContain('i:nord:sarasv');
  });

  it('gives no hidden count back by subtracting across the judgements figure and consistency\'s judgements', () => {
    expect(recoveredFromJudgements(FIGURES.judgements, SMALL_INSTRUMENT)).toEqual([]);
    expect(recoveredFromJudgements(FIGURES.judgements, SMALL_REGION)).toEqual([]);
  });

  /** The queue: cases[region][judgement × age band, 16 cells]; the all-regions row summed. */
  function queueRows(definition: FigureDefinition, data: Record<string, number[]>): FigureRow[] {
    const raw = Object.entries(data).flatMap(([region, counts]) =>
      QUEUE_JUDGEMENTS.flatMap((judgement, j) => AGE_BANDS.map((age, a) => ({ region, judgement, age, cases: counts[j * 4 + a]!, reassessmentOverdue: 0, reassessmentDueWithin7: 0 }))),
    );
    const all = raw.filter((r) => r.region === 'nord').map((r) => ({ ...r, region: 'alla', cases: raw.filter((x) => x.judgement === r.judgement && x.age === r.age).reduce((n, x) => n + x.cases, 0) }));
    return figureRows(definition, [...raw, ...all], 5, (d) => (d === 'judgement' ? [...QUEUE_JUDGEMENTS] : withAll(d)));
  }

  /** Subtraction over the queue and the regions' cases in status bops, which GET /statistics/cases adds up to when it shows them all. */
  function recoveredFromQueue(rows: readonly FigureRow[], totalsKnown: boolean): string[] {
    const cell = (r: FigureRow) => `q:${r.region}:${r.judgement}:${r.age}`;
    const equations: Equation[] = [{ total: 'b:alla', parts: REGIONS.map((r) => `b:${r}`) }];
    for (const region of [...REGIONS, 'alla']) equations.push({ total: `b:${region}`, parts: rows.filter((r) => r.region === region).map(cell) });
    for (const r of rows.filter((x) => x.region === 'alla')) equations.push({ total: cell(r), parts: REGIONS.map((region) => `q:${region}:${r.judgement}:${r.age}`) });
    const known = new Set(rows.filter((r) => r.cases !== null).map(cell));
    if (totalsKnown) for (const region of [...REGIONS, 'alla']) known.add(`b:${region}`);
    return bySubtraction(equations, known);
  }

  const QUEUE = { nord: [3, ...Array<number>(15).fill(10)], syd: Array<number>(16).fill(20), mitt: Array<number>(16).fill(30) };

  it('gives back a hidden queue cell from the cases in status bops when the figure ignores them (the data are a real test)', () => {
    const rows = queueRows({ ...FIGURES.prioritisation, regionTotalElsewhere: undefined }, QUEUE);
    expect(recoveredFromQueue(rows, true)).toContain('q:nord:hog:0-7');
    // …and mitt's queue, all shown, gives its cases in status bops away.
    expect(recoveredFromQueue(rows, false)).toContain('b:mitt');
  });

  it('gives neither a hidden queue cell nor a region\'s cases in status bops away: two cells of each region\'s queue are hidden', () => {
    const rows = queueRows(FIGURES.prioritisation, QUEUE);
    for (const region of [...REGIONS, 'alla']) expect(rows.filter((r) => r.region === region && r.cases === null).length).toBeGreaterThanOrEqual(2);
    expect(recoveredFromQueue(rows, true)).toEqual([]);
    expect(recoveredFromQueue(rows, false)).toEqual([]);
  });
});
