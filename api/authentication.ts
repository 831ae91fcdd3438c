// Express middleware that turns a bearer token into the Caller the routes
// authorise: an officer token stands for itself; the bot's service token must
// name the officer it acts for, and the API then authorises that officer.
import type { RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ON_BEHALF_OF_HEADER } from './assessmentContract.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';
import { TokenError, type TokenVerifier } from './tokenVerifier.js';

const officerIdSchema = z.string().regex(/^[A-Za-z0-9:._@-]{1,128}$/);

export function authenticate(verifier: TokenVerifier, directory: OfficerDirectory): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,4096})$/.exec(header);
    if (!match?.[1]) throw new ProblemError('unauthenticated', 'missing or malformed Authorization: Bearer header');
    let principal;
    try {
      principal = await verifier.verify(match[1]);
    } catch (err) {
      if (err instanceof TokenError && err.reason === 'unknown_officer') throw new ProblemError('unknown-officer', 'the token is valid but the officer is not provisioned');
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
      if (!officer) throw new ProblemError('unknown-officer', 'the officer acted for is not provisioned');
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
