// The audit rows about one entity, in order, for an auditor; reading them
// through the API is itself recorded ('audit.read') after what it returned.
import { appendAudit, type AuditContext, type AuditRow } from './auditLog.js';
import type { Database } from './database.js';

interface AuditLogRow {
  id: string;
  at: Date;
  actor_id: string;
  via_id: string | null;
  action: AuditRow['action'];
  entity_type: AuditRow['entityType'];
  entity_id: string;
  purpose: string;
  detail: Record<string, unknown>;
}

export function auditTrail(db: Database, entityType: AuditRow['entityType'], entityId: string, audit?: AuditContext): Promise<AuditRow[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<AuditLogRow>(
      `SELECT id::text AS id, at, actor_id, via_id, action, entity_type, entity_id, purpose, detail
       FROM audit_log WHERE entity_type = $1 AND entity_id = $2 ORDER BY audit_log.id`,
      [entityType, entityId],
    );
    // The read itself joins the trail after what it returned.
    if (audit) await appendAudit(tx, audit, 'audit.read', { type: entityType, id: entityId }, { rows: rows.length });
    return rows.map(toAuditRow);
  });
}

function toAuditRow(row: AuditLogRow): AuditRow {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    viaId: row.via_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    purpose: row.purpose,
    detail: row.detail,
  };
}
