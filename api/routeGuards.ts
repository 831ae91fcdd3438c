// What every API route does before it touches data: read a part of the request
// through its zod schema (a mismatch is a 400 problem naming each issue),
// insist on a JSON body, and ask the access policy for the officer.
import type { Request } from 'express';
import { z } from 'zod';
import { decide, type Action, type Resource } from './accessPolicy.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';

/** Why personal data is consulted, as sent in the purpose header; recorded on the audit row. */
export const purposeSchema = z.string().trim().min(1).max(200);

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

export function requireJson(req: Request): void {
  if (!req.is('application/json')) throw new ProblemError('unsupported-media-type');
}

/** Throws 'forbidden' with the policy's reason unless the officer may do this. */
export function authorise(caller: Caller, action: Action, resource: Resource): void {
  const decision = decide(caller.officer, action, resource);
  if (!decision.allowed) throw new ProblemError('forbidden', decision.reason);
}
