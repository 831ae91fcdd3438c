// Referrals to Bops (issue 12, item 1): made by a completed initial assessment
// in the same transaction (api/sqlAssessmentCompletion.ts), announced to the
// Bops officers of the case's region (api/referralNotifier.ts), taken by the
// first of them. SQL: api/sqlReferrals.ts.
import type { AuditContext } from './auditLog.js';
import type { CaseStatus, MeasureStatus, PlanPart } from './caseDomain.js';
import type { OfficerRole } from './officerRoles.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';

/** To whom a case is handed: 'bops' — an initial assessment's referral to the region's Bops officers; 'in_depth' — an escalation to its specialists. */
export const REFERRAL_KINDS = ['bops', 'in_depth'] as const;
export type ReferralKind = (typeof REFERRAL_KINDS)[number];

/** The role that takes a referral of each kind. */
export const TAKER_ROLE = { bops: 'bops_officer', in_depth: 'specialist' } as const satisfies Record<ReferralKind, OfficerRole>;

export interface Referral {
  id: string;
  kind: ReferralKind;
  /** The handover note of an escalation (free text, for whoever takes it); null for a referral to Bops. */
  note: string | null;
  /** The overall judgement code of the assessment that made it (an escalation's structured one), null when none. */
  judgement: string | null;
  caseId: string;
  caseNumber: string;
  caseStatus: CaseStatus;
  region: PoliceRegion;
  assessmentId: string;
  /** The officer who referred (the initial assessment's). */
  referredBy: string;
  referredAt: Date;
  /** Red flags answered yes, item ids of the assessment's pack version. */
  redFlagItemIds: string[];
  pack: { id: string; version: string };
  takenBy: string | null;
  takenAt: Date | null;
}

/**
 * What an escalation hands over of its structured assessment (item 6): the summary judgements, when it
 * was completed, its ratings (no rationale; text answers are left to the caller's pack to drop) and its
 * plan's measures.
 */
export interface EscalationBasis {
  instrumentId: string;
  completedAt: Date;
  judgements: Record<string, string>;
  /** The assessment's answer values by item id, without rationales. */
  answers: Record<string, string | string[]>;
  measures: { part: PlanPart; measureId: string; status: MeasureStatus }[];
}

/** When a referral card that did not arrive is tried again (api/referralSweep.ts). */
export interface AnnounceRetry {
  /** Not before this long after the referral: its first announcement is still under way. */
  graceMs: number;
  /** Between two attempts into one chat. */
  afterMs: number;
  maxAttempts: number;
  /** Referrals older than this are left to the work lists. */
  windowMs: number;
}

/** One proactive card sent about a referral: where it is, so it can be updated. */
export interface ReferralNotice {
  officerId: string;
  botId: string;
  activityId: string;
}

/** An escalation an in-depth assessment concluded as it was completed: what its officer is told of. */
export interface ConcludedEscalation {
  referral: Referral;
  /** The officer who made the in-depth assessment (its owner, to the access policy). */
  specialistId: string;
  /** The in-depth assessment's overall judgement code (e.g. 'medel'); null when it has none. */
  judgement: string | null;
}

/** What came of a press of Ta ärendet: the first one wins, everyone else is told the current state. */
export type TakeOutcome =
  | { outcome: 'taken'; referral: Referral }
  | { outcome: 'already_yours'; referral: Referral }
  | { outcome: 'taken_by_other'; referral: Referral }
  | { outcome: 'case_closed'; referral: Referral }
  | { outcome: 'not_found' };

export interface ReferralRepository {
  get(referralId: string): Promise<Referral | undefined>;
  forAssessment(assessmentId: string): Promise<Referral | undefined>;
  /** Active officers of the region holding the role that takes this kind: who a referral is announced to. */
  takersOf(region: PoliceRegion, kind: ReferralKind): Promise<Officer[]>;
  /**
   * Escalates a case to in-depth assessment from its latest completed structured assessment, with the
   * officer's note (audited 'referral.create', the note not on the row). 'no_structured': the case has
   * none; 'exists': that assessment was escalated already (the existing one is returned, nothing written);
   * 'case_closed': the case is closed.
   */
  escalate(caseId: string, note: string, audit: AuditContext): Promise<{ outcome: 'created' | 'exists'; referral: Referral } | { outcome: 'no_structured' | 'case_closed' }>;
  /**
   * The escalations the in-depth assessment concluded as it was completed (the case's escalations still open
   * to one, written with the completion: api/sqlAssessmentCompletion.ts); none for any other assessment.
   */
  concludedBy(assessmentId: string): Promise<ConcludedEscalation[]>;
  /** Records a card sent to an officer and its audit row ('referral.notice', actor: that officer) in one transaction. */
  recordNotice(referral: Referral, notice: ReferralNotice, audit: AuditContext, detail: Record<string, unknown>): Promise<void>;
  /**
   * The case's latest escalation to in-depth, read for the specialist who opens the in-depth assessment
   * with what it hands over of its structured assessment (audited 'case.read' naming it, since the note
   * and the result are shown); undefined when the case has none (not audited).
   */
  readEscalation(caseId: string, audit: AuditContext): Promise<{ referral: Referral; basis: EscalationBasis } | undefined>;
  /**
   * Records where a referral's overdue notice (a reminder about 'open_referral', audited by the reminders'
   * ledger) was shown, so it is updated with the announcements once the referral is taken.
   */
  recordOverdueCard(referralId: string, notice: ReferralNotice): Promise<void>;
  /** The cards sent about a referral: its announcements and overdue notices. */
  notices(referralId: string): Promise<ReferralNotice[]>;
  /**
   * Claims the attempt to send a referral's card into one chat: true for the first attempt, or when
   * the last one is at least `retry.afterMs` old, fewer than `retry.maxAttempts` were made and no
   * card arrived; one claimant among instances at a time.
   */
  claimAnnouncement(referralId: string, target: { officerId: string; botId: string }, now: Date, retry: AnnounceRetry): Promise<boolean>;
  /**
   * Open referrals of an open case, referred within `retry.windowMs` and at least `retry.graceMs` ago,
   * with a usable chat of an active taker that has no card and whose attempt is claimable: what the
   * sweep announces again (at most `limit`).
   */
  unannounced(now: Date, retry: AnnounceRetry, limit: number): Promise<Referral[]>;
  /**
   * Assigns the officer to the referral's case if no one took it yet and the case is open: ONE
   * conditional UPDATE decides, so of two at once one wins; the loser, a second press and a stale card
   * get the current state and write nothing. Audited as 'referral.take' and 'case.assign'.
   */
  take(referralId: string, officer: Officer, audit: AuditContext): Promise<TakeOutcome>;
}
