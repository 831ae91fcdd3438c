// How a repository's refusal reaches the client: one table from every reason
// the assessment, case and share repositories give to the problem type (RFC 9457) it
// is answered with, and a refused case change with the issues that say why.
// Handlers wrap their repository calls in repositoryCall; nothing else maps.
import { RepositoryError, type RepositoryErrorReason } from './assessmentRepository.js';
import { CASE_STATUS_TRANSITIONS, type CaseChangeRefusal } from './caseChangeRules.js';
import { CaseChangeRefusedError, CaseRepositoryError, type CaseRepositoryErrorReason } from './caseRepository.js';
import { ProblemError, type ProblemIssue, type ProblemType } from './problem.js';
import { ShareError, type ShareErrorReason } from './sqlShares.js';

const PROBLEM_OF_REASON: Readonly<Record<RepositoryErrorReason | CaseRepositoryErrorReason | ShareErrorReason, ProblemType>> = {
  not_found: 'not-found',
  not_draft: 'not-draft',
  version_mismatch: 'precondition-failed',
  idempotency_key_reused: 'idempotency-key-reused',
  access_facts_changed: 'concurrent-change',
  // Final even on remembered access facts: the status was read in the database, not remembered.
  case_closed: 'case-closed',
  duplicate: 'duplicate',
  plan_exists: 'plan-exists',
  invalid_reference: 'invalid-reference',
  not_completed: 'assessment-not-completed',
  superseded: 'assessment-superseded',
  not_planned: 'reassessment-not-planned',
  share_withdrawn: 'share-withdrawn',
  // The case's latest assessment names a pack version this server has not loaded: no declaration to share under.
  pack_not_loaded: 'pack-mismatch',
  // The snapshot is no longer the preview the sharer confirmed (snapshotHash): nothing stored, read it again.
  snapshot_changed: 'precondition-failed',
  plan_closed: 'plan-closed',
  person_has_plan: 'person-has-plan',
};

/** A refused case change as the problem the client can branch on. */
function caseChangeProblem(refusal: CaseChangeRefusal): ProblemError {
  switch (refusal.code) {
    case 'transition_not_allowed':
      return new ProblemError('case-transition-refused', `a case in status ${refusal.from} cannot move to ${refusal.to}`, [
        { code: 'transition_not_allowed', path: ['body', 'status'], message: `from ${refusal.from} a case moves only to ${CASE_STATUS_TRANSITIONS[refusal.from].join(' or ')}` },
      ]);
    case 'case_closed':
      return new ProblemError('case-closed', 'the violence type of a closed case does not change; reopen it (status bops) first', [
        { code: 'case_closed', path: ['body', 'violenceType'], message: 'the case is closed' },
      ]);
    case 'open_work': {
      const { draftAssessments, unsettledMeasures } = refusal.openWork;
      const issues: ProblemIssue[] = [];
      if (draftAssessments > 0) issues.push({ code: 'draft_assessments', path: ['body', 'status'], message: `${draftAssessments} draft assessment(s) must first be completed by their officer` });
      if (unsettledMeasures > 0) issues.push({ code: 'unsettled_measures', path: ['body', 'status'], message: `${unsettledMeasures} measure(s) of active plans must first be done, declined or cancelled` });
      return new ProblemError('case-has-open-work', 'the case has unfinished work', issues);
    }
    default: {
      const never: never = refusal;
      return never;
    }
  }
}

/** Runs a repository call, answering its refusals as problems; any other error passes unchanged (a 500). */
export async function repositoryCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof CaseChangeRefusedError) throw caseChangeProblem(err.refusal);
    if (err instanceof RepositoryError || err instanceof CaseRepositoryError || err instanceof ShareError) throw new ProblemError(PROBLEM_OF_REASON[err.reason], err.message);
    throw err;
  }
}
