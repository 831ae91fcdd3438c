// Which operation of the table (api/apiOperations.ts) a request is for, kept
// on the response by the router as soon as the method and path match one —
// before authentication, so that a refusal there is audited under the
// operation's purpose too. Read by the audit context of the request
// (api/requestAudit.ts), the audit of refused requests
// (api/accessDenialAudit.ts) and the request metrics (bot/metricsEndpoint.ts).
import type { RequestHandler, Response } from 'express';
import type { Operation } from './apiOperations.js';

const OPERATION_LOCAL = 'operation';

/** Middleware of an operation's route: names the operation on the response. */
export function nameOperation(operation: Operation): RequestHandler {
  return (_req, res, next) => {
    res.locals[OPERATION_LOCAL] = operation;
    next();
  };
}

/** The operation the request matched; undefined for a path or method no operation has. */
export function matchedOperation(res: Response): Operation | undefined {
  return res.locals[OPERATION_LOCAL] as Operation | undefined;
}
