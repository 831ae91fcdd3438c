// POST /api/messages, in the order that tells a caller no more than it has a
// right to know:
//   1. With bot authentication on, a request without a bearer token is 401 at
//      once, before its body is read.
//   2. The body is parsed (JSON, 256 kB); a body that cannot be read is held
//      back, not answered yet.
//   3. Authentication, by the adapter's own authenticator, from the token and
//      the two fields it reads of the activity (channelId, serviceUrl — the
//      latter is compared with the token's serviceUrl claim): a refusal is
//      401; an authenticator that could not check at all (the Bot Framework's
//      signing keys unreachable) is 503, which tells nothing of the body
//      either. Only an authenticated caller gets past here, so shape checks
//      never answer an anonymous one (with authentication off, in dev mode,
//      every caller is authenticated anonymously and this step passes).
//   4. The held-back body problem (400/413/415), then the gate
//      (activityGate.ts): 400 for a malformed activity, 403 for a serviceUrl
//      off the allow-list — before any turn runs, so nothing is sent anywhere.
//   5. The turn, with the authentication of step 3; the invoke response or 200.
// Every refusal is one log line with a reason code (and the schema field or
// allow-list check that failed) — no activity content, no URL, no stack trace.
// A fault in the turn itself still goes to the server's problem handler (500).
import type { TurnContext } from 'botbuilder';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from 'pino';
import { bodyProblemOf, ProblemError, sendProblem } from '../api/problem.js';
import { admitActivity } from './activityGate.js';
import { ActivityRefusedError, type ActivityRefusalReason } from './activityRefusedError.js';
import type { ServiceUrlAllowList } from './serviceUrlAllowList.js';
import type { ActivityClaims, AuthenticateRequestResult, StepwiseTeamsAdapter } from './stepwiseTeamsAdapter.js';

/** Activities are small JSON; 256 kB leaves room for Teams' largest while refusing floods. */
export const ACTIVITY_BODY_LIMIT = '256kb';

/** Problem types of this endpoint beside the API's (api/problem.ts), in the same RFC 9457 form. */
export const ACTIVITY_PROBLEMS = {
  'activity-invalid': { status: 400, title: 'Not an activity this bot accepts' },
  'service-url-not-allowed': { status: 403, title: 'The activity names a service the bot does not send to' },
  'invoke-not-handled': { status: 400, title: 'The bot handles no invoke of this name' },
  'authentication-unavailable': { status: 503, title: 'Bot Framework authentication could not be checked; send the activity again' },
} as const;
type ActivityProblem = keyof typeof ACTIVITY_PROBLEMS;

/** A malformed activity is 400; a well-formed one naming a service the bot may not call is 403. */
const PROBLEM_OF_REFUSAL: Readonly<Record<ActivityRefusalReason, ActivityProblem>> = {
  'not-an-object': 'activity-invalid',
  'too-deep': 'activity-invalid',
  'unknown-type': 'activity-invalid',
  'invalid-field': 'activity-invalid',
  'service-url-not-allowed': 'service-url-not-allowed',
};

const LOG_MESSAGE = 'activity refused';
const NOT_IMPLEMENTED = 501;
const BEARER = /^Bearer\s+\S/;
const BODY_PROBLEM = 'activityBodyProblem';

export interface ActivityEndpointDeps {
  adapter: Pick<StepwiseTeamsAdapter, 'authenticate' | 'runAuthenticated'>;
  /** Where replies may go (serviceUrlAllowList.ts). */
  allowList: ServiceUrlAllowList;
  /** Bot authentication on (production): a request without a bearer token is refused before its body is read. */
  authRequired: boolean;
  log: Logger;
  /** The turn. */
  logic: (context: TurnContext) => Promise<void>;
}

const instanceOf = (req: Request) => req.originalUrl.split('?')[0];

function sendActivityProblem(res: Response, req: Request, type: ActivityProblem, extra: Record<string, string> = {}): void {
  const { status, title } = ACTIVITY_PROBLEMS[type];
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: `urn:bops:problem:${type}`, title, status, instance: instanceOf(req), ...extra });
}

/**
 * The fields authentication reads, each only if it is text; anything else is read as '' — what botbuilder
 * takes for "not stated" (undefined would crash its endorsement check) — and refused by the gate once the
 * caller is known.
 */
function claimsOf(body: unknown): ActivityClaims {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { channelId: text(record.channelId), serviceUrl: text(record.serviceUrl) };
}

/**
 * Only an outage of the Bot Framework's key service is not the caller's fault: its fetch failing
 * (node-fetch's FetchError) or botbuilder's AuthenticationError with a 5xx status ("Failed to load
 * openID config"). Anything else — a refusal, a bad signature, a token the libraries choke on — is
 * the caller's, and 401.
 */
const isKeyServiceOutage = (error: unknown) => {
  const { statusCode, name } = (error ?? {}) as { statusCode?: unknown; name?: unknown };
  return (typeof statusCode === 'number' && statusCode >= 500) || name === 'FetchError';
};

/** The handlers of POST /api/messages, in order (register with app.post(route, ...handlers)). */
export function activityEndpoint({ adapter, allowList, authRequired, log, logic }: ActivityEndpointDeps): (RequestHandler | ErrorRequestHandler)[] {
  const unauthenticated = (req: Request, res: Response) => {
    log.info({ reason: 'unauthenticated' }, LOG_MESSAGE);
    res.setHeader('WWW-Authenticate', 'Bearer');
    sendProblem(res, new ProblemError('unauthenticated'), instanceOf(req));
  };

  const bearerFirst: RequestHandler = (req, res, next) => {
    if (authRequired && !BEARER.test(req.headers.authorization ?? '')) unauthenticated(req, res);
    else next();
  };

  const holdBodyProblem: ErrorRequestHandler = (err, _req, res, next) => {
    const problem = bodyProblemOf(err);
    if (!problem) {
      next(err);
      return;
    }
    res.locals[BODY_PROBLEM] = problem;
    next();
  };

  const handle: RequestHandler = async (req, res) => {
    const bodyProblem = res.locals[BODY_PROBLEM] as ProblemError | undefined;
    const body: unknown = bodyProblem ? undefined : req.body;

    let authentication: AuthenticateRequestResult;
    try {
      authentication = await adapter.authenticate(req.headers.authorization ?? '', claimsOf(body));
    } catch (error) {
      if (isKeyServiceOutage(error)) {
        const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
        log.warn({ reason: 'authentication-unavailable', err: { name, code } }, LOG_MESSAGE);
        sendActivityProblem(res, req, 'authentication-unavailable');
      } else {
        unauthenticated(req, res);
      }
      return;
    }

    if (bodyProblem) {
      log.info({ reason: bodyProblem.type }, LOG_MESSAGE);
      sendProblem(res, bodyProblem, instanceOf(req));
      return;
    }

    let activity;
    try {
      activity = admitActivity(body, allowList);
    } catch (error) {
      if (!(error instanceof ActivityRefusedError)) throw error;
      const { field, serviceUrl } = error.facts;
      const facts = { reason: error.reason, ...(field ? { field } : {}), ...(serviceUrl ? { check: serviceUrl } : {}) };
      const problem = PROBLEM_OF_REFUSAL[error.reason];
      // A serviceUrl off the allow-list is someone probing, or a configuration that misses a real service host.
      if (problem === 'service-url-not-allowed') log.warn(facts, LOG_MESSAGE);
      else log.info(facts, LOG_MESSAGE);
      sendActivityProblem(res, req, problem, facts);
      return;
    }

    const invokeResponse = await adapter.runAuthenticated(authentication, activity, logic);
    // botbuilder answers an invoke nobody handles 501 Not Implemented: to the caller that is a
    // request the bot does not take, said as such — input never gets a 5xx.
    if (invokeResponse?.status === NOT_IMPLEMENTED) {
      log.info({ reason: 'invoke-not-handled' }, LOG_MESSAGE);
      sendActivityProblem(res, req, 'invoke-not-handled', {});
      return;
    }
    // As CloudAdapter.process answers: the invoke response's status and body, else 200 without a body.
    res.status(invokeResponse?.status ?? 200);
    if (invokeResponse?.body) res.send(invokeResponse.body);
    else res.end();
  };

  return [bearerFirst, express.json({ limit: ACTIVITY_BODY_LIMIT }), holdBodyProblem, handle];
}
