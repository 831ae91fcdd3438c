// A closed case takes no new work (persons, plans, measures, measure changes)
// until it is reopened: every such write first holds its case open with this
// lock, so a closing cannot slip in between the check and the write.
import type { CaseStatus } from './caseDomain.js';
import { CaseRepositoryError } from './caseRepository.js';
import type { Queryable } from './database.js';
import { UUID_PATTERN } from './uuidPattern.js';

/** How the case of a write is found: by its id, or by the id of one of its plans or of a measure of one. */
const CASE_STATUS_BY: Record<'case' | 'plan' | 'measure', string> = {
  case: 'SELECT c.status FROM cases c WHERE c.id = $1 FOR SHARE OF c',
  plan: 'SELECT c.status FROM protection_plans p JOIN cases c ON c.id = p.case_id WHERE p.id = $1 FOR SHARE OF c',
  measure: `SELECT c.status FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id
            WHERE m.id = $1 FOR SHARE OF c`,
};

/**
 * Holds the case of a write open until the transaction ends, or throws
 * 'not_found' (no such case, plan or measure) or 'case_closed'. The share
 * lock waits for a status change in progress (updateCase() in
 * api/sqlCaseUpdate.ts locks the case FOR UPDATE) and makes the next one wait
 * for this transaction, so the case cannot close between this check and the
 * write it guards. Call it first: updateCase() too locks the case before its
 * plans, so the two cannot deadlock.
 */
export async function lockOpenCase(tx: Queryable, by: keyof typeof CASE_STATUS_BY, id: string): Promise<void> {
  const { rows } = UUID_PATTERN.test(id) ? await tx.query<{ status: CaseStatus }>(CASE_STATUS_BY[by], [id]) : { rows: [] };
  if (!rows[0]) throw new CaseRepositoryError('not_found', `${by} ${id} does not exist`);
  if (rows[0].status === 'closed') throw new CaseRepositoryError('case_closed', 'the case is closed; reopen it (status bops) first');
}
