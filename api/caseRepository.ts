// What the API needs from storage for the case domain, independent of engine:
// cases, their assigned officers, the persons in them, and protection plans
// with measures and the re-assessment date. Every read and write of personal
// data appends an audit row in the same transaction (api/auditLog.ts).
import type { AccessDenialLog } from './accessDenial.js';
import type { RecordedMode } from './assessmentRepository.js';
import type { AuditContext } from './auditLog.js';
import type { CaseChange, CaseChangeRefusal } from './caseChangeRules.js';
import type {
  CaseStatus,
  MeasureStatus,
  PersonRole,
  PlanPart,
  PlanStatus,
  ProtectedAccessKind,
  ReassessmentStatus,
  ViolenceType,
} from './caseDomain.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';

export interface CaseRecord {
  id: string;
  caseNumber: string;
  region: PoliceRegion;
  violenceType: ViolenceType | null;
  status: CaseStatus;
  createdAt: Date;
  closedAt: Date | null;
  assignedOfficerIds: string[];
  /**
   * Who among the assigned may see the case's protected persons, and how they came to: assigned by a
   * Bops officer of the region, or by their own audited break-glass (which every reader of the case sees).
   */
  protectedAccess: ProtectedAccess[];
  /** Bumped by every change of status or violence type; the API's ETag of the case. */
  version: number;
}

export interface ProtectedAccess {
  officerId: string;
  kind: ProtectedAccessKind;
  at: Date;
  /** 'assigned': the cleared officer who assigned them; otherwise the officer themself. */
  grantedBy: string;
  /** 'break_glass': the reason they gave; otherwise null. */
  reason: string | null;
}

/** What the access policy needs about a case; reading it is not a consultation of personal data. */
export type CaseAccessFacts = Pick<CaseRecord, 'id' | 'caseNumber' | 'region' | 'assignedOfficerIds'> & {
  /** The assigned officers who may see the case's protected persons. */
  clearedOfficerIds: string[];
};

export interface NewCase {
  caseNumber: string;
  region: PoliceRegion;
  violenceType: ViolenceType | null;
  createdBy: string;
}

export interface PersonRecord {
  id: string;
  caseId: string;
  role: PersonRole;
  /** A pseudonymous label such as "MÄ 1"; never a name or personal identity number. */
  label: string;
  protectedIdentity: boolean;
  createdBy: string;
  createdAt: Date;
}

/** A person of a case without their label: what numbering them by role needs (api/personNumbers.ts), and when they were recorded. */
export type PersonRoleRecord = Pick<PersonRecord, 'id' | 'role' | 'protectedIdentity'> & { recordedAt: Date };

export interface NewPerson {
  role: PersonRole;
  label: string;
  protectedIdentity: boolean;
}

export interface MeasureRecord {
  id: string;
  planId: string;
  part: PlanPart;
  measureId: string;
  status: MeasureStatus;
  responsible: string;
  /** ISO date (YYYY-MM-DD). */
  followUpOn: string | null;
  decisionRef: string | null;
  /** Who decided, carried out, declined or ended it (an officer id or an authority) and on which day; null while proposed. */
  decidedBy: string | null;
  decidedOn: string | null;
  declineReason: string | null;
  /** When a time-limited measure (a contact ban) expires: a follow-up date too. */
  expiresOn: string | null;
  /** Bumped by every change; the measure's ETag. */
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface NewMeasure {
  part: PlanPart;
  measureId: string;
  status: MeasureStatus;
  responsible: string;
  followUpOn: string | null;
  decisionRef: string | null;
}

export interface MeasureChange {
  status: MeasureStatus;
  followUpOn: string | null;
  decisionRef: string | null;
  /** Who decided and when; for any status but 'proposed' they default to what was recorded, else the acting officer today. */
  decidedBy?: string | null;
  decidedOn?: string | null;
  declineReason?: string | null;
  expiresOn?: string | null;
}

export interface PlanRecord {
  id: string;
  caseId: string;
  assessmentId: string;
  protectedPersonId: string | null;
  /** Whom the plan protects, by role and protected-identity flag (never a name); null when it names no one. */
  protectedPerson: { role: PersonRole; protectedIdentity: boolean } | null;
  status: PlanStatus;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  /** When the plan closed (a later plan took over, its case closed, or an officer ended it); null while active. */
  closedAt: Date | null;
  /** The officer's reason when they ended the plan by hand; null otherwise. */
  closeReason: string | null;
  measures: MeasureRecord[];
  reassessment: PlannedReassessment | null;
}

/**
 * The plan's re-assessment: the planned one, else the latest — the date in force, the date the plan was
 * made with, and the officer's reason for a difference. Once done: the assessment that did it, the day
 * (Swedish calendar) and the days from the due date to it, negative when early (migration 022).
 */
export interface PlannedReassessment {
  id: string;
  dueOn: string;
  status: ReassessmentStatus;
  derivedDueOn: string;
  ownDateReason: string | null;
  doneAssessmentId: string | null;
  doneOn: string | null;
  daysFromDue: number | null;
}

/** The officer's own date for the plan's planned re-assessment; a reason is needed unless it is the plan's own date. */
export interface OwnReassessmentDate {
  dueOn: string;
  reason: string | null;
}

export interface NewPlan {
  caseId: string;
  assessmentId: string;
  protectedPersonId: string | null;
  /** ISO date of the next re-assessment. */
  reassessOn: string;
  measures: NewMeasure[];
}

/** Facts to decide access to a plan or measure; no personal data. */
export interface PlanAccessFacts {
  planId: string;
  caseId: string;
  /** The assessment the plan answers; its pack version holds the measures catalogue. */
  assessmentId: string;
  /** Whether the plan protects a person with protected identity. */
  protectedIdentity: boolean;
  region: PoliceRegion;
  assignedOfficerIds: string[];
  clearedOfficerIds: string[];
}

/** Counts per group, unsuppressed: the route suppresses small counts before anything leaves the API. */
export interface CaseStatistics {
  cases: { region: PoliceRegion; violenceType: ViolenceType | null; status: CaseStatus; count: number }[];
  measures: { region: PoliceRegion; part: PlanPart; measureId: string; status: MeasureStatus; count: number }[];
  /** Completed assessments with a recorded active time, per instrument and mode: how many, and their median and mean minutes. */
  assessmentMinutes: { instrumentId: string; mode: RecordedMode; count: number; medianMinutes: number; meanMinutes: number }[];
}

export type CaseRepositoryErrorReason =
  | 'not_found'
  | 'duplicate'
  | 'invalid_reference'
  | 'not_completed'
  /** The assessment already has its protection plan (one plan per assessment). */
  | 'plan_exists'
  | 'superseded'
  /** The caller's expected version (If-Match) is not the stored one: someone changed the case in between. */
  | 'version_mismatch'
  /** The case is closed: it takes no new persons, plans or measures, nor measure changes, until reopened. */
  | 'case_closed'
  /** The plan has no planned re-assessment (it was done or cancelled): there is no date to set. */
  | 'not_planned'
  /** The plan is closed (a later plan took over, its case closed, or an officer ended it): what it protected is history and no longer changes. */
  | 'plan_closed'
  /** Another active plan of the case protects that person: one active plan per protected person. */
  | 'person_has_plan';

export class CaseRepositoryError extends Error {
  constructor(
    readonly reason: CaseRepositoryErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'CaseRepositoryError';
  }
}

/** A case change the rules of api/caseChangeRules.ts refuse for the case as it stands. */
export class CaseChangeRefusedError extends Error {
  constructor(readonly refusal: CaseChangeRefusal) {
    super(`case change refused: ${refusal.code}`);
    this.name = 'CaseChangeRefusedError';
  }
}

/** A break-glass: the case as it stands after it, and whether this call opened the protected persons (the row's conditional write, so one of two at once). */
export interface BreakGlassOutcome {
  record: CaseRecord;
  opened: boolean;
}

/**
 * The case repository also records refused requests: every API route has it
 * at hand, and what a refusal concerns is a case, its persons, plans or
 * assessments (api/sqlAccessDenialLog.ts writes the row).
 */
export interface CaseRepository extends AccessDenialLog {
  /** Creates a case; throws 'duplicate' when the case number exists. */
  create(input: NewCase, audit: AuditContext): Promise<CaseRecord>;
  /** Access facts by case number; undefined when unknown. Not audited. */
  accessFacts(caseNumber: string): Promise<CaseAccessFacts | undefined>;
  /** Reads a case (audited). */
  get(caseId: string, audit: AuditContext): Promise<CaseRecord>;
  /**
   * Changes status and/or violence type under the case's row lock, audited as 'case.update' with the
   * old and new status. Throws 'version_mismatch' unless the case is at one of `expectedVersions`
   * (If-Match; undefined: any), and CaseChangeRefusedError when the rules refuse. Closing closes the
   * case's active plans and cancels their planned re-assessments; reopening clears the closing time.
   * The version is bumped only when something changed.
   */
  update(caseId: string, change: CaseChange, audit: AuditContext, expectedVersions?: readonly number[]): Promise<CaseRecord>;
  /**
   * Assigns a provisioned officer (idempotent). With `opensProtected` (the access policy's
   * assignsProtectedAccess: a cleared officer of the region assigning someone else) the assignment also
   * opens the case's protected persons — also for an officer already assigned without it; it never
   * takes that away. Throws 'invalid_reference' when the officer is not provisioned or inactive.
   */
  assign(caseId: string, officer: Officer, audit: AuditContext, opensProtected: boolean): Promise<CaseRecord>;
  /**
   * The officer opens the case's protected persons for themself, with a reason kept on their
   * assignment (assigned now if they were not): audited as 'case.break_glass' with the reason, shown to
   * every reader of the case. Changes nothing for an officer who may see them already — nor for one
   * whose break-glass another request (on any instance) committed first: `opened` says whether this one did.
   */
  breakGlass(caseId: string, officerId: string, reason: string, audit: AuditContext): Promise<BreakGlassOutcome>;
  /** Adds a person; throws 'case_closed' when the case is closed. */
  addPerson(caseId: string, person: NewPerson, audit: AuditContext): Promise<PersonRecord>;
  /** A case's persons, each read audited with the purpose; `includeProtected` false leaves protected persons out unread. */
  listPersons(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PersonRecord[]>;
  /**
   * The case's persons by role and protected flag only, in listPersons' order (to number whom a plan
   * protects, api/personNumbers.ts); not audited, since no label is read.
   */
  personRoles(caseId: string, includeProtected: boolean): Promise<PersonRoleRecord[]>;
  /** Whether a person of the case is protected, and their case; not audited (access facts only). */
  personAccessFacts(personId: string): Promise<{ caseId: string; caseNumber: string; protectedIdentity: boolean } | undefined>;
  getPerson(personId: string, audit: AuditContext): Promise<PersonRecord>;
  /**
   * Creates a plan for a completed assessment of the case with its measures and re-assessment date.
   * An active plan protecting the same person (or none) closes, its planned re-assessment done by this
   * assessment; throws 'superseded' when that plan answers a newer assessment, 'case_closed' when the
   * case is closed.
   */
  createPlan(input: NewPlan, audit: AuditContext): Promise<PlanRecord>;
  planAccessFacts(planId: string): Promise<PlanAccessFacts | undefined>;
  /** The id of the plan answering an assessment (one at most); not audited (access facts only). */
  planIdOfAssessment(assessmentId: string): Promise<string | undefined>;
  measurePlanId(measureId: string): Promise<string | undefined>;
  getPlan(planId: string, audit: AuditContext): Promise<PlanRecord>;
  /** A case's plans, oldest first (each audited as a plan read); plans protecting a protected person only when `includeProtected`. */
  listPlans(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PlanRecord[]>;
  /** Adds a measure to a plan; throws 'case_closed' when the plan's case is closed. */
  addMeasure(planId: string, measure: NewMeasure, audit: AuditContext): Promise<MeasureRecord>;
  /**
   * Sets the officer's own date on the plan's planned re-assessment, if `rule` accepts it against the
   * date the plan was made with (read under the lock): returns the plan, or the rule's refusal.
   * Throws 'not_planned' when nothing is planned, 'case_closed' when the case is closed.
   */
  setReassessmentDate(
    planId: string,
    date: OwnReassessmentDate,
    rule: (derivedDueOn: string) => { ok: true } | { ok: false; reason: string },
    audit: AuditContext,
  ): Promise<{ status: 'set'; plan: PlanRecord } | { status: 'refused'; reason: string }>;
  /**
   * Sets or clears (null) the person an active plan protects, audited; throws 'invalid_reference' for a
   * person the plan cannot protect, 'plan_closed' for a closed plan, 'case_closed' for a closed case.
   */
  setProtectedPerson(planId: string, personId: string | null, audit: AuditContext): Promise<PlanRecord>;
  /**
   * Ends an active plan by hand with the officer's reason, its planned re-assessment cancelled, audited;
   * throws 'plan_closed' for a closed plan, 'case_closed' for a closed case.
   */
  closePlan(planId: string, reason: string, audit: AuditContext): Promise<PlanRecord>;
  /**
   * Changes a measure's status; throws 'case_closed' when its plan's case is closed, 'version_mismatch'
   * unless the measure is at one of `expectedVersions` (If-Match; undefined: any). `today` dates a
   * decision that names no day.
   */
  updateMeasure(measureId: string, change: MeasureChange, audit: AuditContext, expectedVersions?: readonly number[], today?: string): Promise<MeasureRecord>;
  /** Aggregate counts over every case; no personal data, so not audited. */
  statistics(): Promise<CaseStatistics>;
}
