// The figures' counts on PostgreSQL/PGlite (issue 16, item 2): one aggregate
// query per figure over the filtered cases, grouped by region with the
// all-regions row beside (ROLLUP / GROUPING SETS), returning counts and
// medians only — never a case, a person or a text. What the counts mean is
// stated once, here, beside the SQL:
// - a report is a case; it has an initial assessment when one is completed;
//   it is referred when a completed initial assessment decided 'remittera';
// - a structured assessment is a completed one of level structured or in_depth;
//   "within the target time" is completed at most targetDays after the referral;
// - a judgement is a completed assessment with an overall summary judgement; it
//   departed from a consistency flag when a flag was still raised at completion;
// - RRI: offered = any contact, accepted = an accepted contact; an outcome counts
//   for an accepted case; days to follow-up = first outcome − first accepted
//   contact, when not negative; the distribution counts each case's latest outcome;
// - the queue is the cases in status bops, by their latest overall judgement,
//   days since registration and their next planned re-assessment;
// - a referred case is waiting while it has no structured assessment and is not
//   closed, closed without one when closed so, and handed to social services only
//   when every measure of its plans not declined or cancelled is socialtjänstens.
// Pure shaping and suppression happen after (api/figureTable.ts).
import type { Database } from './database.js';
import type { FigureId } from './figureDefinitions.js';
import type { FiguresQuery } from './figuresContract.js';
import type { RawRow } from './figureTable.js';

export interface FigureFacts {
  /** The day overdue and queue age are counted from (YYYY-MM-DD). */
  today: string;
  targetDays: number;
}

/**
 * The answer that refers a case to Bops (item 'beslut', 'remittera'), as a join condition on `ans`:
 * exactly the predicate of the partial index assessment_answers_referred_idx (migration 073).
 */
const REFERRED_ANSWER = `ans.item_id = 'beslut' AND ans.value = '"remittera"'::jsonb`;

/** The filtered cases as the CTE `base (id, region, status)`, its parameters appended to `params`. */
function baseCases(q: FiguresQuery, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = ['TRUE'];
  if (q.from) where.push(`c.created_at >= ${p(q.from)}::date`);
  if (q.to) where.push(`c.created_at < ${p(q.to)}::date + 1`);
  if (q.region) where.push(`c.region = ${p(q.region)}`);
  if (q.violenceType) where.push(`c.violence_type = ${p(q.violenceType)}`);
  if (q.instrument) where.push(`EXISTS (SELECT 1 FROM assessments fa WHERE fa.case_id = c.id AND fa.status = 'completed' AND fa.instrument_id = ${p(q.instrument)})`);
  return `base AS (SELECT c.id, c.region, c.status, c.created_at FROM cases c WHERE ${where.join(' AND ')})`;
}

/** `AND a.instrument_id = $n` when the figure is filtered to one instrument. */
function instrumentOnly(q: FiguresQuery, params: unknown[], alias = 'a'): string {
  if (!q.instrument) return '';
  params.push(q.instrument);
  return ` AND ${alias}.instrument_id = $${params.length}`;
}

function sqlOf(figure: FigureId, q: FiguresQuery, facts: FigureFacts, params: unknown[]): string {
  const base = baseCases(q, params);
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  switch (figure) {
    case 'rri':
      // Per case by joins on the small RRI tables aggregated once, not a subquery per case.
      return `WITH ${base},
        k AS (SELECT case_id, min(contacted_on) FILTER (WHERE accepted) AS first_accepted FROM rri_contacts GROUP BY case_id),
        o AS (SELECT case_id, min(followed_up_on) AS first_outcome FROM rri_outcomes GROUP BY case_id),
        per AS (SELECT b.region, k.case_id IS NOT NULL AS offered, k.first_accepted, o.first_outcome
          FROM base b LEFT JOIN k ON k.case_id = b.id LEFT JOIN o ON o.case_id = b.id)
        SELECT coalesce(region, 'alla') AS region,
          count(*) FILTER (WHERE offered)::int AS offered,
          count(*) FILTER (WHERE first_accepted IS NOT NULL)::int AS accepted,
          count(*) FILTER (WHERE first_accepted IS NOT NULL AND first_outcome IS NOT NULL)::int AS "withOutcome",
          count(*) FILTER (WHERE first_outcome >= first_accepted)::int AS timed,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY first_outcome - first_accepted) FILTER (WHERE first_outcome >= first_accepted) AS "medianDaysToFollowUp"
        FROM per GROUP BY ROLLUP (region)`;
    case 'rri-outcomes':
      return `WITH ${base},
        accepted AS (SELECT DISTINCT case_id FROM rri_contacts WHERE accepted),
        latest AS (SELECT DISTINCT ON (case_id) case_id, outcome FROM rri_outcomes ORDER BY case_id, followed_up_on DESC, created_at DESC, id DESC),
        per AS (SELECT b.region, l.outcome FROM base b JOIN accepted a ON a.case_id = b.id JOIN latest l ON l.case_id = b.id)
        SELECT coalesce(region, 'alla') AS region, outcome, count(*)::int AS cases
        FROM per GROUP BY GROUPING SETS ((region, outcome), (outcome))`;
    case 'consistency': {
      const target = p(facts.targetDays);
      const today = p(facts.today);
      const onlyInstrument = instrumentOnly(q, params);
      // Two passes over the assessments: per case (initial, referral, first structured), and per region
      // (judgements, departures, minutes); per case over all assessments, then hash-joined to the filtered cases.
      // The per-region pass reads the generated columns of migration 073 from the covering index, never derived.
      return `WITH ${base},
        per_case AS (SELECT a.case_id,
            min(a.completed_at) FILTER (WHERE a.level = 'initial') AS initial_done,
            min(a.completed_at) FILTER (WHERE a.level = 'initial' AND ans.assessment_id IS NOT NULL) AS referred_at,
            min(a.completed_at) FILTER (WHERE a.level IN ('structured', 'in_depth')) AS structured_done
          FROM assessments a LEFT JOIN assessment_answers ans ON ans.assessment_id = a.id AND ${REFERRED_ANSWER}
          WHERE a.status = 'completed' GROUP BY a.case_id),
        reports AS (SELECT coalesce(b.region, 'alla') AS region, count(*)::int AS reports,
            count(pc.initial_done)::int AS "withInitial", count(pc.referred_at)::int AS referred,
            count(*) FILTER (WHERE pc.structured_done <= pc.referred_at + make_interval(days => ${target}::int))::int AS "structuredInTime"
          FROM base b LEFT JOIN per_case pc ON pc.case_id = b.id GROUP BY ROLLUP (b.region)),
        assessed AS (SELECT coalesce(b.region, 'alla') AS region,
            count(*) FILTER (WHERE a.figure_judged)::int AS judgements,
            count(*) FILTER (WHERE a.figure_judged AND a.figure_flagged)::int AS departed,
            count(*)::int AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY a.figure_minutes) AS median
          FROM assessments a JOIN base b ON b.id = a.case_id WHERE a.status = 'completed'${onlyInstrument} GROUP BY ROLLUP (b.region)),
        reassessed AS (SELECT coalesce(b.region, 'alla') AS region, count(*)::int AS planned,
            count(*) FILTER (WHERE r.due_on < ${today}::date)::int AS overdue
          FROM reassessments r JOIN base b ON b.id = r.case_id WHERE r.status = 'planned' GROUP BY ROLLUP (b.region))
        SELECT r.region, r.reports, r."withInitial", r.referred, r."structuredInTime",
          coalesce(x.judgements, 0) AS judgements, coalesce(x.departed, 0) AS departed,
          coalesce(s.planned, 0) AS "plannedReassessments", coalesce(s.overdue, 0) AS "overdueReassessments",
          coalesce(x.n, 0) AS "timedAssessments", x.median AS "medianMinutesPerAssessment"
        FROM reports r LEFT JOIN assessed x ON x.region = r.region LEFT JOIN reassessed s ON s.region = r.region`;
    }
    case 'judgements':
      return `WITH ${base}
        SELECT coalesce(b.region, 'alla') AS region, a.instrument_id AS instrument, a.derived->'judgements'->>'overall' AS judgement, count(*)::int AS assessments
        FROM assessments a JOIN base b ON b.id = a.case_id
        WHERE a.status = 'completed' AND a.derived->'judgements'->>'overall' IS NOT NULL${instrumentOnly(q, params)}
        GROUP BY GROUPING SETS ((b.region, a.instrument_id, a.derived->'judgements'->>'overall'), (a.instrument_id, a.derived->'judgements'->>'overall'))`;
    case 'measures-by-risk':
      // Measures counted per plan first, so the grouping counts plans without a DISTINCT.
      return `WITH ${base},
        per_plan AS (SELECT m.plan_id, count(*) AS measures, count(*) FILTER (WHERE m.part = 'skydd') AS skydd,
            count(*) FILTER (WHERE m.part = 'stod') AS stod, count(*) FILTER (WHERE m.part = 'reducering') AS reducering
          FROM protection_measures m GROUP BY m.plan_id),
        plans AS (SELECT b.region, coalesce(a.derived->'judgements'->>'overall', 'ingen') AS judgement, coalesce(pp.measures, 0) AS measures,
            coalesce(pp.skydd, 0) AS skydd, coalesce(pp.stod, 0) AS stod, coalesce(pp.reducering, 0) AS reducering
          FROM protection_plans p JOIN base b ON b.id = p.case_id JOIN assessments a ON a.id = p.assessment_id
            LEFT JOIN per_plan pp ON pp.plan_id = p.id
          WHERE TRUE${instrumentOnly(q, params)})
        SELECT coalesce(region, 'alla') AS region, judgement, count(*)::int AS plans, sum(measures)::int AS measures,
          sum(skydd)::int AS skydd, sum(stod)::int AS stod, sum(reducering)::int AS reducering
        FROM plans GROUP BY GROUPING SETS ((region, judgement), (judgement))`;
    case 'prioritisation': {
      const today = p(facts.today);
      return `WITH ${base},
        latest AS (SELECT DISTINCT ON (l.case_id) l.case_id, l.derived->'judgements'->>'overall' AS judgement FROM assessments l
          WHERE l.status = 'completed' AND l.derived IS NOT NULL AND l.case_id IN (SELECT id FROM base WHERE status = 'bops')
          ORDER BY l.case_id, l.completed_at DESC, l.id),
        due AS (SELECT r.case_id, min(r.due_on) AS next_due FROM reassessments r WHERE r.status = 'planned' GROUP BY r.case_id),
        queue AS (SELECT b.region, coalesce(lj.judgement, 'ingen') AS judgement,
            CASE WHEN ${today}::date - b.created_at::date <= 7 THEN '0-7' WHEN ${today}::date - b.created_at::date <= 30 THEN '8-30'
                 WHEN ${today}::date - b.created_at::date <= 90 THEN '31-90' ELSE '91+' END AS age,
            d.next_due
          FROM base b LEFT JOIN latest lj ON lj.case_id = b.id LEFT JOIN due d ON d.case_id = b.id WHERE b.status = 'bops')
        SELECT coalesce(region, 'alla') AS region, judgement, age, count(*)::int AS cases,
          count(*) FILTER (WHERE next_due < ${today}::date)::int AS "reassessmentOverdue",
          count(*) FILTER (WHERE next_due >= ${today}::date AND next_due <= ${today}::date + 7)::int AS "reassessmentDueWithin7"
        FROM queue GROUP BY GROUPING SETS ((region, judgement, age), (judgement, age))`;
    }
    case 'prioritisation-outcomes':
      return `WITH ${base},
        referred AS (SELECT DISTINCT a.case_id FROM assessment_answers ans JOIN assessments a ON a.id = ans.assessment_id
          WHERE ${REFERRED_ANSWER} AND a.status = 'completed' AND a.level = 'initial'),
        structured AS (SELECT DISTINCT a.case_id FROM assessments a WHERE a.status = 'completed' AND a.level IN ('structured', 'in_depth')),
        measures AS (SELECT p.case_id, count(*) AS live, count(*) FILTER (WHERE m.responsible = 'socialtjansten') AS social
          FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id WHERE m.status NOT IN ('declined', 'cancelled') GROUP BY p.case_id),
        per AS (SELECT b.region, b.status, s.case_id IS NOT NULL AS structured, coalesce(m.live, 0) AS live, coalesce(m.social, 0) AS social
          FROM base b JOIN referred r ON r.case_id = b.id LEFT JOIN structured s ON s.case_id = b.id LEFT JOIN measures m ON m.case_id = b.id)
        SELECT coalesce(region, 'alla') AS region, count(*)::int AS referred, count(*) FILTER (WHERE structured)::int AS structured,
          count(*) FILTER (WHERE NOT structured AND status <> 'closed')::int AS waiting,
          count(*) FILTER (WHERE NOT structured AND status = 'closed')::int AS "closedWithoutStructured",
          count(*) FILTER (WHERE live > 0 AND live = social)::int AS "socialServicesOnly"
        FROM per GROUP BY ROLLUP (region)`;
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
      // The planner's estimates of these grouped joins are far too high, and PostgreSQL then JIT-compiles
      // the query: seconds of compiling for an aggregate that runs in tens of milliseconds (measured).
      await tx.query('SET LOCAL jit = off');
      // A figure hashes and sorts one row per case or assessment: at the default 4 MB those spill to disk at
      // 100,000 cases (measured: external merge sorts, hash batches); 64 MB keeps them in memory, for this query only.
      await tx.query("SET LOCAL work_mem = '64MB'");
      return (await tx.query<Record<string, string | number | null>>(sql, params)).rows;
    });
  }
}
