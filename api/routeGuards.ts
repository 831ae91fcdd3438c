// What every API route does before it touches data: read a part of the request
// through its zod schema (a mismatch is a 400 problem naming each issue),
// insist on a JSON body, and ask the access policy for the officer — a refusal
// is thrown as an AccessDeniedError, which is audited on its way out.
import type { Request } from 'express';
import { z } from 'zod';
import { oneLineText, PERSONAL_NUMBER_SHAPE } from './freeText.js';
import { AccessDeniedError, type DeniedTarget } from './accessDenial.js';
import { decide, type Resource } from './accessPolicy.js';
import type { PolicyAction } from './auditLog.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';

/** Why personal data is consulted, as sent in the purpose header; recorded on the audit row. */
export const purposeSchema = oneLineText(200).refine((purpose) => !PERSONAL_NUMBER_SHAPE.test(purpose), {
  message: 'a purpose says why, never whom: it must not hold a personal identity number',
});

/** The parsed value, or a 'validation' problem whose issue paths start with `where` ('body', 'path', 'query', 'header'). */
export function parseRequestPart<T>(schema: z.ZodType<T, unknown>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError(
    'validation',
    `invalid ${where}`,
    result.error.issues.map((i) => ({ code: i.code, path: [where, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: i.message })),
  );
}

/**
 * A case number about to be stored (a new case's, or an investigation's a share names) must match
 * the configured pattern (CASE_NUMBER_PATTERN); a mismatch is reported at the body field it came in.
 */
export function requireNewCaseNumber(pattern: RegExp, caseNumber: string, field: 'caseNumber' | 'investigationNumber' = 'caseNumber'): void {
  if (!pattern.test(caseNumber)) {
    throw new ProblemError('validation', 'not a case number this service accepts', [{ code: 'case_number_pattern', path: ['body', field], message: `must match ${pattern.source}` }]);
  }
}

export function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new ProblemError('unsupported-media-type');
}

/**
 * Throws 'forbidden' with the policy's reason unless the officer may do this.
 * The refusal is audited as 'access.denied' naming `target`, the entity the
 * request tried to reach, where the route knows it.
 */
export function authorise(caller: Caller, action: PolicyAction, resource: Resource, target: DeniedTarget | null = null): void {
  const decision = decide(caller.officer, action, resource);
  if (!decision.allowed) throw new AccessDeniedError({ action, code: decision.code, target, answeredAs: 'forbidden' }, caller, decision.reason);
}

/** What an officer of another region is told of a case, a person or a plan there: nothing, as if there were none. */
export const NO_SUCH_CASE = 'no case with that number';

/** What an officer of another region is told of an assessment there, named by its id: what a missing one gets. */
export const NO_SUCH_ASSESSMENT = 'no assessment with that id';

/**
 * authorise() for anything within an existing case. An officer of another region, who may not read
 * the case at all, is answered the 404 a missing case gets, so trying case numbers does not tell
 * which exist — audited all the same, so the probing leaves a trace. Roles that never read cases
 * (investigators, analysts, …) are told why with a 403, as are officers who may read the case but
 * not do this. `notFoundDetail`: what a missing one of what the route names gets — the case by
 * default; an assessment by its id is NO_SUCH_ASSESSMENT.
 */
export function authoriseInCase(caller: Caller, action: PolicyAction, resource: Resource, target: DeniedTarget, notFoundDetail: string = NO_SUCH_CASE): void {
  const decision = decide(caller.officer, action, resource);
  if (decision.allowed) return;
  const reading = decide(caller.officer, 'case.read', { region: resource.region });
  const otherRegion = !reading.allowed && reading.code === 'no_role_for_region';
  throw new AccessDeniedError({ action, code: decision.code, target, answeredAs: otherRegion ? 'not-found' : 'forbidden' }, caller, otherRegion ? notFoundDetail : decision.reason);
}

/**
 * authorise() for something whose very existence is need-to-know: a person
 * with protected identity, or a plan or RRI contact about one. When the protection
 * refuses (the policy checks it before membership), the answer is what a missing
 * one gets — a 404 (`notFoundDetail`), or for a person a request body names, the
 * 422 `invalid-reference` of a person who is not there — so a 403 does not confirm
 * the person exists; the refusal is audited all the same, so probing for hidden
 * persons leaves a trace. Any other refusal is a 403.
 */
export function authoriseOrHide(
  caller: Caller,
  action: PolicyAction,
  resource: Resource & { protectedIdentity: boolean },
  target: DeniedTarget,
  notFoundDetail: string,
  answeredAs: 'not-found' | 'invalid-reference' = 'not-found',
): void {
  const decision = decide(caller.officer, action, resource);
  if (decision.allowed) return;
  // The policy names the protection only when it is what refuses (the officer may otherwise work the case).
  // Another region is answered as a missing one of what the route names (a plan, a person by its id),
  // in the same words, or the detail would tell it is there.
  if (decision.code !== 'protected_identity') return authoriseInCase(caller, action, resource, target, answeredAs === 'not-found' ? notFoundDetail : NO_SUCH_CASE);
  throw new AccessDeniedError({ action, code: decision.code, target, answeredAs }, caller, notFoundDetail);
}
