// A refused request as data. Directive 2016/680 art. 25 and the police data
// law ask that attempts to reach personal data are logged, not only accesses:
// a refusal names what the officer tried (the policy's action), why it was
// refused (a code of the policy's fixed vocabulary, never text about a
// person), which entity it concerned where known, and how the client was
// answered — 403, or 404 where even existence is need-to-know. Routes throw it
// through api/routeGuards.ts; api/accessDenialAudit.ts writes the audit row at
// the edge, in a transaction of its own, because the request itself fails.
// Authentication throws one too, for a validly signed token (or the bot)
// naming an officer the API does not know (api/authentication.ts).
import type { DenialCode } from './accessPolicy.js';
import type { AuditContext, CaseEntityType, PolicyAction } from './auditLog.js';
import type { Caller, Officer } from './principal.js';
import { ProblemError } from './problem.js';

/**
 * What a refused request tried to reach: an entity by its id, or a case by
 * its number, which the log resolves to the case's id (a case number is never
 * logged) — or to no entity when no such case exists.
 */
export type DeniedTarget = { type: CaseEntityType; id: string } | { type: 'case'; caseNumber: string };

export interface AccessDenial {
  /** The policy's action tried; null when the request was refused before a route named one (an officer the API does not know). */
  action: PolicyAction | null;
  code: DenialCode;
  /** null when the request reached nothing with an id (the national statistics, an unknown officer). */
  target: DeniedTarget | null;
  /**
   * The problem type answered: 'not-found' when a 403 would confirm that a hidden (protected) person
   * or plan exists, 'invalid-reference' when a request names a hidden person (answered as one not of
   * the case), 'unknown-officer' when the officer is not provisioned or is deactivated.
   */
  answeredAs: 'forbidden' | 'not-found' | 'invalid-reference' | 'unknown-officer';
}

/**
 * Who was refused, as the audit row names them: the officer the request named
 * (a provisioned one, or an id the API does not know) and the client that carried it.
 */
export interface DeniedCaller extends Pick<Caller, 'viaId'> {
  officer: Pick<Officer, 'id'>;
}

/** The problem a refused request is answered with, carrying the refusal for the audit row. */
export class AccessDeniedError extends ProblemError {
  constructor(
    readonly denial: AccessDenial,
    readonly caller: DeniedCaller,
    detail: string,
  ) {
    super(denial.answeredAs, detail);
    this.name = 'AccessDeniedError';
  }
}

/** Where refusals are recorded: one 'access.denied' audit row each, committed on its own. */
export interface AccessDenialLog {
  recordDenial(denial: AccessDenial, audit: AuditContext): Promise<void>;
}
