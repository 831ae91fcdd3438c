// An assessment as the API returns it — its summary (with its case's number
// and region) and its answers — read from either engine. Reading it here is
// not audited: the callers decide whether the read is a consultation.
import type {
  AnswerValue,
  AssessmentLevel,
  RecordedMode,
  AssessmentRecord,
  AssessmentStatus,
  AssessmentSummary,
  StoredAnswer,
} from './assessmentRepository.js';
import type { Queryable } from './database.js';
import type { PoliceRegion } from './policeRegions.js';
import { UUID_PATTERN } from './uuidPattern.js';

export const SELECT_SUMMARY = `
  SELECT a.id, c.case_number, c.region, a.level, a.instrument_id, a.pack_id, a.pack_version, a.pack_hash,
         a.status, a.officer_id, a.created_at, a.updated_at, a.completed_at, a.discarded_at, a.discard_reason, a.version_choice, a.reassessment_of, a.version, a.derived,
         a.mode, extract(epoch FROM a.active_time)::float8 AS active_seconds
  FROM assessments a JOIN cases c ON c.id = a.case_id`;

export interface SummaryRow {
  id: string;
  case_number: string;
  region: PoliceRegion;
  level: AssessmentLevel;
  instrument_id: string;
  pack_id: string;
  pack_version: string;
  pack_hash: string;
  status: AssessmentStatus;
  officer_id: string;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  discarded_at: Date | null;
  discard_reason: string | null;
  version_choice: string | null;
  reassessment_of: string | null;
  version: number;
  derived: Record<string, unknown> | null;
  mode: RecordedMode;
  active_seconds: number | null;
}

export interface AnswerRow {
  item_id: string;
  value: AnswerValue;
  rationale: string | null;
  answered_by: string;
  answered_at: Date;
}

export function toSummary(row: SummaryRow): AssessmentSummary {
  return {
    id: row.id,
    caseNumber: row.case_number,
    region: row.region,
    level: row.level,
    instrumentId: row.instrument_id,
    pack: { id: row.pack_id, version: row.pack_version, hash: row.pack_hash },
    status: row.status,
    officerId: row.officer_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    discardedAt: row.discarded_at,
    discardReason: row.discard_reason,
    versionChoice: row.version_choice,
    reassessmentOf: row.reassessment_of,
    version: row.version,
    derived: row.derived,
    mode: row.mode,
    // Whole seconds: what statistics need, and the same on both engines.
    activeSeconds: row.active_seconds === null ? null : Math.round(Number(row.active_seconds)),
  };
}

export function toAnswer(row: AnswerRow): StoredAnswer {
  return {
    itemId: row.item_id,
    value: row.value,
    rationale: row.rationale,
    answeredBy: row.answered_by,
    answeredAt: row.answered_at,
  };
}

export async function readAssessment(q: Queryable, id: string): Promise<AssessmentRecord | undefined> {
  const { rows } = await q.query<SummaryRow>(`${SELECT_SUMMARY} WHERE a.id = $1`, [id]);
  const row = rows[0];
  if (!row) return undefined;
  const answers = await q.query<AnswerRow>(
    `SELECT item_id, value, rationale, answered_by, answered_at FROM assessment_answers
     WHERE assessment_id = $1 ORDER BY answered_at, item_id`,
    [id],
  );
  return { ...toSummary(row), answers: answers.rows.map(toAnswer) };
}

/** The assessment without its answers; undefined when there is none. */
export async function readAssessmentSummary(q: Queryable, assessmentId: string): Promise<AssessmentSummary | undefined> {
  if (!UUID_PATTERN.test(assessmentId)) return undefined;
  const { rows } = await q.query<SummaryRow>(`${SELECT_SUMMARY} WHERE a.id = $1`, [assessmentId]);
  return rows[0] && toSummary(rows[0]);
}
