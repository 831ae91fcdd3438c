// The one place where audit rows are written — for assessments, the case
// domain (cases, persons, plans, measures) and the retention job — so their
// shape can change in one place.
// The hash chain (migration 002) is filled by a trigger on every insert, so
// these rows join the chain like the assessment rows do.
// Rows name who, via what, why and which entity — never the personal data.
import type { AuditAction, AuditContext, AuditRow } from './assessmentRepository.js';
import type { Queryable } from './database.js';

export type CaseAuditAction =
  | 'case.create'
  | 'case.read'
  | 'case.assign'
  | 'person.add'
  | 'person.read'
  | 'plan.create'
  | 'plan.read'
  | 'measure.add'
  | 'measure.update'
  | 'retention.erase';

export type CaseAuditEntityType = 'case' | 'person' | 'plan' | 'measure' | 'assessment';

/** Appends one audit row inside the caller's transaction; detail holds non-personal facts only. */
export async function appendAudit(
  tx: Queryable,
  audit: AuditContext,
  action: CaseAuditAction | AuditAction,
  entity: { type: CaseAuditEntityType | AuditRow['entityType']; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_id, via_id, action, entity_type, entity_id, purpose, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`,
    // jsonb parameters go over as JSON text: pg would render a JS array as a Postgres array literal.
    [audit.actorId, audit.viaId, action, entity.type, entity.id, audit.purpose, JSON.stringify(detail)],
  );
}
