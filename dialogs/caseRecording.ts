// Writes a completed structured or in-depth assessment down on its case through
// the API: Bops has taken the case on (status intake → bops), and after a
// structured one a case with no violence type yet gets the one of the
// instrument the officer chose (the in-depth instrument names none, so it
// leaves the violence type alone). This is
// a record of the officer's choice of instrument, not a classification by the
// software: a violence type already on the case is the officer's (or a
// colleague's) earlier judgement and stands, and a closed case is not touched.
// The one place that maps the pack's violence types onto the case domain's.
// It never throws: a failure is an outcome, because the completed assessment
// and its plan stand whatever becomes of the case record.
import type { ChangeCaseRequest } from '../api/caseContract.js';
import type { ViolenceType } from '../api/caseDomain.js';
import type { Instrument } from '../methodology/packSchema.js';
import { ApiError, type ApiErrorReason, type AssessmentApi, type CaseRecord, type OfficerRef } from './assessmentApi.js';

/** A violence type as a methodology pack names it on a structured instrument. */
export type PackViolenceType = NonNullable<Instrument['violenceType']>;

/**
 * The case domain's violence type for each of the pack's. The packs say 'ovrigt_hot' for the general
 * threat assessment where the case domain (api/caseDomain.ts) says 'annat_hot'; the others agree.
 */
export const CASE_VIOLENCE_TYPE_OF_PACK: Readonly<Record<PackViolenceType, ViolenceType>> = {
  nara_relation: 'nara_relation',
  forfoljelse: 'forfoljelse',
  heder: 'heder',
  ovrigt_hot: 'annat_hot',
};

/** The case's violence type the chosen instrument stands for; undefined when the pack gives it none (in-depth, initial). */
export function caseViolenceTypeOf(instrument: Pick<Instrument, 'violenceType'>): ViolenceType | undefined {
  return instrument.violenceType === undefined ? undefined : CASE_VIOLENCE_TYPE_OF_PACK[instrument.violenceType];
}

/**
 * What became of the case record. 'recorded': the case is (now) a Bops case; `statusChanged` when
 * this moved it from intake, `violenceTypeSet` when this gave it the instrument's violence type,
 * `keptViolenceType` when the case had another one, which stands. 'closed': a closed case, left as
 * it is. 'failed': nothing was changed; `problemType` is for the log only.
 */
export type CaseRecordOutcome =
  | { status: 'recorded'; statusChanged: boolean; violenceTypeSet: ViolenceType | null; keptViolenceType: ViolenceType | null; chosen: ViolenceType | null }
  | { status: 'closed' }
  | { status: 'failed'; reason: ApiErrorReason; problemType?: string };

/**
 * The change to ask of a case as it stands, after an assessment with an instrument for `chosen`
 * (undefined for the in-depth one: the status alone), and what it will have done; no change when there is nothing to change (already a Bops
 * case with that violence type, another violence type that stands, or a closed case).
 */
export function caseChangeAfterAssessment(
  current: Pick<CaseRecord, 'status' | 'violenceType'>,
  chosen: ViolenceType | undefined,
): { change: ChangeCaseRequest | undefined; outcome: Exclude<CaseRecordOutcome, { status: 'failed' }> } {
  if (current.status === 'closed') return { change: undefined, outcome: { status: 'closed' } };
  const statusChanged = current.status === 'intake';
  const violenceTypeSet = chosen !== undefined && current.violenceType === null ? chosen : null;
  const keptViolenceType = chosen !== undefined && current.violenceType !== null && current.violenceType !== chosen ? current.violenceType : null;
  const change: ChangeCaseRequest = { ...(statusChanged ? { status: 'bops' as const } : {}), ...(violenceTypeSet ? { violenceType: violenceTypeSet } : {}) };
  return {
    change: statusChanged || violenceTypeSet ? change : undefined,
    outcome: { status: 'recorded', statusChanged, violenceTypeSet, keptViolenceType, chosen: chosen ?? null },
  };
}

/**
 * Reads the case and changes it with If-Match on the version just read. When someone changed the case
 * in between (412, 'stale'), it reads it again and decides again, once; a second one is a failure like any other.
 * The API decides ('case.update': a Bops officer of the case's region, or a specialist) and audits it.
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
