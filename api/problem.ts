// RFC 9457 problem details: every error the API returns is one of these, with
// a specific type a client can branch on and Swedish-neutral English text for
// developers (officers never see API text; the bot words its own messages).
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';

export const PROBLEM_TYPES = {
  'malformed-json': { status: 400, title: 'Request body is not valid JSON' },
  'validation': { status: 400, title: 'Request does not match the schema' },
  'unauthenticated': { status: 401, title: 'A valid bearer token is required' },
  'forbidden': { status: 403, title: 'Not allowed for this officer' },
  'unknown-officer': { status: 403, title: 'Officer is not provisioned' },
  'not-found': { status: 404, title: 'Resource not found' },
  'not-draft': { status: 409, title: 'Assessment is completed and can no longer change' },
  'pack-mismatch': { status: 409, title: 'Methodology pack version or hash does not match the server' },
  'concurrent-change': { status: 409, title: 'The resource changed while the request ran; send it again' },
  'precondition-failed': { status: 412, title: 'The precondition does not hold (If-Match, or the snapshotHash of a share): the resource changed since it was read; read it again' },
  'precondition-required': { status: 428, title: 'This change needs If-Match with the ETag last read' },
  'payload-too-large': { status: 413, title: 'Request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Request body must be application/json' },
  'invalid-answer': { status: 422, title: 'Answer does not fit the item' },
  'incomplete-assessment': { status: 422, title: 'Required items are unanswered' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key was already used for a different request' },
  'purpose-required': { status: 400, title: 'A look-up of personal data must state its purpose (bops-purpose header)' },
  'case-exists': { status: 409, title: 'A case with that number already exists' },
  'case-transition-refused': { status: 409, title: 'The case cannot move from its status to the one asked for' },
  'case-closed': { status: 409, title: 'A closed case does not change; reopen it first' },
  'case-has-open-work': { status: 409, title: 'A case with draft assessments or unsettled measures cannot be closed' },
  'duplicate': { status: 409, title: 'An equal entry already exists' },
  'plan-exists': { status: 409, title: 'The assessment already has its protection plan' },
  'assessment-not-completed': { status: 409, title: 'A protection plan answers a completed assessment' },
  'assessment-superseded': { status: 409, title: 'A newer assessment already has the active protection plan' },
  'referral-taken': { status: 409, title: 'Another officer has taken the referral already' },
  'reassessment-date-refused': { status: 422, title: 'A re-assessment date other than the method\'s needs a reason, and cannot be in the past' },
  'plan-closed': { status: 409, title: 'The protection plan is closed (a later plan took over, an officer ended it, or its case was closed); it no longer changes' },
  'person-has-plan': { status: 409, title: 'Another active protection plan of the case protects that person (one active plan per protected person)' },
  'reassessment-not-planned': { status: 409, title: 'The plan has no planned re-assessment to date' },
  'invalid-reference': { status: 422, title: 'A referenced officer, person or assessment does not exist or does not fit' },
  'share-withdrawn': { status: 409, title: 'The share is withdrawn; share again' },
  'review-refused': { status: 409, title: 'Only a completed structured or in-depth assessment with summary judgements is reviewed' },
  'internal': { status: 500, title: 'Internal error' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export interface ProblemIssue {
  code: string;
  path: (string | number)[];
  message: string;
}

export const problemTypeUri = (type: ProblemType) => `urn:bops:problem:${type}`;

export class ProblemError extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail?: string,
    readonly errors?: ProblemIssue[],
  ) {
    super(detail ?? PROBLEM_TYPES[type].title);
    this.name = 'ProblemError';
  }
}

export function sendProblem(res: Response, problem: ProblemError, instance?: string): void {
  const { status, title } = PROBLEM_TYPES[problem.type];
  res
    .status(status)
    .type('application/problem+json')
    .json({
      type: problemTypeUri(problem.type),
      title,
      status,
      ...(problem.detail ? { detail: problem.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(problem.errors?.length ? { errors: problem.errors } : {}),
    });
}

/** The problem a body-parser failure is (malformed JSON, too large, unreadable); undefined for any other error. */
export function bodyProblemOf(err: { type?: unknown; status?: unknown } | null | undefined): ProblemError | undefined {
  if (err?.type === 'entity.parse.failed') return new ProblemError('malformed-json', 'the body could not be parsed as JSON');
  if (err?.type === 'entity.too.large') return new ProblemError('payload-too-large');
  if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') return new ProblemError('unsupported-media-type');
  if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) return new ProblemError('validation', 'the request could not be read');
  return undefined;
}

/** Maps body-parser failures and anything thrown in a route to problem JSON; only a real fault is a 500. */
export function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    let problem: ProblemError;
    const bodyProblem = err instanceof ProblemError ? undefined : bodyProblemOf(err);
    if (err instanceof ProblemError) problem = err;
    else if (bodyProblem) problem = bodyProblem;
    else {
      log.error({ err: { name: err?.name, message: err?.message, stack: err?.stack }, route: req.route?.path, method: req.method }, 'unhandled API error');
      problem = new ProblemError('internal');
    }
    sendProblem(res, problem, req.originalUrl.split('?')[0]);
  };
}
