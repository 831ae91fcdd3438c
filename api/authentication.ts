// Express middleware that turns a bearer token into the Caller the routes
// authorise: an officer token stands for itself; the bot's service token must
// name the officer it acts for, and the API then authorises that officer.
//
// An officer the API does not know (never provisioned, or deactivated) is
// refused 403 'unknown-officer' and the refusal is audited like a policy
// refusal: one 'access.denied' row (code officer_not_provisioned, no entity,
// no action tried yet), written at the edge by api/accessDenialAudit.ts. Its
// actor is the officer id the verified token or the bot's on-behalf-of header
// named. That id is a pseudonymous work identity (an Entra object id or the
// like) that every audit row already holds as its actor, not data about a
// person in a case, so recording it is what the log is for.
// A 401 (no, malformed, expired or badly signed token, or a service token
// naming no officer) is not audited: nothing in such a request can be trusted
// to name anyone, and recording what it claims would let anyone write
// arbitrary actor ids into the audit chain.
import type { RequestHandler, Response } from 'express';
import { AccessDeniedError } from './accessDenial.js';
import { ON_BEHALF_OF_HEADER } from './assessmentContract.js';
import { officerIdSchema } from './idSchemas.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';
import { TokenError, UnknownOfficerTokenError, type TokenVerifier } from './tokenVerifier.js';

/** The refusal of an officer who is not provisioned or is deactivated, carried by `viaId` (the bot) or by no one. */
function unknownOfficer(officerId: string, viaId: string | null, detail: string): AccessDeniedError {
  return new AccessDeniedError({ action: null, code: 'officer_not_provisioned', target: null, answeredAs: 'unknown-officer' }, { officer: { id: officerId }, viaId }, detail);
}

export function authenticate(verifier: TokenVerifier, directory: OfficerDirectory): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
    if (!match?.[1]) throw new ProblemError('unauthenticated', 'missing or malformed Authorization: Bearer header');
    let principal;
    try {
      principal = await verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof UnknownOfficerTokenError) throw unknownOfficer(err.officerId, null, 'the token is valid but the officer is not provisioned');
      if (err instanceof TokenError) throw new ProblemError('unauthenticated', `token rejected (${err.reason})`);
      throw err;
    }
    let caller: Caller;
    if (principal.kind === 'officer') {
      caller = { officer: principal.officer, viaId: null };
    } else {
      const raw = req.get(ON_BEHALF_OF_HEADER);
      const officerId = officerIdSchema.safeParse(raw);
      if (!officerId.success) throw new ProblemError('unauthenticated', `a service token must name the officer in the ${ON_BEHALF_OF_HEADER} header`);
      const officer = await directory.find(officerId.data);
      if (!officer) throw unknownOfficer(officerId.data, principal.id, 'the officer acted for is not provisioned');
      caller = { officer, viaId: principal.id };
    }
    res.locals.caller = caller;
    next();
  };
}

export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('route mounted without authenticate()');
  return caller;
}
