// Writes the fictitious data set (api/demoDataSet.ts) into a database, and
// refuses to where it would mix with anything real (issue 16, item 4): only a
// database whose every case is marked as demo data (demo_data_cases, migration
// 071) — or that has no cases at all — takes it. Rows go in by table with
// unnest() arrays, in one transaction: all of the set or none of it (reviews
// included, without the audit rows a review made in the app writes). The demo
// set is written directly, not through the API: nothing in it is about a
// person, so there is no consultation of personal data to audit.
import type { LoadedPack } from '../methodology/methodologySource.js';
import type { Database, Queryable } from './database.js';
import { demoAnswerSheet, demoAnswersOf } from './demoAnswers.js';
import type { DemoAssessment, DemoCase } from './demoDataSet.js';
import { DEMO_OFFICER_PREFIX } from './demoDataSet.js';

/** Why the database must not take demo data, or null when it may. */
export async function demoDataRefusal(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ real: number; demo: number }>(
    `SELECT (SELECT count(*)::int FROM cases c WHERE NOT EXISTS (SELECT 1 FROM demo_data_cases d WHERE d.case_id = c.id)) AS real,
            (SELECT count(*)::int FROM demo_data_cases) AS demo`,
  );
  const { real, demo } = rows[0]!;
  if (real > 0) return `the database holds ${real} case(s) that are not demo data; demo data goes only into a database of its own`;
  if (demo > 0) return `the database already holds demo data (${demo} cases)`;
  return null;
}

const CHUNK = 2000;

async function insertColumns(tx: Queryable, table: string, columns: [name: string, type: string][], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const arrays = columns.map((_, i) => chunk.map((r) => r[i]));
    const select = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    await tx.query(`INSERT INTO ${table} (${columns.map(([n]) => n).join(', ')}) SELECT * FROM unnest(${select})`, arrays);
  }
}

const derivedOf = (pack: LoadedPack['pack'], a: DemoAssessment) =>
  JSON.stringify({ packId: pack.id, packVersion: pack.version, instrumentId: a.instrumentId, domains: [], judgements: a.judgement ? { overall: a.judgement } : {}, flags: a.flags, suggestedMeasures: [] });

/**
 * Writes the set with every answer of each assessment (api/demoAnswers.ts) from the pack's instruments,
 * refusing (throwing) per demoDataRefusal; returns the number of cases written.
 */
export async function writeDemoData(db: Database, set: readonly DemoCase[], loaded: Pick<LoadedPack, 'pack' | 'hash'>, seed: number): Promise<number> {
  const { pack, hash } = loaded;
  const sheet = demoAnswerSheet(pack);
  return db.transaction(async (tx) => {
    // Under a lock no case can be added beside the check.
    await tx.query('LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE');
    const refusal = await demoDataRefusal(tx);
    if (refusal) throw new Error(`demo data refused: ${refusal}`);
    const officer = (c: DemoCase) => `${DEMO_OFFICER_PREFIX}${c.region}`;
    await insertColumns(tx, 'cases', [['id', 'uuid'], ['case_number', 'text'], ['region', 'text'], ['violence_type', 'text'], ['status', 'text'], ['created_by', 'text'], ['created_at', 'timestamptz'], ['closed_at', 'timestamptz']],
      set.map((c) => [c.id, c.caseNumber, c.region, c.violenceType, c.status, officer(c), c.createdAt.toISOString(), c.closedAt?.toISOString() ?? null]));
    await insertColumns(tx, 'demo_data_cases', [['case_id', 'uuid'], ['seed', 'int4']], set.map((c) => [c.id, seed]));
    const assessments = set.flatMap((c) => [c.initial, c.structured].filter((a): a is DemoAssessment => a !== null).map((a) => [c, a] as const));
    await insertColumns(tx, 'assessments',
      [['id', 'uuid'], ['case_id', 'uuid'], ['level', 'text'], ['instrument_id', 'text'], ['pack_id', 'text'], ['pack_version', 'text'], ['pack_hash', 'text'], ['status', 'text'], ['officer_id', 'text'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['completed_at', 'timestamptz'], ['last_activity_at', 'timestamptz'], ['active_time', 'interval'], ['derived', 'jsonb']],
      assessments.map(([c, a]) => [a.id, c.id, a.level, a.instrumentId, pack.id, pack.version, hash, 'completed', officer(c), a.createdAt.toISOString(), a.completedAt.toISOString(), a.completedAt.toISOString(), a.completedAt.toISOString(), `${a.activeSeconds} seconds`, derivedOf(pack, a)]));
    // Answers by a chunk of assessments at a time: millions of them at the bench's scale, never all in memory.
    const answerColumns: [string, string][] = [['assessment_id', 'uuid'], ['item_id', 'text'], ['value', 'jsonb'], ['rationale', 'text'], ['answered_by', 'text'], ['answered_at', 'timestamptz']];
    for (let start = 0; start < assessments.length; start += CHUNK / 20) {
      const rows = assessments.slice(start, start + CHUNK / 20).flatMap(([c, a]) =>
        demoAnswersOf(sheet, a, c).map((ans) => [a.id, ans.itemId, JSON.stringify(ans.value), ans.rationale, officer(c), a.completedAt.toISOString()]));
      await insertColumns(tx, 'assessment_answers', answerColumns, rows);
    }
    const planned = set.filter((c) => c.plan && c.structured);
    await insertColumns(tx, 'protection_plans', [['id', 'uuid'], ['case_id', 'uuid'], ['assessment_id', 'uuid'], ['status', 'text'], ['created_by', 'text'], ['created_at', 'timestamptz'], ['closed_at', 'timestamptz']],
      planned.map((c) => [c.plan!.id, c.id, c.structured!.id, c.status === 'closed' ? 'closed' : 'active', officer(c), c.structured!.completedAt.toISOString(), c.closedAt?.toISOString() ?? null]));
    // A decided measure is followed up on the re-assessment date, as the chat sets it.
    await insertColumns(tx, 'protection_measures',
      [['plan_id', 'uuid'], ['part', 'text'], ['measure_id', 'text'], ['status', 'text'], ['responsible', 'text'], ['decided_by', 'text'], ['decided_on', 'date'], ['decision_ref', 'text'], ['follow_up_on', 'date'], ['created_by', 'text'], ['updated_by', 'text'], ['created_at', 'timestamptz']],
      planned.flatMap((c) => c.plan!.measures.map((m) => [c.plan!.id, m.part, m.measureId, m.status, m.responsible, m.decision?.by ?? null, m.decision?.on ?? null, m.decision?.ref ?? null,
        m.status === 'decided' ? c.plan!.reassessmentDueOn : null, officer(c), officer(c), c.structured!.completedAt.toISOString()])));
    // The demo officers keep the method's date: the date in force is the derived one (migration 049).
    await insertColumns(tx, 'reassessments', [['case_id', 'uuid'], ['plan_id', 'uuid'], ['due_on', 'date'], ['derived_due_on', 'date'], ['status', 'text'], ['created_by', 'text']],
      planned.map((c) => [c.id, c.plan!.id, c.plan!.reassessmentDueOn, c.plan!.reassessmentDueOn, c.status === 'closed' ? 'cancelled' : 'planned', officer(c)]));
    await insertColumns(tx, 'rri_contacts', [['case_id', 'uuid'], ['contacted_on', 'date'], ['kind', 'text'], ['accepted', 'bool'], ['talks_held', 'int4'], ['officer_id', 'text'], ['created_by', 'text']],
      set.flatMap((c) => c.rriContacts.map((k) => [c.id, k.contactedOn, k.kind, k.accepted, k.talksHeld, officer(c), officer(c)])));
    await insertColumns(tx, 'rri_outcomes', [['case_id', 'uuid'], ['followed_up_on', 'date'], ['outcome', 'text'], ['source', 'text'], ['created_by', 'text']],
      set.flatMap((c) => c.rriOutcomes.map((o) => [c.id, o.followedUpOn, o.outcome, o.source, officer(c)])));
    // The second look as api/sqlReviews.ts stores it: the original judgements as they stood beside the reviewer's.
    await insertColumns(tx, 'assessment_reviews',
      [['id', 'uuid'], ['assessment_id', 'uuid'], ['case_id', 'uuid'], ['region', 'text'], ['instrument_id', 'text'], ['reviewer_id', 'text'], ['blind', 'bool'], ['verdict', 'text'], ['judgements', 'jsonb'], ['original', 'jsonb'], ['reason', 'text'], ['created_at', 'timestamptz']],
      set.flatMap((c) => c.reviews.map((r) => [r.id, c.structured!.id, c.id, c.region, c.structured!.instrumentId, r.reviewerId, r.blind, r.verdict,
        JSON.stringify({ overall: r.overall }), JSON.stringify({ overall: c.structured!.judgement }), r.reason, r.createdAt.toISOString()])));
    return set.length;
  });
}
