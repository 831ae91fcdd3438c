// What the API needs from storage for assessments, independent of engine.
// Every read and write of an assessment appends an audit row in the same
// transaction, so a change or consultation can never happen unlogged.
import type { AuditContext, AuditEntityType, AuditRow } from './auditLog.js';
import type { PoliceRegion } from './policeRegions.js';

export type AssessmentLevel = 'initial' | 'structured' | 'in_depth';
/** A draft becomes completed, or is discarded by its officer; neither changes again. */
export type AssessmentStatus = 'draft' | 'completed' | 'discarded';
/** How the dialog asked: one question at a time, or several on a card. */
export const ASSESSMENT_MODES = ['step', 'compact'] as const;
export type AssessmentMode = (typeof ASSESSMENT_MODES)[number];
/**
 * The mode recorded on an assessment: the mode of every write, or 'mixed' once the officer saved
 * answers in both (switched mid-assessment), so minutes per mode never count a switcher under one.
 */
export const RECORDED_MODES = [...ASSESSMENT_MODES, 'mixed'] as const;
export type RecordedMode = (typeof RECORDED_MODES)[number];

/** A stored answer: an option code or free text (string) or several codes. */
export type AnswerValue = string | string[];

export interface StoredAnswer {
  itemId: string;
  value: AnswerValue;
  rationale: string | null;
  answeredBy: string;
  answeredAt: Date;
}

export interface PackRef {
  id: string;
  version: string;
  /** sha256 (hex) of the canonical pack content the assessment was made with. */
  hash: string;
}

export interface AssessmentRecord {
  id: string;
  caseNumber: string;
  region: PoliceRegion;
  level: AssessmentLevel;
  instrumentId: string;
  pack: PackRef;
  status: AssessmentStatus;
  officerId: string;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  /** When and why the officer discarded the draft; null unless discarded. */
  discardedAt: Date | null;
  discardReason: string | null;
  /** The newer method version offered for this draft and answered; null when never offered. */
  versionChoice: string | null;
  /** The case's earlier completed assessment of the same instrument this one re-assesses (omprövning); null otherwise. */
  reassessmentOf: string | null;
  /** Bumped by every change (answer saved, completion); the API's ETag. */
  version: number;
  /** Values derived from the answers, snapshotted at completion (null for a draft). */
  derived: Record<string, unknown> | null;
  /** How the dialog asked: the mode it was created in, 'mixed' once an answer was saved in the other one. */
  mode: RecordedMode;
  /** The officer's active time so far (api/activeTime.ts); null for an assessment made before it was recorded. */
  activeSeconds: number | null;
  answers: StoredAnswer[];
}

export type AssessmentSummary = Omit<AssessmentRecord, 'answers'>;

export interface NewAssessment {
  caseNumber: string;
  /** Region of the case when it is first seen; an existing case keeps its region. */
  region: PoliceRegion;
  level: AssessmentLevel;
  instrumentId: string;
  pack: PackRef;
  officerId: string;
  /** 'step' when absent. */
  mode?: AssessmentMode;
  /** When the officer started it, by the API's clock: the active time counts from it (the database's now() when absent). */
  startedAt?: Date;
  /** An omprövning: the case's completed assessment of the same instrument it re-assesses (checked; else 'invalid_reference'). */
  reassessmentOf?: string | undefined;
}

export interface AnswerInput {
  itemId: string;
  value: AnswerValue;
  rationale: string | null;
  /** The mode the answer was given in; absent: the assessment's mode is left as it is. */
  mode?: AssessmentMode;
  /**
   * How many answers the officer gave in the one message this save belongs to (a compact card: all of
   * its answers; 1 when absent): the pause limit for the gap before it scales with it (api/activeTime.ts).
   */
  answersInMessage?: number;
}

export type RepositoryErrorReason =
  | 'not_found'
  | 'not_draft'
  /** The caller's expected version (If-Match) is not the stored one: someone changed it in between. */
  | 'version_mismatch'
  /** An idempotency key already used by this officer for a different request body. */
  | 'idempotency_key_reused'
  /** The facts an access decision was made on (WriteCondition.decidedOn) no longer hold: decide again on fresh ones. */
  | 'access_facts_changed'
  /** The assessment's case is closed: a closed case takes no new work until it is reopened (status bops). */
  | 'case_closed'
  /** reassessmentOf names no completed assessment of the same case and instrument. */
  | 'invalid_reference';

export class RepositoryError extends Error {
  constructor(
    readonly reason: RepositoryErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'RepositoryError';
  }
}

/** Facts needed to decide access before anything is read; reading them is not a consultation of personal data. */
export interface AssessmentOwnership {
  id: string;
  region: PoliceRegion;
  officerId: string;
  status: AssessmentStatus;
  level: AssessmentLevel;
  instrumentId: string;
  pack: PackRef;
}

/** An officer's answer to a newer pack version: stay (move: false), or move with the answers `migrate` drops. */
export type VersionChoice =
  | { offered: string; move: false }
  | { offered: string; move: true; packHash: string; migrate: (answers: StoredAnswer[]) => { drop: string[] } };

/** Refuses (throws) or accepts a completion: answers to discard, and the derived values to snapshot. */
/**
 * What completion decides under the row lock: answers to discard, what the method derives, and (issue 12)
 * a referral to Bops of the case's region, written in the same transaction.
 */
export type CompletionCheck = (answers: StoredAnswer[]) => { discard: string[]; derived?: Record<string, unknown>; referral?: { redFlagItemIds: string[] } | undefined };

/** The facts of an assessment that access and answer checks depend on and that a write can re-check in the database. */
export type AccessFacts = Pick<AssessmentOwnership, 'region' | 'officerId' | 'level' | 'instrumentId' | 'pack'>;

export interface WriteCondition {
  /** Optimistic concurrency: when set, the change applies only at one of these versions (If-Match may list several). */
  expectedVersions?: readonly number[];
  /**
   * The facts the caller's access decision and answer validation were made on
   * (possibly remembered from an earlier request): the change applies only if
   * they still hold at the moment of writing, else 'access_facts_changed'.
   */
  decidedOn?: AccessFacts;
}

/** A create's Idempotency-Key, scoped to the acting officer, with the hash of the request it was first used for. */
export interface IdempotencyRef {
  key: string;
  requestHash: string;
}

export interface IdempotentCreateOutcome {
  record: AssessmentRecord;
  /** True when the key was seen before and the earlier assessment is returned (audited as a read). */
  replayed: boolean;
}

/** Keyset position in a case's list (newest first): the last item of the previous page. */
export interface CaseListPosition {
  /** created_at as microseconds since the epoch (a Date would lose the microseconds). */
  createdAtMicros: string;
  id: string;
}

export interface CaseListPageRequest {
  limit: number;
  after?: CaseListPosition;
  /** Only this officer's assessments (an intake officer sees their own, not Bops' work). */
  onlyOfficerId?: string;
}

export interface CaseListPage {
  items: AssessmentSummary[];
  /** Where the next page starts; null on the last page. */
  next: CaseListPosition | null;
}

export interface AssessmentRepository {
  /** Creates a draft, and its case when the case number is new; throws 'case_closed' when the case is closed. */
  create(input: NewAssessment, audit: AuditContext): Promise<AssessmentRecord>;
  /**
   * Creates like create(), unless this officer used `idempotency.key` before:
   * then returns that assessment (replayed) for the same request, and throws
   * RepositoryError('idempotency_key_reused') for a different one.
   */
  createIdempotent(input: NewAssessment, audit: AuditContext, idempotency: IdempotencyRef): Promise<IdempotentCreateOutcome>;
  /**
   * Inserts or replaces one answer of a draft and returns the new version; throws
   * RepositoryError('not_draft') once completed, 'version_mismatch' when `condition` no longer holds,
   * 'case_closed' when the assessment's case is closed. `at` (the API's clock; the database's now()
   * when absent) is when the officer answered: the gap since the officer's previous write is added
   * to the active time when it is no longer than a pause (api/activeTime.ts).
   */
  saveAnswer(assessmentId: string, answer: AnswerInput, audit: AuditContext, condition?: WriteCondition, at?: Date): Promise<{ version: number }>;
  /**
   * Marks a draft completed; throws 'not_draft' when it already is. `finalise` sees the stored
   * answers under the row lock: it throws to refuse, or names answers to discard (items an
   * earlier answer has since switched off) in the same transaction. Throws 'version_mismatch'
   * when `condition` no longer holds, 'case_closed' when the assessment's case is closed. `at`
   * counts into the active time as in saveAnswer().
   */
  complete(assessmentId: string, audit: AuditContext, finalise?: CompletionCheck, condition?: WriteCondition, at?: Date): Promise<AssessmentRecord>;
  /**
   * Discards a draft with the officer's reason; its answers stay until retention erases it. Throws
   * 'not_draft' once completed or discarded, 'version_mismatch' when `condition` no longer holds.
   */
  discard(assessmentId: string, reason: string, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord>;
  /**
   * Records the officer's answer to a newer method version for a draft (audited). With `move`, the
   * draft takes that version and `migrate` names, under the row lock, the stored answers that do not
   * carry over, which are deleted. Throws like discard().
   */
  chooseVersion(assessmentId: string, choice: VersionChoice, audit: AuditContext, condition?: WriteCondition): Promise<AssessmentRecord>;
  /**
   * Reads one assessment with its answers (audited); undefined when absent (not audited).
   * With `decidedOn`, reads only while those facts hold, else throws 'access_facts_changed'.
   * `action` names the audit row: a plain read, or a case-file document produced from it.
   */
  get(assessmentId: string, audit: AuditContext, decidedOn?: AccessFacts, action?: 'assessment.read' | 'assessment.document'): Promise<AssessmentRecord | undefined>;
  /** Access facts without a consultation record; undefined when absent. */
  ownership(assessmentId: string): Promise<AssessmentOwnership | undefined>;
  /** The region of a case, an access fact read without a consultation record; undefined when the case is unknown. */
  caseRegion(caseNumber: string): Promise<PoliceRegion | undefined>;
  /**
   * The id of the case's most recently completed assessment with this instrument (what a re-assessment
   * re-examines), an access fact read without a consultation record; undefined when there is none.
   */
  latestCompletedId(caseNumber: string, instrumentId: string): Promise<string | undefined>;
  /** One page of a case's assessments, newest first (audited as one list consultation per page); an unknown case is an empty page. */
  listByCasePage(caseNumber: string, audit: AuditContext, page: CaseListPageRequest): Promise<CaseListPage>;
  /** Audit rows about one entity in order; with `audit` (an auditor's read through the API) the read itself is recorded as 'audit.read'. */
  auditTrail(entityType: AuditEntityType, entityId: string, audit?: AuditContext): Promise<AuditRow[]>;
}
