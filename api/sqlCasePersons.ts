// The persons of a case, each by a pseudonymous label and a role; a person
// with protected identity is left out of a list unless the caller may see
// them. Every person consulted leaves its own audit row.
import { z } from 'zod';
import { appendAudit, type AuditContext } from './auditLog.js';
import { PERSON_ROLES, type PersonRole } from './caseDomain.js';
import { CaseRepositoryError, type NewPerson, type PersonRecord, type PersonRoleRecord } from './caseRepository.js';
import type { Database, Queryable } from './database.js';
import { translateConstraints } from './sqlCaseConstraints.js';
import { bumpCaseVersion } from './sqlCaseVersionBump.js';
import { lockOpenCase } from './sqlOpenCaseLock.js';
import { UUID_PATTERN } from './uuidPattern.js';

interface PersonRow {
  id: string;
  case_id: string;
  role: PersonRole;
  label: string;
  protected_identity: boolean;
  created_by: string;
  created_at: Date;
}

const PERSON_COLUMNS = 'id, case_id, role, label, protected_identity, created_by, created_at';

/** The case's order of its persons, for `case_persons` under alias `p`: the order they were recorded, which numbers them (api/personNumbers.ts). */
const caseOrder = (p: string) => `${p}.created_at, ${p}.id`;

const toPerson = (r: PersonRow): PersonRecord => ({
  id: r.id,
  caseId: r.case_id,
  role: r.role,
  label: r.label,
  protectedIdentity: r.protected_identity,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export function addPerson(db: Database, caseId: string, person: NewPerson, audit: AuditContext): Promise<PersonRecord> {
  return translateConstraints(() =>
    db.transaction(async (tx) => {
      // Recording a protected person may clear the recorder (below): two such recordings wait for each other.
      if (person.protectedIdentity) await tx.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      await lockOpenCase(tx, 'case', caseId);
      const { rows } = await tx.query<PersonRow>(
        `INSERT INTO case_persons (case_id, role, label, protected_identity, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING ${PERSON_COLUMNS}`,
        [caseId, person.role, person.label, person.protectedIdentity, audit.actorId],
      );
      const record = toPerson(rows[0]!);
      // The officer who records a case's first protected person knows of them, and of no other: they
      // are cleared ('recorded'). Recording one where others exist clears no one, or recording a
      // made-up person would open the real ones.
      const cleared = person.protectedIdentity
        ? await tx.query(
            `UPDATE case_assignments SET protected_access = 'recorded', protected_access_at = now()
             WHERE case_id = $1 AND officer_id = $2 AND protected_access = 'none'
               AND NOT EXISTS (SELECT 1 FROM case_persons WHERE case_id = $1 AND protected_identity AND id <> $3)`,
            [caseId, audit.actorId, record.id],
          )
        : { rowCount: 0 };
      if (cleared.rowCount) await bumpCaseVersion(tx, caseId);
      // Role and flag only: the label is the person's handle in this case and stays in its table.
      await appendAudit(tx, audit, 'person.add', { type: 'person', id: record.id }, {
        caseId,
        role: person.role,
        protectedIdentity: person.protectedIdentity,
        ...(cleared.rowCount ? { opensProtected: true } : {}),
      });
      return record;
    }),
  );
}

export function listPersons(db: Database, caseId: string, includeProtected: boolean, audit: AuditContext): Promise<PersonRecord[]> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<PersonRow>(
      `SELECT ${PERSON_COLUMNS} FROM case_persons p WHERE case_id = $1 AND ($2 OR NOT protected_identity) ORDER BY ${caseOrder('p')}`,
      [caseId, includeProtected],
    );
    // One row per person consulted, so a later check can answer "who looked at this person, and why".
    for (const row of rows) await appendAudit(tx, audit, 'person.read', { type: 'person', id: row.id }, { caseId });
    return rows.map(toPerson);
  });
}

export async function personAccessFacts(db: Database, personId: string): Promise<{ caseId: string; caseNumber: string; protectedIdentity: boolean } | undefined> {
  if (!UUID_PATTERN.test(personId)) return undefined;
  const { rows } = await db.query<{ case_id: string; case_number: string; protected_identity: boolean }>(
    'SELECT p.case_id, c.case_number, p.protected_identity FROM case_persons p JOIN cases c ON c.id = p.case_id WHERE p.id = $1',
    [personId],
  );
  const row = rows[0];
  return row ? { caseId: row.case_id, caseNumber: row.case_number, protectedIdentity: row.protected_identity } : undefined;
}

export function getPerson(db: Database, personId: string, audit: AuditContext): Promise<PersonRecord> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<PersonRow>(`SELECT ${PERSON_COLUMNS} FROM case_persons WHERE id = $1`, [personId]);
    if (!rows[0]) throw new CaseRepositoryError('not_found', `person ${personId} does not exist`);
    await appendAudit(tx, audit, 'person.read', { type: 'person', id: personId }, { caseId: rows[0].case_id });
    return toPerson(rows[0]);
  });
}

/**
 * A scalar subquery: the persons of case `caseId` (an SQL expression) as a JSON array of id, role,
 * protected flag and when they were recorded, in the case's order — the order listPersons gives —
 * those with protected identity only when `includeProtected` (an SQL boolean expression). No label
 * is read, so reading it is no read of a person to audit. Parse it with personRolesSchema.
 */
export const personRolesOf = (caseId: string, includeProtected: string) =>
  `(SELECT coalesce(json_agg(json_build_object('id', o.id, 'role', o.role, 'protectedIdentity', o.protected_identity, 'recordedAt', o.created_at) ORDER BY ${caseOrder('o')}), '[]'::json)
    FROM case_persons o WHERE o.case_id = ${caseId} AND (${includeProtected} OR NOT o.protected_identity))`;

export const personRolesSchema = z.array(z.object({ id: z.uuid(), role: z.enum(PERSON_ROLES), protectedIdentity: z.boolean(), recordedAt: z.coerce.date() }));

/** The case's persons by role and protected flag, in the case's order (personRolesOf); not audited. */
export async function personRoles(q: Queryable, caseId: string, includeProtected: boolean): Promise<PersonRoleRecord[]> {
  const { rows } = await q.query<{ persons: unknown }>(`SELECT ${personRolesOf('$1::uuid', '$2::boolean')} AS persons`, [caseId, includeProtected]);
  return personRolesSchema.parse(rows[0]?.persons ?? []);
}
