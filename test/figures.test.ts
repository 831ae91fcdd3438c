// The figures over real HTTP, on real PostgreSQL and on PGlite (issue 16,
// items 2–3): a generated fictitious data set is written, and every figure the
// API answers — unfiltered and under each filter, alone and combined — is
// checked cell by cell against counts and medians this test computes on its
// own from the generated set, applying the filters as the API documents them
// (api/figuresContract.ts): a shown cell must equal it, a hidden one must
// rest on fewer cases than the minimum (or be the one extra region hidden so
// a total does not give the first away). A filter the server ignored, or
// applied otherwise, changes numbers the comparison sees: every filtered table
// shows cells. Suppression holds in JSON and CSV; no case number appears; an
// intake or Bops officer is refused (403) and the refusal audited. The data
// set is fictitious (api/demoDataSet.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViolenceType } from '../api/caseDomain.js';
import { fixedClock } from '../api/clock.js';
import { demoDataSet, type DemoAssessment, type DemoCase, type DemoMeasure } from '../api/demoDataSet.js';
import { writeDemoData } from '../api/demoDataWriter.js';
import { FIGURES, type FigureId } from '../api/figureDefinitions.js';
import { regionTotalParts, sumConstraints } from '../api/figureTable.js';
import { POLICE_REGIONS, type PoliceRegion } from '../api/policeRegions.js';
import { addDays, calendarDate } from '../methodology/calendarDate.js';
import { DECISION_MAKERS, type Pack } from '../methodology/packSchema.js';
import { expectProblem } from './expectProblem.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const TODAY = '2026-11-30';
const MIN = 5;
const TARGET_DAYS = 14;
const DAY = 86_400_000;
const ANALYST: TestOfficer = { id: 'officer-figures-1', roles: ['analyst'], region: 'mitt' };
const METHOD_OWNER: TestOfficer = { id: 'officer-figures-2', roles: ['method_owner'], region: 'nord' };
const AUDITOR: TestOfficer = { id: 'officer-figures-3', roles: ['auditor'], region: 'syd' };
const INTAKE: TestOfficer = { id: 'officer-figures-4', roles: ['intake_officer'], region: 'syd' };
const BOPS: TestOfficer = { id: 'officer-figures-5', roles: ['bops_officer'], region: 'syd' };

type Counts = Record<string, number>;
type Row = Record<string, string | number | null>;
interface Figure {
  figure: string;
  suppressedBelow: number;
  columns: { key: string; kind: string }[];
  rows: Row[];
  reference: { cases: number; shareStopped: number; kind: string } | null;
}

// ---- The independent computation: the figures' definitions (api/sqlFigures.ts) applied to the generated cases in plain code.

/** Rows keyed by their dimension values ('alla' for all regions), each with its counts and the values its medians are of. */
class Expected {
  readonly rows = new Map<string, Counts>();
  readonly values = new Map<string, Map<string, number[]>>();
  private keys(dims: string[]): string[] {
    return [dims[0]!, 'alla'].map((region) => [region, ...dims.slice(1)].join('|'));
  }
  add(dims: string[], counts: Counts): void {
    for (const key of this.keys(dims)) {
      const row = this.rows.get(key) ?? {};
      for (const [k, v] of Object.entries(counts)) row[k] = (row[k] ?? 0) + v;
      this.rows.set(key, row);
    }
  }
  /** One value a median of the row is taken over. */
  addValue(dims: string[], median: string, value: number): void {
    for (const key of this.keys(dims)) {
      const row = this.values.get(key) ?? new Map<string, number[]>();
      row.set(median, [...(row.get(median) ?? []), value]);
      this.values.set(key, row);
    }
  }
  get(dims: string[]): Counts {
    return this.rows.get(dims.join('|')) ?? {};
  }
  valuesOf(dims: string[], median: string): number[] {
    return this.values.get(dims.join('|'))?.get(median) ?? [];
  }
}

/** The filters of GET /figures, as the query string gives them. */
interface Filter {
  from?: string;
  to?: string;
  region?: PoliceRegion;
  violenceType?: ViolenceType;
  instrument?: string;
}
const filterOf = (query: string): Filter => Object.fromEntries(new URLSearchParams(query)) as Filter;

/**
 * Whether a case is counted under the filters, as api/figuresContract.ts documents them: registered within the period
 * (Swedish calendar days, both inclusive), of the region and violence type, and with a completed assessment on the instrument.
 */
function caseIn(c: DemoCase, f: Filter): boolean {
  const registered = calendarDate(c.createdAt);
  return (!f.from || registered >= f.from) && (!f.to || registered <= f.to) && (!f.region || c.region === f.region)
    && (!f.violenceType || c.violenceType === f.violenceType) && (!f.instrument || [c.initial, c.structured].some((a) => a?.instrumentId === f.instrument));
}

/** Whether a completed assessment is counted: its case's period, region and violence type, and its own instrument. */
const assessmentIn = (c: DemoCase, a: DemoAssessment, f: Filter): boolean => caseIn(c, { ...f, instrument: undefined }) && (!f.instrument || a.instrumentId === f.instrument);

const b = (v: boolean) => (v ? 1 : 0);
/** The median as percentile_cont(0.5) takes it: the mean of the middle two of an even count. */
const medianOf = (values: number[]): number => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const latest = <T extends { followedUpOn: string }>(list: T[]) => [...list].sort((x, y) => y.followedUpOn.localeCompare(x.followedUpOn))[0];

/**
 * Social services' measure, from the record and the catalogue the set was written with: social services recorded
 * as its decider or named responsible, or — no other authority recorded as its decider — a measure the catalogue
 * says social services decide.
 */
function socialServices(m: DemoMeasure, catalogue: Pack): boolean {
  if (m.decision?.by === 'socialtjanst' || m.responsible === 'socialtjanst') return true;
  if (m.decision && (DECISION_MAKERS as readonly string[]).includes(m.decision.by)) return false;
  return catalogue.measures.find((c) => c.id === m.measureId)?.decidedBy.includes('socialtjanst') ?? false;
}

function expectedOf(figure: FigureId, set: DemoCase[], catalogue: Pack, filter: Filter = {}): Expected {
  const e = new Expected();
  for (const c of set) {
    const counted = caseIn(c, filter);
    const assessed = [c.initial, c.structured].filter((a): a is DemoAssessment => a !== null && assessmentIn(c, a, filter));
    const structured = c.structured && assessmentIn(c, c.structured, filter) ? c.structured : null;
    if (!counted && assessed.length === 0) continue;
    const referred = c.initial?.referred === true;
    const firstAccepted = c.rriContacts.filter((k) => k.accepted).map((k) => k.contactedOn).sort()[0];
    const firstOutcome = c.rriOutcomes.map((o) => o.followedUpOn).sort()[0];
    switch (figure) {
      case 'rri': {
        if (!counted) break;
        const timed = firstAccepted !== undefined && firstOutcome !== undefined && firstOutcome >= firstAccepted;
        if (c.rriContacts.length > 0) {
          e.add([c.region], { offered: 1, accepted: b(firstAccepted !== undefined), withOutcome: b(firstAccepted !== undefined && firstOutcome !== undefined), timed: b(timed) });
        }
        if (timed) e.addValue([c.region], 'medianDaysToFollowUp', (Date.parse(firstOutcome) - Date.parse(firstAccepted)) / DAY);
        break;
      }
      case 'rri-outcomes':
        if (counted && firstAccepted !== undefined && c.rriOutcomes.length > 0) e.add([c.region, latest(c.rriOutcomes)!.outcome], { cases: 1 });
        break;
      case 'consistency': {
        // The cases' counts under the case filter, the assessments' under the assessment filter (an instrument: their own).
        if (counted) {
          const inTime = referred && c.structured !== null && c.structured.completedAt.getTime() <= c.initial!.completedAt.getTime() + TARGET_DAYS * DAY;
          const planned = c.plan !== null && c.status !== 'closed';
          e.add([c.region], {
            reports: 1,
            withInitial: b(c.initial !== null),
            referred: b(referred),
            structuredInTime: b(inTime),
            plannedReassessments: b(planned),
            overdueReassessments: b(planned && c.plan!.reassessmentDueOn < TODAY),
          });
        }
        e.add([c.region], { judgements: b(structured !== null), departed: b((structured?.flags.length ?? 0) > 0), timedAssessments: assessed.length });
        for (const a of assessed) e.addValue([c.region], 'medianMinutesPerAssessment', a.activeSeconds / 60);
        break;
      }
      case 'judgements':
        if (structured) e.add([c.region, structured.instrumentId, structured.judgement!], { assessments: 1 });
        break;
      case 'measures-by-risk':
        // A plan answers its structured assessment: it counts under that assessment's filter.
        if (c.plan && structured) {
          const parts = (part: string) => c.plan!.measures.filter((m) => m.part === part).length;
          e.add([c.region, structured.judgement!], { plans: 1, measures: c.plan.measures.length, skydd: parts('skydd'), stod: parts('stod'), reducering: parts('reducering') });
        }
        break;
      case 'prioritisation-outcomes':
        if (counted && referred) {
          const live = c.plan?.measures.filter((m) => m.status !== 'declined') ?? [];
          e.add([c.region], {
            referred: 1,
            structured: b(c.structured !== null),
            waiting: b(c.structured === null && c.status !== 'closed'),
            closedWithoutStructured: b(c.structured === null && c.status === 'closed'),
            socialServicesOnly: b(live.length > 0 && live.every((m) => socialServices(m, catalogue))),
          });
        }
        break;
      case 'prioritisation':
        if (counted && c.status === 'bops') {
          // Days in the queue on the Swedish calendar, as the method counts days.
          const age = Math.round((new Date(`${TODAY}T00:00:00Z`).getTime() - new Date(`${calendarDate(c.createdAt)}T00:00:00Z`).getTime()) / DAY);
          const band = age <= 7 ? '0-7' : age <= 30 ? '8-30' : age <= 90 ? '31-90' : '91+';
          const due = c.plan?.reassessmentDueOn;
          const soon = new Date(new Date(`${TODAY}T00:00:00Z`).getTime() + 7 * DAY).toISOString().slice(0, 10);
          e.add([c.region, c.structured?.judgement ?? 'ingen', band], { cases: 1, reassessmentOverdue: b(due !== undefined && due < TODAY), reassessmentDueWithin7: b(due !== undefined && due >= TODAY && due <= soon) });
        }
        break;
      default: {
        const never: never = figure;
        throw new Error(`no expectation for ${String(never)}`);
      }
    }
  }
  return e;
}

/**
 * The filters each figure is compared under: none, each alone, and all at once. The periods' first days and the
 * days after their last are days with cases registered in the Stockholm night before (below), so a period counted
 * on the UTC calendar would move them.
 */
const YEAR = { from: '2025-11-01', to: '2026-10-31' };
const COMBINED = { from: '2026-02-01', to: '2026-11-15' };
const FILTERS = [
  '',
  '?instrument=sam',
  '?violenceType=heder',
  `?from=${YEAR.from}&to=${YEAR.to}`,
  '?region=syd',
  `?region=stockholm&violenceType=nara_relation&instrument=sarasv&from=${COMBINED.from}&to=${COMBINED.to}`,
];
/** The last days of the queue's age bands (0–7, 8–30, 31–90 days): a case registered then is a day older in UTC. */
const QUEUE_NIGHT_DAYS = [7, 30, 90].map((days) => addDays(TODAY, -days));
/** Days whose cases the test moves to 00:30–01:30 Stockholm time, which is the evening before in UTC. */
const NIGHT_DAYS = [YEAR.from, addDays(YEAR.to, 1), COMBINED.from, addDays(COMBINED.to, 1), ...QUEUE_NIGHT_DAYS];

/**
 * The set with every case registered on one of NIGHT_DAYS (UTC, by day) registered instead at 23:30 UTC the day before:
 * still that day in Stockholm (00:30 in winter, 01:30 in summer), before everything else that happened in the case.
 */
function registeredAtNight(set: DemoCase[]): DemoCase[] {
  return set.map((c) => {
    const day = c.createdAt.toISOString().slice(0, 10);
    return NIGHT_DAYS.includes(day) ? { ...c, createdAt: new Date(`${addDays(day, -1)}T23:30:00Z`) } : c;
  });
}

const COUNT_TOTALS: Partial<Record<FigureId, { key: string; of: string; by: number }>> = {
  'rri-outcomes': { key: 'withOutcome', of: 'cases', by: 1 },
  'judgements': { key: 'ofInstrument', of: 'assessments', by: 2 },
};

describe.each(DATABASE_ENGINES)('figures on %s', (engine) => {
  let t: TestServer;
  let set: DemoCase[];
  const get = (officer: TestOfficer, path: string, accept = 'application/json') => t.as(officer, 'GET', path, undefined, { accept });
  const figure = async (id: string, query = '', officer = ANALYST): Promise<Figure> => {
    const res = await get(officer, `/figures/${id}${query}`);
    const text = await res.text();
    expect({ status: res.status, body: text.slice(0, 500) }).toMatchObject({ status: 200 });
    return JSON.parse(text) as Figure;
  };

  beforeAll(async () => {
    t = await startTestServer({ engine, clock: fixedClock(`${TODAY}T12:00:00Z`), env: { FIGURES_MIN_CELL_SIZE: String(MIN), FIGURES_TARGET_DAYS: String(TARGET_DAYS) } });
    set = registeredAtNight(demoDataSet({ cases: 3000, seed: 16, today: TODAY }));
    await writeDemoData(t.server.database, set, t.server.methodology.active('bops-exempel'), 16);
  }, 120_000);
  afterAll(() => t?.close());

  it('registers cases in the Stockholm night on the first days of the compared periods, the days after their last, and the last days of the queue\'s age bands', () => {
    const night = (day: string) => set.filter((c) => calendarDate(c.createdAt) === day && c.createdAt.toISOString().slice(0, 10) !== day);
    for (const day of NIGHT_DAYS) expect(night(day).length, day).toBeGreaterThan(0);
    for (const day of QUEUE_NIGHT_DAYS) expect(night(day).filter((c) => c.status === 'bops').length, day).toBeGreaterThan(0);
  });

  const comparisons = (Object.keys(FIGURES) as FigureId[]).flatMap((id) => FILTERS.map((query) => [id, query] as const));
  it.each(comparisons)('answers %s%s with the counts computed independently, small cells hidden', async (id, query) => {
    const answer = await figure(id, query);
    const definition = FIGURES[id];
    expect(answer.suppressedBelow).toBe(MIN);
    expect(answer.columns.map((c) => c.key)).toEqual(definition.columns.map((c) => c.key));
    const filter = filterOf(query);
    expect(answer.rows.map((r) => r.region).filter((r, i, all) => all.indexOf(r) === i)).toEqual(filter.region ? [filter.region, 'alla'] : [...POLICE_REGIONS, 'alla']);
    const expected = expectedOf(id, set, t.server.methodology.active('bops-exempel').pack, filter);
    const dims = definition.columns.filter((c) => c.kind === 'dimension').map((c) => c.key);
    const total = COUNT_TOTALS[id];
    let shown = 0;
    let shownMedians = 0;
    const hiddenLarge = new Set<string>();
    for (const row of answer.rows) {
      const key = dims.map((d) => String(row[d]));
      const counts = { ...expected.get(key) };
      if (total) {
        counts[total.key] = [...expected.rows].filter(([k]) => k.split('|').slice(0, total.by).join('|') === key.slice(0, total.by).join('|')).reduce((n, [, r]) => n + (r[total.of] ?? 0), 0);
      }
      for (const column of definition.columns) {
        const value = row[column.key];
        if (column.kind === 'count' || column.kind === 'total') {
          const want = counts[column.key] ?? 0;
          if (value === null) {
            // Hidden although large: only beside another hidden cell of a sum (checked below).
            if (want >= MIN) hiddenLarge.add(`${answer.rows.indexOf(row)}:${column.key}`);
          } else {
            expect(value, `${id} ${key.join('/')} ${column.key}`).toBe(want);
            expect(value).toBeGreaterThanOrEqual(MIN);
            shown += 1;
          }
        }
        if (column.kind === 'share' && value !== null) {
          const [num, den] = column.of;
          expect(value, `${id} ${key.join('/')} ${column.key}`).toBeCloseTo((counts[num] ?? 0) / (counts[den] ?? 0), 4);
          expect(counts[num]).toBeGreaterThanOrEqual(MIN);
        }
        if (column.kind === 'ratio' || column.kind === 'share') {
          // Shown only beside both its counts: a ratio times a shown denominator would give a hidden numerator back.
          const [num, den] = column.of;
          if (row[num] === null || row[den] === null) expect(value, `${id} ${key.join('/')} ${column.key}`).toBeNull();
        }
        if (column.kind === 'ratio' && value !== null) {
          const [num, den] = column.of;
          expect(value).toBeCloseTo((counts[num] ?? 0) / (counts[den] ?? 0), 2);
        }
        if (column.kind === 'median') {
          // Shown only beside its basis, to one decimal; the basis is the count of the values it is the median of.
          if (row[column.basis] === null) expect(value, `${id} ${key.join('/')} ${column.key}`).toBeNull();
          if (value !== null) {
            const values = expected.valuesOf(key, column.key);
            expect(values.length, `${id} ${key.join('/')} ${column.basis}`).toBe(counts[column.basis]);
            expect(Math.abs(Number(value) - medianOf(values)), `${id} ${key.join('/')} ${column.key}`).toBeLessThanOrEqual(0.05 + 1e-9);
            shownMedians += 1;
          }
        }
      }
    }
    // No hidden cell can be had by subtraction: no sum with a shown total has exactly one hidden part,
    // no hidden total is the sum of shown parts, and every large hidden cell is a total or a part of a
    // sum with another hidden part or a hidden total (a region's total published elsewhere among them).
    const hiddenCell = (cell: string) => answer.rows[Number(cell.split(':')[0])]![cell.split(':')[1]!] === null;
    const constraints = sumConstraints(definition, answer.rows);
    for (const con of constraints) {
      const totalHidden = con.total.some(hiddenCell);
      expect(con.parts.filter(hiddenCell).length, `${id} ${con.total[0]}`).not.toBe(totalHidden ? 0 : 1);
    }
    const explaining = [...constraints, ...[...regionTotalParts(definition, answer.rows).values()].map((parts) => ({ total: [], parts }))];
    for (const cell of hiddenLarge) {
      const explained = explaining.some((con) => con.total.includes(cell) || (con.parts.includes(cell) && (con.parts.filter(hiddenCell).length > 1 || con.total.some(hiddenCell))));
      expect(explained, `${id} ${cell}`).toBe(true);
    }
    // The comparison means something only when cells are shown, filtered too: a region filtered on leaves two rows
    // (prioritisation-outcomes: ten counts), so four shown counts in every table, more than five unfiltered.
    expect(shown, `${id}${query}: counts shown`).toBeGreaterThanOrEqual(query ? 4 : 6);
    if (definition.columns.some((c) => c.kind === 'median')) expect(shownMedians, `${id}${query}: medians shown`).toBeGreaterThan(0);
  });

  it('counts the referred cases handed to social services only, as the product records them', async () => {
    // The set writes what the chat and the decision card write: the officer responsible, sheltered housing
    // decided by social services ('socialtjanst') or still proposed to them — never a code of its own.
    const catalogue = t.server.methodology.active('bops-exempel').pack;
    const handed = set.filter((c) => c.initial?.referred && c.plan && c.plan.measures.filter((m) => m.status !== 'declined').every((m) => socialServices(m, catalogue)));
    expect(handed.length).toBeGreaterThanOrEqual(MIN);
    expect(handed.some((c) => c.plan!.measures.some((m) => m.decision === null))).toBe(true);
    expect(set.flatMap((c) => c.plan?.measures ?? []).every((m) => m.responsible.startsWith('demo-officer-'))).toBe(true);
    const all = (await figure('prioritisation-outcomes')).rows.find((r) => r.region === 'alla')!;
    expect(all.socialServicesOnly).toBe(handed.length);
  });

  it('gives no hidden cell back by subtracting across outputs: consistency\'s judgements, the queue and the case statistics', async () => {
    for (const query of ['', '?instrument=sam', '?violenceType=heder']) {
      const consistency = await figure('consistency', query);
      const judgements = await figure('judgements', query);
      for (const row of consistency.rows) {
        const totals = new Map(judgements.rows.filter((r) => r.region === row.region).map((r) => [r.instrument, r.ofInstrument]));
        const hidden = [...totals.values()].filter((v) => v === null).length;
        // A region's judgements shown there leave no single instrument to be had; hidden there, they are no sum of shown totals here.
        if (row.judgements !== null) expect(hidden, `${query} ${String(row.region)}`).not.toBe(1);
        else if (totals.size > 0) expect(hidden, `${query} ${String(row.region)}`).toBeGreaterThan(0);
      }
      // The queue adds up to a region's cases in status bops, which GET /statistics/cases counts: two cells or more of
      // each region's queue are hidden, so the queue gives that total away nowhere and a total known there gives no cell back.
      const queue = await figure('prioritisation', query);
      for (const region of [...POLICE_REGIONS, 'alla']) expect(queue.rows.filter((r) => r.region === region && r.cases === null).length, `${query} ${region}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('computes the days to follow-up as the median over the cases followed up after an accepted contact', async () => {
    const days = set
      .filter((c) => c.region === 'stockholm')
      .flatMap((c) => {
        const accepted = c.rriContacts.filter((k) => k.accepted).map((k) => k.contactedOn).sort()[0];
        const outcome = c.rriOutcomes.map((o) => o.followedUpOn).sort()[0];
        return accepted && outcome && outcome >= accepted ? [(Date.parse(outcome) - Date.parse(accepted)) / DAY] : [];
      });
    expect(days.length).toBeGreaterThanOrEqual(MIN);
    const row = (await figure('rri')).rows.find((r) => r.region === 'stockholm')!;
    expect(row.medianDaysToFollowUp).toBeCloseTo(medianOf(days), 1);
  });

  it('computes the minutes per assessment as the median of the officers\' recorded active time, not the time a draft lay open', async () => {
    const consistency = await figure('consistency');
    for (const region of ['syd', 'alla']) {
      const assessments = set.filter((c) => region === 'alla' || c.region === region).flatMap((c) => [c.initial, c.structured].filter((a) => a !== null));
      const active = medianOf(assessments.map((a) => a.activeSeconds / 60));
      const open = medianOf(assessments.map((a) => (a.completedAt.getTime() - a.createdAt.getTime()) / 60_000));
      // The two measures differ enough in the set that the figure cannot pass with the wrong one.
      expect(open - active).toBeGreaterThan(5);
      const row = consistency.rows.find((r) => r.region === region)!;
      expect(row.timedAssessments).toBe(assessments.length);
      // Published to one decimal.
      expect(Math.abs(Number(row.medianMinutesPerAssessment) - active)).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('shows the pilot figure as a reference line beside the RRI data, never among its rows', async () => {
    const rri = await figure('rri');
    expect(rri.reference).toMatchObject({ cases: 118, shareStopped: 0.72, kind: 'reference' });
    expect(rri.rows.map((r) => r.region)).toEqual([...POLICE_REGIONS, 'alla']);
    expect((await figure('consistency')).reference).toBeNull();
  });

  it('filters by region, violence type, instrument and period, and hides every small cell when the selection is small', async () => {
    const syd = await figure('consistency', '?region=Syd&violenceType=heder');
    expect(syd.rows.map((r) => r.region)).toEqual(['syd', 'alla']);
    const reports = set.filter((c) => c.region === 'syd' && c.violenceType === 'heder').length;
    expect(syd.rows[0]!.reports).toBe(reports >= MIN ? reports : null);
    const week = await figure('rri-outcomes', '?from=2026-11-20&to=2026-11-26&instrument=sam');
    for (const row of week.rows) for (const column of week.columns.filter((c) => c.kind !== 'dimension')) {
      const value = row[column.key];
      if (value !== null && (column.kind === 'count' || column.kind === 'total')) expect(value).toBeGreaterThanOrEqual(MIN);
    }
    const period = await figure('consistency', '?from=2025-06-01&to=2025-06-30');
    const inJune = set.filter((c) => calendarDate(c.createdAt) >= '2025-06-01' && calendarDate(c.createdAt) <= '2025-06-30').length;
    expect(period.rows.find((r) => r.region === 'alla')!.reports).toBe(inJune);
  });

  it('answers the same cells as CSV for Accept: text/csv, a hidden one as "..", and never a case number', async () => {
    const json = await figure('prioritisation');
    const res = await get(ANALYST, '/figures/prioritisation', 'text/csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(json.columns.map((c) => c.key).join(','));
    expect(lines.slice(1)).toEqual(json.rows.map((r) => json.columns.map((c) => (r[c.key] === null ? '..' : String(r[c.key]))).join(',')));
    expect(lines.some((l) => l.includes('..'))).toBe(true);
    const counts = json.columns.map((c, i) => [c.kind, i] as const).filter(([kind]) => kind === 'count').map(([, i]) => i);
    for (const line of lines.slice(1)) for (const i of counts) {
      const cell = line.split(',')[i]!;
      if (cell !== '..') expect(Number(cell)).toBeGreaterThanOrEqual(MIN);
    }
    for (const id of Object.keys(FIGURES)) expect(JSON.stringify(await figure(id))).not.toMatch(/0000-K/);
  });

  it('serves method owners and auditors as analysts', async () => {
    expect((await figure('rri', '', METHOD_OWNER)).rows).toHaveLength(8);
    expect((await figure('rri', '', AUDITOR)).rows).toHaveLength(8);
  });

  it('refuses an intake officer and a Bops officer with 403, each refusal audited', async () => {
    for (const officer of [INTAKE, BOPS]) {
      await expectProblem(await get(officer, '/figures/consistency'), 403, 'forbidden');
      const { rows } = await t.server.database.query<{ detail: Record<string, unknown> }>(
        `SELECT detail FROM audit_log WHERE action = 'access.denied' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
        [officer.id],
      );
      expect(rows[0]?.detail).toMatchObject({ attemptedAction: 'figures.read', reason: 'figures_roles_only', answeredAs: 'forbidden' });
    }
  });

  it('refuses an unknown figure and a period that ends before it starts', async () => {
    await expectProblem(await get(ANALYST, '/figures/names'), 400, 'validation');
    await expectProblem(await get(ANALYST, '/figures/rri?from=2026-02-01&to=2026-01-01'), 400, 'validation');
  });
});
