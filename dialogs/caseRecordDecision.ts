// What a completed structured or in-depth assessment writes down on its case,
// decided without I/O: Bops has taken the case on (status intake → bops), and
// after a structured one a case with no violence type yet gets the one of the
// instrument the officer chose (the in-depth instrument names none, so it leaves
// the violence type alone). This is a record of the officer's choice of
// instrument, not a classification by the software: a violence type already on
// the case is the officer's (or a colleague's) earlier judgement and stands, and
// a closed case is not touched. The one place that maps the pack's violence
// types onto the case domain's. caseRecording.ts makes the change through the API.
import type { ChangeCaseRequest } from '../api/caseContract.js';
import type { ViolenceType } from '../api/caseDomain.js';
import type { Instrument, LocalizedText } from '../methodology/packSchema.js';
import type { ApiErrorReason, CaseRecord } from './assessmentApi.js';

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

/** The record to make on a case: Bops has it; `violenceType` is the chosen instrument's, for a case with none yet (null: leave it as it is). */
export interface CaseRecordRequest {
  violenceType: ViolenceType | null;
}

/**
 * The record on its case a completed assessment of this instrument asks for, or undefined when it asks
 * none. A structured or in-depth assessment is Bops' work, so an intake case becomes a Bops case; a
 * structured instrument also names its violence type, for a case with none yet. The in-depth
 * instrument names none (null), and the case's violence type is left as it is. An initial
 * assessment is made at intake and records nothing. Completion in chat and the "skapa plan" retry
 * both ask it here, so they record alike.
 */
export function caseRecordOf(instrument: Instrument): CaseRecordRequest | undefined {
  if (instrument.level === 'initial') return undefined;
  return { violenceType: caseViolenceTypeOf(instrument) ?? null };
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

/** What the officer is told of the case record after a structured or in-depth assessment, naming the instrument they chose. */
export interface CaseRecordView {
  instrument: LocalizedText;
  outcome: CaseRecordOutcome;
}

export type CaseRecordReply = { type: 'caseRecord'; view: CaseRecordView };

/** What the officer is told of the case record, worded by the instrument they chose. */
export const caseRecordReply = (instrument: Pick<Instrument, 'title'>, outcome: CaseRecordOutcome): CaseRecordReply => ({ type: 'caseRecord', view: { instrument: instrument.title, outcome } });
