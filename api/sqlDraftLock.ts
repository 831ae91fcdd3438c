// Only a draft of an open case is worked on: the lock every draft change
// (completion, discard, version choice) takes first, and the refusal of a
// draft whose case is closed.
import { RepositoryError, type AssessmentStatus, type WriteCondition } from './assessmentRepository.js';
import type { CaseStatus } from './caseDomain.js';
import type { Queryable } from './database.js';
import { UUID_PATTERN } from './uuidPattern.js';

export const caseClosed = (assessmentId: string) => new RepositoryError('case_closed', `the case of assessment ${assessmentId} is closed; reopen it first`);

/**
 * Locks a draft against concurrent change for the rest of the transaction, or
 * throws why it cannot be changed. The version is compared under the lock, so
 * an If-Match check and the change it guards cannot be separated by another write.
 */
export async function lockDraft(tx: Queryable, id: string, condition: WriteCondition = {}): Promise<void> {
  // The case's status needs no lock of its own: a case cannot close while this draft exists, and
  // the draft is locked here, so an open case stays open until this transaction ends.
  const { rows } = UUID_PATTERN.test(id)
    ? await tx.query<{ status: AssessmentStatus; version: number; case_status: CaseStatus }>(
        'SELECT a.status, a.version, c.status AS case_status FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1 FOR UPDATE OF a',
        [id],
      )
    : { rows: [] };
  const row = rows[0];
  if (!row) throw new RepositoryError('not_found', `Assessment ${id} does not exist`);
  if (condition.expectedVersions !== undefined && !condition.expectedVersions.includes(row.version)) {
    throw new RepositoryError('version_mismatch', `Assessment ${id} is at version ${row.version}, not ${condition.expectedVersions.join(' or ')}`);
  }
  if (row.status !== 'draft') throw new RepositoryError('not_draft', `Assessment ${id} is ${row.status}, not a draft`);
  if (row.case_status === 'closed') throw caseClosed(id);
}
