// The one place where audit rows are written — for assessments, the case
// domain (cases, persons, plans, measures), the retention job, refused
// requests and officer administration — so their shape can change in one place.
// The hash chain (migration 002) is filled by a trigger on every insert, so
// these rows join the chain like the assessment rows do.
// Rows name who, via what, why and which entity — never the personal data.
import type { AuditAction, AuditContext, AuditRow } from './assessmentRepository.js';
import type { Queryable } from './database.js';

export type CaseAuditAction =
  | 'case.create'
  | 'case.read'
  | 'case.assign'
  | 'case.update'
  | 'person.add'
  | 'person.read'
  | 'plan.create'
  | 'plan.read'
  | 'measure.add'
  | 'measure.update'
  | 'retention.erase';

export type CaseAuditEntityType = 'case' | 'person' | 'plan' | 'measure' | 'assessment';

/** A refused request (api/accessDenial.ts), and an administrator provisioning or deactivating an officer. */
export type AccessAuditAction = 'access.denied' | 'officer.provision' | 'officer.deactivate';

/** Every action an audit row records; the CHECK on audit_log.action (migration 005) lists the same. */
export type AuditLogAction = AuditAction | CaseAuditAction | AccessAuditAction;

/** What a row is about. Only an 'access.denied' row may name none (the database refuses it for any other). */
export interface AuditEntity {
  type: CaseAuditEntityType | AuditRow['entityType'] | 'officer';
  id: string;
}

/** The audit row's columns, in the order of auditRowValues(). */
export const AUDIT_ROW_COLUMNS = '(actor_id, via_id, action, entity_type, entity_id, purpose, detail)';

/** Parameters for AUDIT_ROW_COLUMNS, for a statement that appends its audit row itself (one round trip). */
export function auditRowValues(
  audit: AuditContext,
  action: AuditLogAction,
  entity: AuditEntity | null,
  detail: Record<string, unknown> = {},
): unknown[] {
  // jsonb parameters go over as JSON text: pg would render a JS array as a Postgres array literal.
  return [audit.actorId, audit.viaId, action, entity?.type ?? null, entity?.id ?? null, audit.purpose, JSON.stringify(detail)];
}

/** Appends one audit row inside the caller's transaction; detail holds non-personal facts only. */
export async function appendAudit(
  tx: Queryable,
  audit: AuditContext,
  action: AuditLogAction,
  entity: AuditEntity | null,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.query(`INSERT INTO audit_log ${AUDIT_ROW_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`, auditRowValues(audit, action, entity, detail));
}
