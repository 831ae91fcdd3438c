// The 'access.denied' audit row of a refused request, in Postgres (either
// engine), through the one audit writer. Its own transaction: the request was
// refused, so there is no other work for the row to share a transaction with.
// A case named by its number is recorded by its id, and a case that does not
// exist (a refused create) as no entity: the row holds the action tried, the
// policy's reason code and how the client was answered, never personal data.
// An officer refused at authentication tried no action a route had named yet:
// attemptedAction is null, and there is no entity.
import type { AccessDenial } from './accessDenial.js';
import { appendAudit, type AuditContext, type AuditEntity } from './auditLog.js';
import type { Database, Queryable } from './database.js';

async function entityOf(tx: Queryable, target: AccessDenial['target']): Promise<AuditEntity | null> {
  if (target === null) return null;
  if (!('caseNumber' in target)) return target;
  const { rows } = await tx.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [target.caseNumber]);
  return rows[0] ? { type: 'case', id: rows[0].id } : null;
}

export function appendAccessDenied(db: Database, denial: AccessDenial, audit: AuditContext): Promise<void> {
  return db.transaction(async (tx) => {
    await appendAudit(tx, audit, 'access.denied', await entityOf(tx, denial.target), {
      attemptedAction: denial.action,
      reason: denial.code,
      answeredAs: denial.answeredAs,
    });
  });
}
