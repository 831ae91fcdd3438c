// Where a case may go from where it stands, and what must be finished before
// it closes — as data and one pure function, so the rule is read in one place
// and proven without a database. The repository applies it under the case's
// row lock to the status it finds there.
import type { CaseStatus, ViolenceType } from './caseDomain.js';

/**
 * The statuses a case may move to from each status:
 * - intake → bops when Bops takes the case on, intake → closed when the
 *   initial assessment found no cause for Bops, bops → closed when the
 *   protection work is over;
 * - closed → bops reopens a case (a new threat in the same case). It is the
 *   only way out of closed: it clears the closing time, so the retention clock
 *   stops, and a later closing starts it again. A case the retention job has
 *   erased is gone and cannot be reopened.
 * Nothing returns to intake: it is where a case starts, not a state to go back to.
 */
export const CASE_STATUS_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  intake: ['bops', 'closed'],
  bops: ['closed'],
  closed: ['bops'],
};

/** A change asked for; a field left out stays as it is. */
export interface CaseChange {
  status?: CaseStatus;
  /** Unknown at intake; set once someone judges it, and corrected while the case is open. */
  violenceType?: ViolenceType;
}

/** Work in the case that stands in the way of closing it. */
export interface OpenWork {
  /** Draft assessments: their owner completes them, or the retention job erases them as stale drafts. */
  draftAssessments: number;
  /** Measures of active protection plans that are not yet done, declined or cancelled. */
  unsettledMeasures: number;
}

export const NO_OPEN_WORK: OpenWork = { draftAssessments: 0, unsettledMeasures: 0 };

export type CaseChangeRefusal =
  | { code: 'transition_not_allowed'; from: CaseStatus; to: CaseStatus }
  /** The violence type of a case that is and stays closed: reopen it first. */
  | { code: 'case_closed' }
  | { code: 'open_work'; openWork: OpenWork };

/** Whether the change closes an open case (only then does open work matter). */
export function closesCase(current: CaseStatus, change: CaseChange): boolean {
  return change.status === 'closed' && current !== 'closed';
}

/**
 * Why `change` cannot apply to a case in status `current` with `openWork`
 * (counted only when the change closes the case); undefined when it can.
 * Asking for the status the case already has is no transition and is allowed.
 */
export function caseChangeRefusal(current: CaseStatus, change: CaseChange, openWork: OpenWork): CaseChangeRefusal | undefined {
  const to = change.status ?? current;
  if (to !== current && !CASE_STATUS_TRANSITIONS[current].includes(to)) return { code: 'transition_not_allowed', from: current, to };
  if (current === 'closed' && to === 'closed' && change.violenceType !== undefined) return { code: 'case_closed' };
  if (closesCase(current, change) && (openWork.draftAssessments > 0 || openWork.unsettledMeasures > 0)) return { code: 'open_work', openWork };
  return undefined;
}
