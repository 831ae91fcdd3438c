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

/** The audit row's columns, in the order of auditRowValues(). */
export const AUDIT_ROW_COLUMNS = '(actor_id, via_id, action, entity_type, entity_id, purpose, detail)';

/** Parameters for AUDIT_ROW_COLUMNS, for a statement that appends its audit row itself (one round trip). */
export function auditRowValues(
  audit: AuditContext,
  action: CaseAuditAction | AuditAction,
  entity: { type: CaseAuditEntityType | AuditRow['entityType']; id: string },
  detail: Record<string, unknown> = {},
): unknown[] {
  // jsonb parameters go over as JSON text: pg would render a JS array as a Postgres array literal.
  return [audit.actorId, audit.viaId, action, entity.type, entity.id, audit.purpose, JSON.stringify(detail)];
}

/** Appends one audit row inside the caller's transaction; detail holds non-personal facts only. */
export async function appendAudit(
  tx: Queryable,
  audit: AuditContext,
  action: CaseAuditAction | AuditAction,
  entity: { type: CaseAuditEntityType | AuditRow['entityType']; id: string },
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(`INSERT INTO audit_log ${AUDIT_ROW_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`, auditRowValues(audit, action, entity, detail));
}
