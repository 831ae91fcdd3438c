// Express error middleware that writes the audit row of every refused request
// ('access.denied') before the problem is answered. It runs at the edge, not
// in the route, because the route's own work is abandoned: the row is
// committed in a transaction of its own, and nothing else the request would
// have stored is. The refusal stands even if the row cannot be written (the
// officer still gets the 403/404); the failure is logged without content.
// The row's purpose is the one the request stated, as a request that goes
// through records it, else its operation's (api/apiOperations.ts).
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { AccessDeniedError, type AccessDenialLog } from './accessDenial.js';
import { PURPOSE_HEADER } from './assessmentContract.js';
import { matchedOperation } from './matchedOperation.js';
import { purposeSchema } from './routeGuards.js';

/** The purpose recorded when a refused request stated none that could be read and matched no operation (a path none has). */
export const UNSTATED_PURPOSE = 'unstated';

export function auditAccessDenials(denials: AccessDenialLog, log: Logger): ErrorRequestHandler {
  return async (err, req, res, next) => {
    if (err instanceof AccessDeniedError) {
      const stated = purposeSchema.safeParse(req.get(PURPOSE_HEADER));
      const purpose = stated.success ? stated.data : (matchedOperation(res)?.purpose ?? UNSTATED_PURPOSE);
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
