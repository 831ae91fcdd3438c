// The seam between the reminder scheduler and whatever speaks first in Teams
// (issue 12, item 3). The scheduler decides what is due, to whom, and that it
// goes once; a ReminderDelivery only carries one reminder to one officer and
// says how that went. The proactive sender (conversation references, the
// connector) implements it (api/proactiveReminderDelivery.ts); an API composed
// without one plans and sends no reminders. A reminder holds ids, a case number and
// dates — never a name, never free text — so the sender renders it from the
// message catalogue and shows only what it carries.

export const REMINDER_KINDS = ['reassessment_due', 'measure_follow_up_due', 'overdue_notice', 'referral_due'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * What a reminder is about: the case's planned re-assessment, one measure's follow-up (or a contact
 * ban's expiry), a referral its taker has not yet begun to assess, or a referral to Bops no one has
 * taken (an overdue notice only).
 */
export const REMINDER_SUBJECTS = ['reassessment', 'measure_follow_up', 'referral', 'open_referral'] as const;
export type ReminderSubject = (typeof REMINDER_SUBJECTS)[number];

/** Why the recipient gets it (a sender may word the message after it). */
export const RECIPIENT_REASONS = ['responsible', 'stands_in', 'overdue_in_region'] as const;
export type RecipientReason = (typeof RECIPIENT_REASONS)[number];

export interface DueReminder {
  /**
   * Stable per reminder and recipient, the same on every attempt: a sender that keeps it can
   * recognise a repeat after a crash between its send and the scheduler's record of it.
   */
  deliveryId: string;
  kind: ReminderKind;
  about: ReminderSubject;
  caseId: string;
  caseNumber: string;
  /** The due date (YYYY-MM-DD, Swedish calendar); for an overdue notice, the date that was missed. */
  dueOn: string;
  /** The officer to tell (their id: Entra object id in production). */
  recipientOfficerId: string;
  reason: RecipientReason;
  /** The plan it is about; null for a referral, which has none. */
  planId: string | null;
  /** The measure (protection_measures.id) when `about` is 'measure_follow_up', else null. */
  measureId: string | null;
  /** The referral, with the assessment it hands over for, when `about` is 'referral' or 'open_referral', else null. */
  referral: { id: string; handover: 'bops' | 'in_depth' } | null;
  /** 1 on the first attempt. */
  attempt: number;
}

/**
 * How one delivery went:
 *  - 'sent': the officer has it; never sent again.
 *  - 'refused': the connector refused the officer's conversation (403/404 — the bot was removed); the
 *    sender marks the reference, the scheduler does not try again; the work still shows in the work list.
 *  - 'no_reference': the officer has never talked to the bot, so there is nowhere to send it; not retried.
 * Anything else (a network fault, a 5xx, a throttle) is thrown: the scheduler tries again later.
 */
export const REMINDER_OUTCOMES = ['sent', 'refused', 'no_reference'] as const;
export type ReminderOutcome = (typeof REMINDER_OUTCOMES)[number];

export interface ReminderDelivery {
  /** Delivers one reminder; throws when it should be tried again later. */
  deliver(reminder: DueReminder): Promise<ReminderOutcome>;
}
