// Express error middleware that writes the audit row of every refused request
// ('access.denied') before the problem is answered. It runs at the edge, not
// in the route, because the route's own work is abandoned: the row is
// committed in a transaction of its own, and nothing else the request would
// have stored is. The refusal stands even if the row cannot be written (the
// officer still gets the 403/404); the failure is logged without content.
// The row's purpose is the one the request stated, as a request that goes
// through records it, else its operation's (api/apiOperations.ts) — except
// for a look-up of persons, which must state its own (the purpose-required
// header): one refused before it said why is recorded as unstated, not under
// a purpose the caller never gave.
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AccessDeniedError, type AccessDenialLog } from './accessDenial.js';
import { PURPOSE_HEADER } from './assessmentContract.js';
import { matchedOperation } from './matchedOperation.js';
import { purposeSchema } from './routeGuards.js';

/** The purpose recorded when a refused request stated none that could be read and either matched no operation (a path none has) or one that requires its caller to state it. */
export const UNSTATED_PURPOSE = 'unstated';

export function auditAccessDenials(denials: AccessDenialLog, log: Logger): ErrorRequestHandler {
  return async (err, req, res, next) => {
    if (err instanceof AccessDeniedError) {
      const stated = purposeSchema.safeParse(req.get(PURPOSE_HEADER));
      const operation = matchedOperation(res);
      const fallback = operation && !operation.headers?.includes('purpose-required') ? operation.purpose : UNSTATED_PURPOSE;
      const purpose = stated.success ? stated.data : fallback;
      const audit = { actorId: err.caller.officer.id, viaId: err.caller.viaId, purpose };
      try {
        await denials.recordDenial(err.denial, audit);
      } catch (failure) {
        log.error({ err: { name: (failure as Error).name, message: (failure as Error).message }, action: err.denial.action, code: err.denial.code }, 'could not audit a refused request');
      }
    }
    next(err);
  };
}
