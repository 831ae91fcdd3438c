// Writes a completed structured or in-depth assessment down on its case through
// the API, as caseRecordDecision.ts decides it: read the case, change it with
// If-Match on the version read. It never throws: a failure is an outcome,
// because the completed assessment and its plan stand whatever becomes of the
// case record.
import type { ViolenceType } from '../api/caseDomain.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import { caseChangeAfterAssessment, type CaseRecordOutcome } from './caseRecordDecision.js';

/**
 * Reads the case and changes it with If-Match on the version just read. When someone changed the case
 * in between (412, 'stale'), it reads it again and decides again, once; a second one is a failure like
 * any other. The API decides ('case.update': a Bops officer of the case's region, or a specialist) and
 * audits it.
 */
export async function recordAssessmentOnCase(api: AssessmentApi, officer: OfficerRef, caseNumber: string, chosen: ViolenceType | undefined): Promise<CaseRecordOutcome> {
  try {
    for (let attempt = 1; ; attempt++) {
      const current = await api.readCase(officer, caseNumber);
      const { change, outcome } = caseChangeAfterAssessment(current, chosen);
      if (!change) return outcome;
      try {
        await api.changeCase(officer, caseNumber, change, current.etag);
        return outcome;
      } catch (err) {
        if (attempt === 1 && err instanceof ApiError && err.reason === 'stale') continue;
        throw err;
      }
    }
  } catch (err) {
    // Closed by someone in between: the case is left as it is, as when it was read closed.
    if (err instanceof ApiError && err.reason === 'case_closed') return { status: 'closed' };
    // Anything else (an answer that does not parse, say) must not take the completed assessment's turn down either.
    if (!(err instanceof ApiError)) return { status: 'failed', reason: 'rejected', problemType: err instanceof Error ? err.name : 'unknown' };
    return { status: 'failed', reason: err.reason, ...(err.problemType === undefined ? {} : { problemType: err.problemType }) };
  }
}
