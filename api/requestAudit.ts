// Who a request acts for and why, as its audit rows record it: the officer,
// the client that carried the request, and the purpose from the bops-purpose
// header. A look-up of persons must state its purpose (the police data law
// asks for the purpose of every consultation); other requests fall back to the
// purpose of what they do. The fallbacks are one closed set, here: a purpose
// names what the access was for, so a share is not recorded as case work nor
// an investigator's read of one as Bops's (the audit column is free text, so
// a new one needs no migration).
import type { Request } from 'express';
import { PURPOSE_HEADER } from './assessmentContract.js';
import type { AuditContext } from './auditLog.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';
import { parseRequestPart, purposeSchema } from './routeGuards.js';

/** The purpose recorded when a request that need not state one does not. */
export const DEFAULT_PURPOSE = {
  assessment: 'assessment',
  case: 'bops.case',
  /** Bops shares a case with an investigation: previews, makes, lists, refreshes or withdraws a share. */
  sharing: 'bops.sharing_with_investigation',
  /** An investigator reads what was shared with their investigation. */
  investigation: 'investigation',
  /** The second look at a completed assessment: reviewing it, giving a blind regrade its reason, reading its reviews. */
  review: 'bops.second_look',
} as const;

/** The audit context of the request; `purpose` is 'required' or what stands when the header is absent. */
export function auditContextOf(req: Request, caller: Caller, purpose: 'required' | (typeof DEFAULT_PURPOSE)[keyof typeof DEFAULT_PURPOSE]): AuditContext {
  const raw = req.get(PURPOSE_HEADER);
  if (raw === undefined && purpose === 'required') throw new ProblemError('purpose-required', `send the purpose of the look-up in the ${PURPOSE_HEADER} header`);
  return { actorId: caller.officer.id, viaId: caller.viaId, purpose: raw === undefined ? purpose : parseRequestPart(purposeSchema, raw, 'header') };
}
