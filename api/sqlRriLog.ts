// The RRI log on PostgreSQL/PGlite (issue 16, item 1): contacts and outcomes
// of a case, each write under a share lock of its open case and audited in the
// same transaction; the read audited once for the case.
import { appendAudit, type AuditContext } from './auditLog.js';
import { CaseRepositoryError } from './caseRepository.js';
import type { CaseStatus } from './caseDomain.js';
import type { Database, Queryable } from './database.js';
import { NOT_A_THREAT_ACTOR, RRI_THREAT_ACTOR_ROLES, type RriContactKind, type RriOutcome, type RriOutcomeSource } from './rriContract.js';
import type { NewRriContact, NewRriOutcome, RriContactRecord, RriLog, RriLogRecord, RriOutcomeRecord } from './rriLog.js';

interface ContactRow {
  id: string;
  person_id: string | null;
  contacted_on: string;
  kind: RriContactKind;
  accepted: boolean;
  talks_held: number;
  officer_id: string;
  created_by: string;
  created_at: Date;
}
interface OutcomeRow {
  id: string;
  followed_up_on: string;
  outcome: RriOutcome;
  source: RriOutcomeSource;
  created_by: string;
  created_at: Date;
}

const CONTACT_COLUMNS = 'id, person_id, contacted_on::text AS contacted_on, kind, accepted, talks_held, officer_id, created_by, created_at';
const OUTCOME_COLUMNS = 'id, followed_up_on::text AS followed_up_on, outcome, source, created_by, created_at';

const contactOf = (r: ContactRow): RriContactRecord => ({
  id: r.id,
  threatActorId: r.person_id,
  contactedOn: r.contacted_on,
  kind: r.kind,
  accepted: r.accepted,
  talksHeld: Number(r.talks_held),
  officerId: r.officer_id,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
});
const outcomeOf = (r: OutcomeRow): RriOutcomeRecord => ({
  id: r.id,
  followedUpOn: r.followed_up_on,
  outcome: r.outcome,
  source: r.source,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
});

/** Holds the case open until the transaction ends (as the case repository does for its writes), or refuses. */
async function lockOpenCase(tx: Queryable, caseId: string): Promise<void> {
  const { rows } = await tx.query<{ status: CaseStatus }>('SELECT status FROM cases WHERE id = $1 FOR SHARE', [caseId]);
  if (!rows[0]) throw new CaseRepositoryError('not_found', 'no such case');
  if (rows[0].status === 'closed') throw new CaseRepositoryError('case_closed', 'the case is closed; reopen it (status bops) first');
}

export class SqlRriLog implements RriLog {
  constructor(private readonly db: Database) {}

  addContact(caseId: string, contact: NewRriContact, audit: AuditContext): Promise<RriContactRecord> {
    return this.db.transaction(async (tx) => {
      await lockOpenCase(tx, caseId);
      let role: string | null = null;
      if (contact.threatActorId !== null) {
        const { rows } = await tx.query<{ role: string }>('SELECT role FROM case_persons WHERE id = $1 AND case_id = $2', [contact.threatActorId, caseId]);
        role = rows[0]?.role ?? null;
        if (!role || !(RRI_THREAT_ACTOR_ROLES as readonly string[]).includes(role)) {
          throw new CaseRepositoryError('invalid_reference', NOT_A_THREAT_ACTOR);
        }
      }
      const { rows } = await tx.query<ContactRow>(
        `INSERT INTO rri_contacts (case_id, person_id, person_role, contacted_on, kind, accepted, talks_held, officer_id, created_by)
         VALUES ($1, $2, $3, $4::date, $5, $6, $7, $8, $9) RETURNING ${CONTACT_COLUMNS}`,
        [caseId, contact.threatActorId, role, contact.contactedOn, contact.kind, contact.accepted, contact.talksHeld, contact.officerId, audit.actorId],
      );
      const record = contactOf(rows[0]!);
      await appendAudit(tx, audit, 'rri.contact.add', { type: 'rri_contact', id: record.id }, { caseId, kind: record.kind, accepted: record.accepted });
      return record;
    });
  }

  addOutcome(caseId: string, outcome: NewRriOutcome, audit: AuditContext): Promise<RriOutcomeRecord> {
    return this.db.transaction(async (tx) => {
      await lockOpenCase(tx, caseId);
      const { rows } = await tx.query<OutcomeRow>(
        `INSERT INTO rri_outcomes (case_id, followed_up_on, outcome, source, created_by) VALUES ($1, $2::date, $3, $4, $5) RETURNING ${OUTCOME_COLUMNS}`,
        [caseId, outcome.followedUpOn, outcome.outcome, outcome.source, audit.actorId],
      );
      const record = outcomeOf(rows[0]!);
      await appendAudit(tx, audit, 'rri.outcome.add', { type: 'rri_outcome', id: record.id }, { caseId, outcome: record.outcome });
      return record;
    });
  }

  read(caseId: string, includeProtected: boolean, audit: AuditContext): Promise<RriLogRecord> {
    return this.db.transaction(async (tx) => {
      const contacts = await tx.query<ContactRow>(
        `SELECT ${CONTACT_COLUMNS} FROM rri_contacts c WHERE case_id = $1
           AND ($2 OR NOT EXISTS (SELECT 1 FROM case_persons p WHERE p.id = c.person_id AND p.protected_identity))
         ORDER BY contacted_on, created_at, id`,
        [caseId, includeProtected],
      );
      const outcomes = await tx.query<OutcomeRow>(`SELECT ${OUTCOME_COLUMNS} FROM rri_outcomes WHERE case_id = $1 ORDER BY followed_up_on, created_at, id`, [caseId]);
      await appendAudit(tx, audit, 'rri.read', { type: 'case', id: caseId }, { contacts: contacts.rows.length, outcomes: outcomes.rows.length });
      return { contacts: contacts.rows.map(contactOf), outcomes: outcomes.rows.map(outcomeOf) };
    });
  }
}
