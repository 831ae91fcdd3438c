// Referrals to Bops (issue 12, item 1): made by a completed initial assessment
// in the same transaction (api/sqlAssessmentRepository.ts), announced to the
// Bops officers of the case's region (api/referralNotifier.ts), taken by the
// first of them. SQL: api/sqlReferrals.ts.
import type { AuditContext } from './auditLog.js';
import type { CaseStatus } from './caseDomain.js';
import type { PoliceRegion } from './policeRegions.js';
import type { Officer } from './principal.js';

export interface Referral {
  id: string;
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

/** One proactive card sent about a referral: where it is, so it can be updated. */
export interface ReferralNotice {
  officerId: string;
  botId: string;
  activityId: string;
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
  /** Active officers holding the Bops officer role in the region: who a referral there is announced to. */
  bopsOfficersOf(region: PoliceRegion): Promise<Officer[]>;
  /** Records a card sent to an officer and its audit row ('referral.notice', actor: that officer) in one transaction. */
  recordNotice(referral: Referral, notice: ReferralNotice, audit: AuditContext, detail: Record<string, unknown>): Promise<void>;
  /** The cards sent about a referral. */
  notices(referralId: string): Promise<ReferralNotice[]>;
  /**
   * Assigns the officer to the referral's case if no one took it yet and the case is open: ONE
   * conditional UPDATE decides, so of two at once one wins; the loser, a second press and a stale card
   * get the current state and write nothing. Audited as 'referral.take' and 'case.assign'.
   */
  take(referralId: string, officer: Officer, audit: AuditContext): Promise<TakeOutcome>;
}
