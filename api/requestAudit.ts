// Who a request acts for and why, as its audit rows record it: the officer,
// the client that carried the request, and the purpose from the bops-purpose
// header. A look-up of persons must state its purpose (the police data law
// asks for the purpose of every consultation); other requests fall back to the
// purpose of what they do. The purposes are one closed set, here: a purpose
// names what the access was for, so a share is not recorded as case work nor
// an investigator's read of one as Bops's. The bot states none of its own
// where its route's says what it did, and one of these where it knows more
// than the route (dialogs/httpAssessmentApi.ts). The audit column is free
// text, so a new one needs no migration; the README lists them (Purposes on
// audit rows).
import type { Request } from 'express';
import { PURPOSE_HEADER } from './assessmentContract.js';
import type { AuditContext } from './auditLog.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';
import { parseRequestPart, purposeSchema } from './routeGuards.js';

/** The purpose recorded when a request that need not state one does not; also what the bot states where it knows more than the route. */
export const DEFAULT_PURPOSE = {
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
} as const;
/** A purpose of the closed set, by its name in it. */
export type PurposeName = keyof typeof DEFAULT_PURPOSE;
export type Purpose = (typeof DEFAULT_PURPOSE)[PurposeName];

/** The audit context of the request; `purpose` is 'required' or what stands when the header is absent. */
export function auditContextOf(req: Request, caller: Caller, purpose: 'required' | Purpose): AuditContext {
  const raw = req.get(PURPOSE_HEADER);
  if (raw === undefined && purpose === 'required') throw new ProblemError('purpose-required', `send the purpose of the look-up in the ${PURPOSE_HEADER} header`);
  return { actorId: caller.officer.id, viaId: caller.viaId, purpose: raw === undefined ? purpose : parseRequestPart(purposeSchema, raw, 'header') };
}
