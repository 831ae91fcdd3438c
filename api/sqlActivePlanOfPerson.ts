// The rule of a case's protection plans, held here and nowhere else: a case
// has at most one active plan per person it protects, "ingen angiven" (no
// person stated) counting as one. A new plan — from a structured or an in-depth
// assessment, an omprövning or not — takes over from the active plan protecting
// the same person (api/sqlPlanCreation.ts); a plan protecting another person
// stands beside it, and every view of a case's plans shows each active one by
// whom it protects. A plan's person changes only to one no other active plan
// of the case protects (api/sqlPlanProtectedPerson.ts). The writers of a
// case's plans take turns under a lock of the case's plans, so two new plans
// for one person cannot both miss each other and stay active; a unique key
// (migration 105) stands behind the lock, and a writer meeting it gets
// 'person_has_plan' (api/sqlCaseConstraints.ts).
import type { Queryable } from './database.js';

/** Holds the case's plans until the transaction ends: call it before reading or locking any plan of the case. */
export async function lockCasePlans(tx: Queryable, caseId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('bops:plans:' || $1::text))`, [caseId]);
}

/**
 * The case's active plans protecting `personId` (null: those stating no one) — at most one, unless
 * written before the rule held — with the completion of the assessment each answers, locked for update.
 * Call it under lockCasePlans.
 */
export async function activePlansOfPerson(tx: Queryable, caseId: string, personId: string | null): Promise<{ id: string; completedAt: Date }[]> {
  const { rows } = await tx.query<{ id: string; completed_at: Date }>(
    `SELECT p.id, a.completed_at FROM protection_plans p JOIN assessments a ON a.id = p.assessment_id
     WHERE p.case_id = $1 AND p.status = 'active' AND p.protected_person_id IS NOT DISTINCT FROM $2::uuid
     ORDER BY p.id FOR UPDATE OF p`,
    [caseId, personId],
  );
  return rows.map((r) => ({ id: r.id, completedAt: new Date(r.completed_at) }));
}
