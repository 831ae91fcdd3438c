// What the access policy decides on before anything is read — an
// assessment's owner and region, a case's region, the assessment a
// re-assessment re-examines — read without a consultation record.
import type { AssessmentOwnership } from './assessmentRepository.js';
import type { Database } from './database.js';
import type { PoliceRegion } from './policeRegions.js';
import { readAssessmentSummary } from './sqlAssessmentRecord.js';

export async function assessmentOwnership(db: Database, assessmentId: string): Promise<AssessmentOwnership | undefined> {
  const current = await readAssessmentSummary(db, assessmentId);
  if (!current) return undefined;
  const { id, region, officerId, status, level, instrumentId, pack } = current;
  return { id, region, officerId, status, level, instrumentId, pack };
}

export async function caseRegion(db: Database, caseNumber: string): Promise<PoliceRegion | undefined> {
  const { rows } = await db.query<{ region: PoliceRegion }>('SELECT region FROM cases WHERE case_number = $1', [
    caseNumber,
  ]);
  return rows[0]?.region;
}

export async function latestCompletedId(db: Database, caseNumber: string, instrumentId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT a.id FROM assessments a JOIN cases c ON c.id = a.case_id
     WHERE c.case_number = $1 AND a.instrument_id = $2 AND a.status = 'completed'
     ORDER BY a.completed_at DESC, a.id DESC LIMIT 1`,
    [caseNumber, instrumentId],
  );
  return rows[0]?.id;
}
