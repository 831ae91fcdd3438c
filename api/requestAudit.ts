// Who a request acts for and why, as its audit rows record it: the officer,
// the client that carried the request, and the purpose — the one stated in the
// bops-purpose header, else the one its operation names (api/apiOperations.ts,
// from the closed set in api/purposes.ts), so no handler chooses a purpose of
// its own. An operation that reads the purpose-required header (a look-up of
// persons: the police data law asks for the purpose of every consultation)
// has no fallback.
import type { Request, Response } from 'express';
import { PURPOSE_HEADER } from './assessmentContract.js';
import type { AuditContext } from './auditLog.js';
import { callerOf } from './authentication.js';
import { matchedOperation } from './matchedOperation.js';
import { ProblemError } from './problem.js';
import { parseRequestPart, purposeSchema } from './routeGuards.js';

/** The audit context of the request for the authenticated caller (or the officer a document link was issued to). */
export function auditContextOf(req: Request, res: Response): AuditContext {
  const caller = callerOf(res);
  const operation = matchedOperation(res);
  if (!operation) throw new Error('route mounted without nameOperation()');
  const raw = req.get(PURPOSE_HEADER);
  if (raw === undefined && operation.headers?.includes('purpose-required')) throw new ProblemError('purpose-required', `send the purpose of the look-up in the ${PURPOSE_HEADER} header`);
  return { actorId: caller.officer.id, viaId: caller.viaId, purpose: raw === undefined ? operation.purpose : parseRequestPart(purposeSchema, raw, 'header') };
}
