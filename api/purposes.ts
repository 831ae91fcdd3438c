// The purposes an API request's audit rows fall back to, one closed set (the
// police data law asks for the purpose of every consultation). A purpose names
// what the access was for, so a share is not recorded as case work nor an
// investigator's read of one as Bops's. Each operation of the table
// (api/apiOperations.ts) names the one its requests are recorded under when
// the caller states none (api/requestAudit.ts); the bot states one of these
// where it knows more than the operation (dialogs/httpAssessmentApi.ts). Rows
// the server writes unasked (notices, reminders, officer administration) name
// theirs where they are written. The audit column is free text, so a new one
// needs no migration; the README lists them (Purposes on audit rows).

export const PURPOSES = {
  /** Making a risk assessment: creating, answering, completing, resuming or discarding one, reading it or its document, the previous one an omprövning compares with. */
  assessment: 'assessment',
  /** Work on one Bops case: its record and officers, protection plans and their measures, the persons a plan protects, RRI, referrals and escalations. */
  case: 'bops.case',
  /** An officer's work list: a page of what is due, each case on it read to say what — not work on any of them. */
  workList: 'bops.work_list',
  /** The officer's chat with the bot, stored so that notices (referrals, reminders, shares, reviews) reach them unasked. */
  notices: 'notices',
  /** Bops shares a case with an investigation: previews, makes, lists, refreshes or withdraws a share. */
  sharing: 'bops.sharing_with_investigation',
  /** An investigator reads what was shared with their investigation. */
  investigation: 'investigation',
  /** The second look at a completed assessment: reviewing it, giving a blind regrade its reason, reading its reviews, choosing the assessment to review. */
  review: 'bops.second_look',
  /** Supervision: an auditor reading who did what with an assessment (its audit trail) — checking the work, not doing it. */
  supervision: 'supervision',
  /** Following the method up in figures: counts by region, the figures, the reviews' agreement — aggregates, no person in them. */
  statistics: 'statistics',
  /** Looking up the method's guidance: no case in it. */
  methodology: 'methodology',
  /** A client reading the API's own description (the OpenAPI document): no data at all. */
  contract: 'api.contract',
} as const;
/** A purpose of the closed set, by its name in it. */
export type PurposeName = keyof typeof PURPOSES;
export type Purpose = (typeof PURPOSES)[PurposeName];
