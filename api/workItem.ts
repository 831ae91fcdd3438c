// One row of an officer's work list (issue 12, item 2): something they have to
// do in a case, with the date it is due and the latest judgement of the case,
// which together order the list (api/workListOrder.ts). A union by kind, so a
// new source of work (referrals, in-depth handovers) adds a member and a
// WorkListSource, and every switch over the kinds tells where it must be shown.
// Rows name cases, never persons by label: a plan's row names whom it
// protects by role and number only when the case has several plans.
import type { AssessmentLevel } from './assessmentRepository.js';
import type { PolicyAction } from './auditLog.js';
import type { Resource } from './accessPolicy.js';
import type { PlanPart, MeasureStatus } from './caseDomain.js';
import type { NumberedRole } from './personNumbers.js';
import type { Officer } from './principal.js';

export const WORK_ITEM_KINDS = ['referral', 'draft', 'reassessment', 'measure_follow_up', 'review'] as const;
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number];

interface WorkItemBase {
  caseNumber: string;
  caseId: string;
  /** ISO date the work is due; null for work with no date (a draft). */
  dueOn: string | null;
  /** The overall judgement code of the case's latest completed assessment (e.g. 'hog'), null when none. */
  latestJudgement: string | null;
}

/** The officer's own draft: continue it or discard it. */
export interface DraftWorkItem extends WorkItemBase {
  kind: 'draft';
  assessmentId: string;
  level: AssessmentLevel;
  instrumentId: string;
  /** The draft's version, the ETag a discard sends so that a stale card changes nothing. */
  version: number;
  updatedAt: Date;
}

/**
 * Whom the row's plan protects, by role and number as chat names persons (api/personNumbers.ts) —
 * only when the case has more than one active plan the officer may see, since then two rows of one
 * case would read alike; absent with one plan; null when the plan names no one.
 */
export type PlanPerson = NumberedRole | null;

/** A planned re-assessment of a case the officer is assigned to, due within the horizon or overdue. */
export interface ReassessmentWorkItem extends WorkItemBase {
  kind: 'reassessment';
  dueOn: string;
  planId: string;
  protects?: PlanPerson;
}

/** One measure to follow up, of a MeasureFollowUpWorkItem. */
export interface MeasureToFollowUp {
  measureId: string;
  /** The measure's id in the methodology catalogue (e.g. 'kontaktforbud'). */
  catalogueId: string;
  part: PlanPart;
  status: MeasureStatus;
}

/**
 * The measures of an active plan whose follow-up (or a contact ban's expiry) falls on one day within
 * the horizon: one piece of work, as the officer deals with them together under Åtgärder — a plan of
 * six measures set on one day is one row, not six, and leaves room for the other cases.
 */
export interface MeasureFollowUpWorkItem extends WorkItemBase {
  kind: 'measure_follow_up';
  dueOn: string;
  planId: string;
  protects?: PlanPerson;
  /** In the plan's order: part, then catalogue id. */
  measures: MeasureToFollowUp[];
}

/**
 * A referral (issue 12, item 1): in the officer's region and not taken yet, due the day it was made;
 * or taken by the officer and its assessment not yet begun, due within the target time from the
 * referral (FIGURES_TARGET_DAYS, the time the follow-up figures measure) — taking a case is not
 * yet assessing it, so it stays on the taker's list until the assessment starts.
 */
export interface ReferralWorkItem extends WorkItemBase {
  kind: 'referral';
  dueOn: string;
  referralId: string;
  /** 'bops': referred to the region's Bops officers; 'in_depth': escalated to its specialists (item 6). */
  handover: 'bops' | 'in_depth';
  referredAt: Date;
  /** Taken by the officer whose list it is, its assessment not begun. */
  takenByYou: boolean;
}

/**
 * A complete review of the officer's own assessment they have not been told of (issue 15, item 4): no
 * proactive card reached them (no conversation reference) and they have not read the reviews since it
 * was made or got its reason. Showing the review (the row's button) is that read, and the row goes.
 */
export interface ReviewWorkItem extends WorkItemBase {
  kind: 'review';
  dueOn: null;
  assessmentId: string;
  reviewId: string;
  verdict: 'agree' | 'regrade';
}

export type WorkItem = ReferralWorkItem | DraftWorkItem | ReassessmentWorkItem | MeasureFollowUpWorkItem | ReviewWorkItem;

/** A row as a source finds it, with what the access policy decides it on. */
export interface SourcedWorkItem {
  item: WorkItem;
  access: { action: PolicyAction; resource: Resource };
}

/** Which days count: everything due up to `horizon` (inclusive); `today` tells overdue from due. */
export interface WorkWindow {
  today: string;
  horizon: string;
}

/**
 * Where one kind of work comes from. The list asks every source for the officer's rows and keeps
 * those the access policy allows; a source never decides access itself, it states what to decide on.
 */
export interface WorkListSource {
  itemsFor(officer: Officer, window: WorkWindow): Promise<SourcedWorkItem[]>;
}
