// Whom a plan's work is about, for the rows and cards that could otherwise not
// be told apart: with two active plans on a case, two "Larmpaket" follow-ups
// read alike. Named by role and number as chat names persons
// (api/personNumbers.ts), among the persons the officer may see, and only when
// the case has more than one active plan the officer may see — with one, a row
// stays as it was. Reads roles, never labels: no person read to audit.
import type { PlanPerson } from './workItem.js';
import { personNumbers } from './personNumbers.js';
import { personRolesOf, personRolesSchema } from './sqlCasePersons.js';

/** What planPersonOf needs, as planPersonColumns selects it. */
export interface PlanPersonRow {
  protected_person_id: string | null;
  active_plans: number;
  /** The case's persons (personRolesOf) when it has several active plans; else null. */
  persons: unknown;
}

/**
 * Columns for planPersonOf, of plan `plan` (a table alias) in case `caseId` (an SQL expression), for an
 * officer `cleared` (an SQL boolean: whether they may see protected persons of the case).
 */
export function planPersonColumns(plan: string, caseId: string, cleared: string): string {
  // The case's active plans the officer may see: one protecting a protected person only with clearance.
  const activePlans = `(SELECT count(*) FROM protection_plans o LEFT JOIN case_persons op ON op.id = o.protected_person_id
    WHERE o.case_id = ${caseId} AND o.status = 'active' AND (${cleared} OR NOT coalesce(op.protected_identity, false)))::int`;
  return `${plan}.protected_person_id, ${activePlans} AS active_plans, CASE WHEN ${activePlans} > 1 THEN ${personRolesOf(caseId, cleared)} END AS persons`;
}

/** `protects` for the row's item: absent with one active plan, null when the plan names no one. */
export function planPersonOf(row: PlanPersonRow): { protects?: PlanPerson } {
  if (row.active_plans < 2) return {};
  const person = personNumbers(personRolesSchema.parse(row.persons ?? [])).find((p) => p.id === row.protected_person_id);
  return { protects: person ? { role: person.role, number: person.number, protectedIdentity: person.protectedIdentity } : null };
}
