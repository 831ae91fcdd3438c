// The audit log's vocabulary and its one writer: every action the API knows
// (what an audit row records, what the access policy decides, most of them
// both), who did it and why (AuditContext), what it was about, and the row
// itself. Assessments, the case domain, refused requests, the retention job
// and officer administration all write through here, so the shape of a row
// changes in one place. The hash chain (migration 002) is filled by a trigger
// on every insert, which serialises audited transactions: hence the lock
// order at appendAudit. Rows name who, via what, why and which entity — never
// the personal data.
import type { Queryable } from './database.js';

/**
 * Every action, once. `audited`: an audit row records it (the table audit_actions holds exactly these,
 * audit_log refers to it — migration 010; a migration adding an action inserts it there, and
 * api/sqlCaseRepository.spec.ts compares the two). `decided`: the access
 * policy decides it (api/accessPolicy.ts), and an 'access.denied' row names it when it is refused.
 * A policy action without a row of its own is recorded under the actions it permits ('plan.write' as
 * 'plan.create', 'measure.add', 'measure.update'), or consults nothing personal ('statistics.read').
 */
const ACTIONS = {
  'assessment.create': { audited: true, decided: true },
  'assessment.answer': { audited: true, decided: true },
  'assessment.complete': { audited: true, decided: true },
  'assessment.discard': { audited: true, decided: true },
  'assessment.version_choice': { audited: true, decided: true },
  'assessment.read': { audited: true, decided: true },
  'case.assessments.list': { audited: true, decided: true },
  'audit.read': { audited: true, decided: true },
  'case.create': { audited: true, decided: true },
  'case.read': { audited: true, decided: true },
  'case.assign': { audited: true, decided: true },
  'case.update': { audited: true, decided: true },
  'case.break_glass': { audited: true, decided: true },
  'person.add': { audited: true, decided: true },
  'person.read': { audited: true, decided: true },
  'plan.write': { audited: false, decided: true },
  'plan.create': { audited: true, decided: false },
  'plan.read': { audited: true, decided: true },
  'measure.add': { audited: true, decided: false },
  'measure.update': { audited: true, decided: false },
  'statistics.read': { audited: false, decided: true },
  'retention.erase': { audited: true, decided: false },
  'access.denied': { audited: true, decided: false },
  'officer.provision': { audited: true, decided: false },
  'officer.deactivate': { audited: true, decided: false },
  // Issue 12 (work list): one row per case shown on a page of the officer's work list.
  'worklist.read': { audited: true, decided: true },
  // Issue 19 (case-file document): one row per document produced; access is decided as 'assessment.read'.
  'assessment.document': { audited: true, decided: false },
  // Issue 12 (reminders): one row per reminder delivered to an officer — an audited read of what it shows; no policy decides it, the job sends it.
  'reminder.deliver': { audited: true, decided: false },
  // Issue 12 (conversation references, referrals): the bot's stored chat of an officer saved (entity: the officer).
  // Decided as any officer's own (the policy allows it); the route lets only the bot's own credential make it.
  'conversation_reference.save': { audited: true, decided: true },
  // A referral to Bops made by a completed initial assessment (entity: the case); each proactive card about
  // it is an audited read of what it shows, by the officer it is shown to; taking it assigns the taker.
  'referral.create': { audited: true, decided: false },
  'referral.notice': { audited: true, decided: false },
  'referral.take': { audited: true, decided: false },
  // Issue 14 (own re-assessment date): the officer dates the plan's re-assessment; access is decided as 'plan.write'.
  'reassessment.date': { audited: true, decided: false },
  // Issue 12, item 8: the person an active plan protects, set or changed; access is decided as 'plan.write'.
  'plan.protected_person': { audited: true, decided: false },
  // A plan closed because another active plan of the case protects the same person (entity: the plan; migration 105,
  // which resolved the pairs written before that rule held). A plan a new one takes over is recorded with 'plan.create'.
  'plan.close': { audited: true, decided: false },
  // Issue 16 (RRI log, figures): contacts and outcomes are written under 'rri.write' and read as 'rri.read';
  // the figures hold no personal data (aggregates with small cells suppressed), so reading them is decided, not audited.
  'rri.write': { audited: false, decided: true },
  'rri.contact.add': { audited: true, decided: false },
  'rri.outcome.add': { audited: true, decided: false },
  'rri.read': { audited: true, decided: true },
  'figures.read': { audited: false, decided: true },
  // Issue 15 (sharing with an investigation): one row per share, refresh, withdrawal, and share shown to its recipient.
  'share.create': { audited: true, decided: true },
  'share.refresh': { audited: true, decided: true },
  'share.withdraw': { audited: true, decided: true },
  'share.read': { audited: true, decided: true },
  // The case's shares listed for the Bops officers who may read the case's Bops work (entity: the case; migration 090).
  'share.list': { audited: true, decided: true },
  // Issue 15 (second look): one row per review, about the review (its detail names the assessment).
  'assessment.review': { audited: true, decided: true },
  // What a blind reviewer reads before grading (answers without the judgements); access is decided as 'assessment.review'.
  'assessment.review_basis': { audited: true, decided: false },
  // Issue 15 (notices): a proactive card telling an investigator of a share (entity: the share), and telling the
  // officer who made an assessment of its review (entity: the review) — an audited read of what the card shows.
  'share.notice': { audited: true, decided: false },
  'review.notice': { audited: true, decided: false },
  // The reason a blind reviewer gives, after seeing the original, for grading otherwise (entity: the review; 100).
  // Access is decided as 'assessment.review', and only the review's own reviewer gives it.
  'review.reason': { audited: true, decided: false },
  // Issue 19, item 5: a link to the document's PDF, valid for minutes, issued for the officer's personal chat.
  'assessment.document_link': { audited: true, decided: false },
  // Issue 18: a proactive card telling a case's officers that a colleague broke glass (entity: the case) — who and when, never the person.
  'break_glass.notice': { audited: true, decided: false },
  // Issue 12, item 6: a proactive card telling the officer who escalated a case that a specialist took it, or that
  // its in-depth assessment is completed (entity: the case; migration 103) — never which specialist.
  'escalation.notice': { audited: true, decided: false },
} as const satisfies Record<string, { audited: boolean; decided: boolean }>;

type ActionName = keyof typeof ACTIONS;
type ActionsWhere<Flag extends 'audited' | 'decided'> = { [A in ActionName]: (typeof ACTIONS)[A][Flag] extends true ? A : never }[ActionName];

/** What an audit row records. */
export type AuditAction = ActionsWhere<'audited'>;
/** What the access policy decides: what an officer tries. */
export type PolicyAction = ActionsWhere<'decided'>;

/** Every audited action, in the table's order. */
export const AUDIT_ACTIONS = (Object.keys(ACTIONS) as ActionName[]).filter((a): a is AuditAction => ACTIONS[a].audited);

/** What a row can be about (the table audit_entity_types holds the same, migration 010). */
export const AUDIT_ENTITY_TYPES = ['assessment', 'case', 'person', 'plan', 'measure', 'officer', 'rri_contact', 'rri_outcome', 'share', 'review'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
/** What a case holds, itself included: every entity but an officer. */
export type CaseEntityType = Exclude<AuditEntityType, 'officer'>;

/** Who does something and why; recorded on the audit row, never personal data itself. */
export interface AuditContext {
  /** The officer the action is done for (Entra object id or dev id); a system actor for jobs and administration. */
  actorId: string;
  /** The client that carried the request, e.g. the bot's service identity; null when the officer called directly. */
  viaId: string | null;
  purpose: string;
}

/** What a row is about. Only an 'access.denied' row may name none (the database refuses it for any other). */
export interface AuditEntity {
  type: AuditEntityType;
  id: string;
}

/** One row as read back: an entity's trail holds refused attempts ('access.denied') beside what was done with it. */
export interface AuditRow {
  id: string;
  at: Date;
  actorId: string;
  viaId: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  purpose: string;
  /** Non-personal facts of the event, e.g. { itemId } for an answer. */
  detail: Record<string, unknown>;
}

/** The audit row's columns, in the order of auditRowValues(). */
export const AUDIT_ROW_COLUMNS = '(actor_id, via_id, action, entity_type, entity_id, purpose, detail)';

/** Parameters for AUDIT_ROW_COLUMNS, for a statement that appends its audit row itself (one round trip). */
export function auditRowValues(audit: AuditContext, action: AuditAction, entity: AuditEntity | null, detail: Record<string, unknown> = {}): unknown[] {
  // jsonb parameters go over as JSON text: pg would render a JS array as a Postgres array literal.
  return [audit.actorId, audit.viaId, action, entity?.type ?? null, entity?.id ?? null, audit.purpose, JSON.stringify(detail)];
}

/**
 * Appends one audit row inside the caller's transaction; detail holds non-personal facts only.
 *
 * Lock order: the chain's trigger (migration 002) locks the one chain-head row at a transaction's first
 * audit row and holds it until commit, so every audited writer queues there. Lock every other row the
 * transaction needs BEFORE its first audit row — an UPDATE or DELETE, a SELECT … FOR UPDATE/SHARE, an
 * INSERT whose foreign key locks the row it names (KEY SHARE: a notice_outbox row its case, a referral
 * its case), a write a case's figures follow (migration 074 marks the case in figure_facts_pending, a row
 * the case's other such writers wait for); after it, touch only rows the transaction created or already
 * holds. A transaction holding the head and then waiting for a row deadlocks (40P01) with one holding that
 * row and appending its own.
 */
export async function appendAudit(tx: Queryable, audit: AuditContext, action: AuditAction, entity: AuditEntity | null, detail: Record<string, unknown> = {}): Promise<void> {
  await tx.query(`INSERT INTO audit_log ${AUDIT_ROW_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)`, auditRowValues(audit, action, entity, detail));
}
