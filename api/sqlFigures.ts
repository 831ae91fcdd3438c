// The figures' counts on PostgreSQL/PGlite (issue 16, item 2): one aggregate
// query per figure over the filtered cases, grouped by region with the
// all-regions row beside (ROLLUP / GROUPING SETS), returning counts and
// medians only — never a case, a person or a text. The queries read the facts
// the database keeps exact on every write (migration 074: one narrow row per
// case, one per completed assessment), so a figure answers in tens of
// milliseconds at 100,000 cases (issue 16, item 5); the facts are computed
// from the tables by the definitions below. What the counts mean is stated
// once, here (and beside the facts' SQL in 074):
// - a report is a case; it has an initial assessment when one is completed;
//   it is referred when a completed initial assessment decided 'remittera';
// - a structured assessment is a completed one of level structured or in_depth;
//   "within the target time" is completed at most targetDays after the referral;
// - a judgement is a completed assessment with an overall summary judgement; it
//   departed from a consistency flag when a flag was still raised at completion;
// - minutes per assessment are the officer's recorded active time (migration 097,
//   api/activeTime.ts), over the completed assessments that have one — never the
//   time a draft lay open between creation and completion;
// - RRI: offered = any contact, accepted = an accepted contact; an outcome counts
//   for an accepted case; days to follow-up = first outcome − first accepted
//   contact, when not negative; the distribution counts each case's latest outcome;
// - the queue is the cases in status bops, by their latest overall judgement,
//   days since registration and their next planned re-assessment;
// - days are Swedish calendar days (Europe/Stockholm), as everywhere in the method:
//   the period filter's registration dates and the queue's age alike;
// - a referred case is waiting while it has no structured assessment and is not
//   closed, closed without one when closed so, and handed to social services only
//   when it has measures not declined or cancelled and every one of them is social
//   services': social services (code 'socialtjanst') recorded as its decider or named
//   responsible, or — no other authority recorded as its decider — a measure the
//   catalogue of its plan's pack version says social services decide (migration 102).
// Pure shaping and suppression happen after (api/figureTable.ts).
import { METHOD_TIME_ZONE } from '../methodology/calendarDate.js';
import type { Database } from './database.js';
import type { FigureId } from './figureDefinitions.js';
import type { FiguresQuery } from './figuresContract.js';
import type { RawRow } from './figureTable.js';

export interface FigureFacts {
  /** The day overdue and queue age are counted from (YYYY-MM-DD). */
  today: string;
  targetDays: number;
}

/** Binds a parameter, returning its placeholder. */
type Bind = (value: unknown) => string;

/** Midnight starting a Swedish calendar day, as an instant: the method counts days in Stockholm (methodology/calendarDate.ts). */
const stockholmMidnight = (date: string) => `(${date}::date::timestamp AT TIME ZONE '${METHOD_TIME_ZONE}')`;

/**
 * The filters on a facts row's copies of its case: period of registration (Swedish calendar days, both
 * inclusive), region, violence type, and the instrument — for a case, that one of its completed
 * assessments is on it; for an assessment (always a completed one), that it is on it itself, which
 * implies the former of its case.
 */
function filters(q: FiguresQuery, p: Bind, of: 'case' | 'assessment'): string {
  const created = of === 'case' ? 'created_at' : 'case_created_at';
  const where: string[] = [];
  // Bounds are instants worked out once, so the comparison is on the column itself: the session's time zone
  // (UTC on a server) would move a case registered at 00:30 in Stockholm into the day before.
  if (q.from) where.push(`${created} >= ${stockholmMidnight(p(q.from))}`);
  if (q.to) where.push(`${created} < ${stockholmMidnight(`(${p(q.to)}::date + 1)`)}`);
  if (q.region) where.push(`region = ${p(q.region)}`);
  if (q.violenceType) where.push(`violence_type = ${p(q.violenceType)}`);
  if (q.instrument) where.push(of === 'case' ? `${p(q.instrument)} = ANY (instruments)` : `instrument_id = ${p(q.instrument)}`);
  return where.map((w) => ` AND ${w}`).join('');
}

// Each figure reads one facts table (migration 074) and joins nothing; where every count of a figure needs a
// condition (RRI offered, referred, in the queue, with a plan), only those rows are read, by a partial index.
function sqlOf(figure: FigureId, q: FiguresQuery, facts: FigureFacts, params: unknown[]): string {
  const p: Bind = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  switch (figure) {
    case 'rri':
      return `SELECT coalesce(region, 'alla') AS region, count(*)::int AS offered, count(rri_first_accepted)::int AS accepted,
          count(*) FILTER (WHERE rri_first_accepted IS NOT NULL AND rri_first_outcome IS NOT NULL)::int AS "withOutcome",
          count(*) FILTER (WHERE rri_first_outcome >= rri_first_accepted)::int AS timed,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY rri_first_outcome - rri_first_accepted) FILTER (WHERE rri_first_outcome >= rri_first_accepted) AS "medianDaysToFollowUp"
        FROM figure_case_facts WHERE rri_offered${filters(q, p, 'case')} GROUP BY ROLLUP (region)`;
    case 'rri-outcomes':
      return `SELECT coalesce(region, 'alla') AS region, rri_latest_outcome AS outcome, count(*)::int AS cases
        FROM figure_case_facts WHERE rri_offered AND rri_first_accepted IS NOT NULL AND rri_latest_outcome IS NOT NULL${filters(q, p, 'case')}
        GROUP BY GROUPING SETS ((region, rri_latest_outcome), (rri_latest_outcome))`;
    case 'consistency': {
      const target = p(facts.targetDays);
      const today = p(facts.today);
      // The median minutes sort every assessment: read in the order of an index (region, minutes) and
      // (minutes), the sort finds its input sorted — the regions grouped by region, all of them apart.
      const assessed = (region: string, order: string, group: string) =>
        `SELECT ${region} AS region, count(judgement)::int AS judgements, count(*) FILTER (WHERE judgement IS NOT NULL AND flagged)::int AS departed,
            count(minutes)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY minutes) AS median
          FROM (SELECT region, judgement, flagged, minutes FROM figure_assessment_facts WHERE TRUE${filters(q, p, 'assessment')} ORDER BY ${order}) s ${group}`;
      // Planned due dates are kept ascending, so width_bucket counts those before today (a date is before
      // today when it is on or before yesterday) without unnesting them.
      return `WITH reports AS (SELECT coalesce(region, 'alla') AS region, count(*)::int AS reports,
            count(initial_done)::int AS "withInitial", count(referred_at)::int AS referred,
            count(*) FILTER (WHERE structured_done <= referred_at + make_interval(days => ${target}::int))::int AS "structuredInTime",
            sum(cardinality(planned_due))::int AS planned,
            sum(width_bucket(${today}::date - 1, planned_due))::int AS overdue
          FROM figure_case_facts WHERE TRUE${filters(q, p, 'case')} GROUP BY ROLLUP (region)),
        assessed AS (${assessed('region', 'region, minutes', 'GROUP BY region')}
          UNION ALL ${assessed(`'alla'`, 'minutes', '')})
        SELECT r.region, r.reports, r."withInitial", r.referred, r."structuredInTime",
          coalesce(x.judgements, 0) AS judgements, coalesce(x.departed, 0) AS departed,
          coalesce(r.planned, 0) AS "plannedReassessments", coalesce(r.overdue, 0) AS "overdueReassessments",
          coalesce(x.n, 0) AS "timedAssessments", x.median AS "medianMinutesPerAssessment"
        FROM reports r LEFT JOIN assessed x ON x.region = r.region`;
    }
    case 'judgements':
      return `SELECT coalesce(region, 'alla') AS region, instrument_id AS instrument, judgement, count(*)::int AS assessments
        FROM figure_assessment_facts WHERE judgement IS NOT NULL${filters(q, p, 'assessment')}
        GROUP BY GROUPING SETS ((region, instrument_id, judgement), (instrument_id, judgement))`;
    case 'measures-by-risk':
      return `SELECT coalesce(region, 'alla') AS region, judgement, count(*)::int AS plans, sum(measures)::int AS measures,
          sum(skydd)::int AS skydd, sum(stod)::int AS stod, sum(reducering)::int AS reducering
        FROM (SELECT region, coalesce(judgement, 'ingen') AS judgement, measures, skydd, stod, reducering
              FROM figure_assessment_facts WHERE has_plan${filters(q, p, 'assessment')}) plans
        GROUP BY GROUPING SETS ((region, judgement), (judgement))`;
    case 'prioritisation': {
      const today = p(facts.today);
      // Registered at most n Swedish calendar days before today: at or after the Stockholm midnight starting today − n.
      const within = (days: number) => `created_at >= ${stockholmMidnight(`(${today}::date - ${days})`)}`;
      return `SELECT coalesce(region, 'alla') AS region, judgement, age, count(*)::int AS cases,
          count(*) FILTER (WHERE next_due < ${today}::date)::int AS "reassessmentOverdue",
          count(*) FILTER (WHERE next_due >= ${today}::date AND next_due <= ${today}::date + 7)::int AS "reassessmentDueWithin7"
        FROM (SELECT region, coalesce(latest_judgement, 'ingen') AS judgement, planned_due[1] AS next_due,
                CASE WHEN ${within(7)} THEN '0-7' WHEN ${within(30)} THEN '8-30' WHEN ${within(90)} THEN '31-90' ELSE '91+' END AS age
              FROM figure_case_facts WHERE status = 'bops'${filters(q, p, 'case')}) queue
        GROUP BY GROUPING SETS ((region, judgement, age), (judgement, age))`;
    }
    case 'prioritisation-outcomes':
      return `SELECT coalesce(region, 'alla') AS region, count(*)::int AS referred, count(structured_done)::int AS structured,
          count(*) FILTER (WHERE structured_done IS NULL AND status <> 'closed')::int AS waiting,
          count(*) FILTER (WHERE structured_done IS NULL AND status = 'closed')::int AS "closedWithoutStructured",
          count(*) FILTER (WHERE live_measures > 0 AND live_measures = social_measures)::int AS "socialServicesOnly"
        FROM figure_case_facts WHERE referred_at IS NOT NULL${filters(q, p, 'case')} GROUP BY ROLLUP (region)`;
    default: {
      const never: never = figure;
      return never;
    }
  }
}

export class SqlFigures {
  constructor(private readonly db: Database) {}

  /** The raw counts of one figure over the filtered cases; no personal data, so not audited. */
  async raw(figure: FigureId, query: FiguresQuery, facts: FigureFacts): Promise<RawRow[]> {
    const params: unknown[] = [];
    const sql = sqlOf(figure, query, facts, params);
    return this.db.transaction(async (tx) => {
      // The planner's cost estimates of a grouped scan of 100,000 rows can pass the JIT threshold, and compiling
      // takes longer than the aggregate runs (measured on the former joins: seconds against tens of milliseconds).
      await tx.query('SET LOCAL jit = off');
      // A median sorts one value per case or assessment: at the default 4 MB that can spill to disk at
      // 100,000 cases (measured: external merge sorts); 64 MB keeps it in memory, for this query only.
      await tx.query("SET LOCAL work_mem = '64MB'");
      // Starting parallel workers costs more than these scans of narrow rows take (measured: 20–40 ms of a
      // 13 ms median under load on 2 cores), and a server answers many requests at once anyway.
      await tx.query('SET LOCAL max_parallel_workers_per_gather = 0');
      // The medians of 'consistency' are cheap only read in index order. Once the facts tables have churned, the
      // planner estimates a full scan and a sort cheaper; measured: 380 ms against 32 ms. Only its own sorts are off.
      if (figure === 'consistency') await tx.query('SET LOCAL enable_sort = off');
      return (await tx.query<Record<string, string | number | null>>(sql, params)).rows;
    });
  }
}
