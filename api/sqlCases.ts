// Creating a case and reading it: the create and every read of the case
// itself leave their audit row in the same transaction; the access facts the
// policy decides on are read without one.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { CaseAccessFacts, CaseRecord, NewCase } from './caseRepository.js';
import type { Database } from './database.js';
import { findCaseByNumber, readCase } from './sqlCaseRecord.js';
import { translateConstraints } from './sqlCaseConstraints.js';

export function createCase(db: Database, input: NewCase, audit: AuditContext): Promise<CaseRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'INSERT INTO cases (case_number, region, violence_type, created_by) VALUES ($1, $2, $3, $4) RETURNING id',
        [input.caseNumber, input.region, input.violenceType, input.createdBy],
      );
      const id = rows[0]!.id;
      await appendAudit(tx, audit, 'case.create', { type: 'case', id }, { region: input.region, violenceType: input.violenceType });
      return readCase(tx, id);
    }),
  );
}

export async function caseAccessFacts(db: Database, caseNumber: string): Promise<CaseAccessFacts | undefined> {
  const record = await findCaseByNumber(db, caseNumber);
  if (!record) return undefined;
  const { id, region, assignedOfficerIds, protectedAccess } = record;
  return { id, caseNumber: record.caseNumber, region, assignedOfficerIds, clearedOfficerIds: protectedAccess.map((a) => a.officerId) };
}

export function getCase(db: Database, caseId: string, audit: AuditContext): Promise<CaseRecord> {
  return db.transaction(async (tx) => {
    const record = await readCase(tx, caseId);
    await appendAudit(tx, audit, 'case.read', { type: 'case', id: caseId });
    return record;
  });
}
