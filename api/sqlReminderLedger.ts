// The reminders' ledger on PostgreSQL/PGlite (migration 055): what is due is
// read from the plans themselves — a planned re-assessment's due date, a
// running measure's follow-up date or a contact ban's expiry, whichever comes
// first (as the work list reads them, api/sqlWorkList.ts) — and each reminder
// is claimed once by its unique key, with its recipients fixed in the same
// transaction. Deliveries are then claimed one at a time with
// FOR UPDATE SKIP LOCKED under a lease, so several instances share the work
// and none sends what another has; the outcome is recorded only by the holder
// of the current claim (its attempt number), with a 'reminder.deliver' audit
// row for every reminder an officer was shown.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database, Queryable } from './database.js';
import type { DueReminder, RecipientReason, ReminderKind, ReminderOutcome, ReminderSubject } from './reminderDelivery.js';
import {
  DELIVERY_LEASE_MS,
  dueRecipients,
  MAX_DELIVERY_ATTEMPTS,
  overdueRecipients,
  overdueThrough,
  remindThrough,
  retryAt,
  type Recipient,
  type ReminderSettings,
  type ResponsibleOfficer,
} from './reminderSchedule.js';

/** Who the audit log names as carrying a reminder to the officer it shows it to. */
export const REMINDER_VIA = 'system:reminders';
const REMINDER_PURPOSE = 'påminnelse';

/** Due work of one subject on or before $1 (an ISO date): its entity, due date, case, plan, measure and the measure's responsible party. */
const DUE_WORK: Record<ReminderSubject, string> = {
  reassessment: `SELECT r.id AS entity_id, r.due_on, r.case_id, r.plan_id, NULL::uuid AS measure_id, NULL::text AS responsible
    FROM reassessments r JOIN cases c ON c.id = r.case_id
    WHERE r.status = 'planned' AND c.status <> 'closed' AND r.due_on <= $1::date`,
  measure_follow_up: `SELECT m.id AS entity_id, least(m.follow_up_on, m.expires_on) AS due_on, p.case_id, p.id AS plan_id, m.id AS measure_id, m.responsible
    FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id
    WHERE m.status IN ('proposed', 'decided', 'in_progress') AND p.status = 'active' AND c.status <> 'closed'
      AND least(m.follow_up_on, m.expires_on) <= $1::date`,
};

/** The reminder kind of due work on its due day. */
const DUE_KIND: Record<ReminderSubject, ReminderKind> = { reassessment: 'reassessment_due', measure_follow_up: 'measure_follow_up_due' };

interface PlannedRow {
  id: string;
  case_id: string;
  responsible: string | null;
}

interface ClaimedRow {
  id: string;
  attempts: number;
  recipient_id: string;
  reason: RecipientReason;
  kind: ReminderKind;
  about: ReminderSubject;
  due_on: string;
  case_id: string;
  case_number: string;
  plan_id: string;
  measure_id: string | null;
}

/** What one planning pass found: reminders newly claimed and the deliveries they made. */
export interface PlanReport {
  reminders: number;
  deliveries: number;
}

export class SqlReminderLedger {
  constructor(private readonly db: Database) {}

  /**
   * Claims every reminder due at `now` that no instance has claimed yet — due-day reminders through
   * remindThrough(), overdue notices through overdueThrough() — and fixes their recipients, in one
   * transaction: a concurrent instance's INSERT of the same key waits for it and then finds it taken.
   */
  async planDue(now: Date, settings: Pick<ReminderSettings, 'hour' | 'overdueDays'>): Promise<PlanReport> {
    const report: PlanReport = { reminders: 0, deliveries: 0 };
    const passes: { kind: ReminderKind; about: ReminderSubject; through: string }[] = [
      { kind: DUE_KIND.reassessment, about: 'reassessment', through: remindThrough(now, settings.hour) },
      { kind: DUE_KIND.measure_follow_up, about: 'measure_follow_up', through: remindThrough(now, settings.hour) },
      { kind: 'overdue_notice', about: 'reassessment', through: overdueThrough(now, settings) },
      { kind: 'overdue_notice', about: 'measure_follow_up', through: overdueThrough(now, settings) },
    ];
    await this.db.transaction(async (tx) => {
      for (const pass of passes) {
        const { rows } = await tx.query<PlannedRow>(
          `INSERT INTO reminders (kind, about, entity_id, due_on, case_id, plan_id, measure_id)
           SELECT $2, $3, d.entity_id, d.due_on, d.case_id, d.plan_id, d.measure_id FROM (${DUE_WORK[pass.about]}) d
           WHERE NOT EXISTS (SELECT 1 FROM reminders x WHERE x.kind = $2 AND x.about = $3 AND x.entity_id = d.entity_id AND x.due_on = d.due_on)
           ON CONFLICT (kind, about, entity_id, due_on) DO NOTHING
           RETURNING id, case_id, (SELECT m2.responsible FROM protection_measures m2 WHERE m2.id = reminders.measure_id) AS responsible`,
          [pass.through, pass.kind, pass.about],
        );
        for (const row of rows) {
          const regionBops = await this.regionBopsOfficers(tx, row.case_id);
          const recipients = pass.kind === 'overdue_notice' ? overdueRecipients(regionBops) : dueRecipients(await this.responsibleOfficers(tx, row), regionBops);
          for (const recipient of recipients) await this.addDelivery(tx, row.id, recipient, now);
          report.reminders += 1;
          report.deliveries += recipients.length;
        }
      }
    });
    return report;
  }

  /** A measure's responsible officer when it names one, else (and for a re-assessment) the case's assigned officers. */
  private async responsibleOfficers(tx: Queryable, row: PlannedRow): Promise<ResponsibleOfficer[]> {
    if (row.responsible !== null) {
      const named = await tx.query<ResponsibleOfficer>('SELECT id, active FROM officers WHERE id = $1', [row.responsible]);
      if (named.rows.length > 0) return named.rows;
    }
    const { rows } = await tx.query<ResponsibleOfficer>(
      'SELECT o.id, o.active FROM case_assignments ca JOIN officers o ON o.id = ca.officer_id WHERE ca.case_id = $1 ORDER BY o.id',
      [row.case_id],
    );
    return rows;
  }

  private async regionBopsOfficers(tx: Queryable, caseId: string): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT o.id FROM officers o JOIN cases c ON c.region = o.region
       WHERE c.id = $1 AND o.active AND 'bops_officer' = ANY (o.roles) ORDER BY o.id`,
      [caseId],
    );
    return rows.map((r) => r.id);
  }

  private async addDelivery(tx: Queryable, reminderId: string, recipient: Recipient, now: Date): Promise<void> {
    await tx.query('INSERT INTO reminder_deliveries (reminder_id, recipient_id, reason, next_attempt_at) VALUES ($1, $2, $3, $4)', [reminderId, recipient.id, recipient.reason, now]);
  }

  /**
   * Claims the next delivery that is due at `now` — pending and past its pause, or sending under a
   * lease that ran out — for DELIVERY_LEASE_MS; undefined when there is none. Rows another instance
   * holds locked are skipped, never waited for.
   */
  async claimNext(now: Date): Promise<DueReminder | undefined> {
    const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS);
    const { rows } = await this.db.query<ClaimedRow>(
      `WITH claimed AS (
         UPDATE reminder_deliveries SET state = 'sending', attempts = attempts + 1, next_attempt_at = $2
         WHERE id = (SELECT id FROM reminder_deliveries
                     WHERE state IN ('pending', 'sending') AND next_attempt_at <= $1
                     ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id, attempts, recipient_id, reason, reminder_id)
       SELECT k.id, k.attempts, k.recipient_id, k.reason, r.kind, r.about, r.due_on::text AS due_on, r.case_id, c.case_number, r.plan_id, r.measure_id
       FROM claimed k JOIN reminders r ON r.id = k.reminder_id JOIN cases c ON c.id = r.case_id`,
      [now, leaseUntil],
    );
    const row = rows[0];
    if (!row) return undefined;
    return {
      deliveryId: row.id,
      kind: row.kind,
      about: row.about,
      caseId: row.case_id,
      caseNumber: row.case_number,
      dueOn: row.due_on,
      recipientOfficerId: row.recipient_id,
      reason: row.reason,
      planId: row.plan_id,
      measureId: row.measure_id,
      attempt: Number(row.attempts),
    };
  }

  /**
   * Records how a claimed delivery went: an outcome is final (a 'sent' one audited as the
   * recipient's read of the case); 'failed' puts it back for a later attempt, or gives it up after
   * MAX_DELIVERY_ATTEMPTS. False when the claim was no longer this attempt's (its lease ran out
   * and another instance took it over): nothing is changed then.
   */
  async record(reminder: DueReminder, outcome: ReminderOutcome | 'failed', now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const giveUp = outcome === 'failed' && reminder.attempt >= MAX_DELIVERY_ATTEMPTS;
      const final = outcome !== 'failed' || giveUp;
      const { rowCount } = await tx.query(
        `UPDATE reminder_deliveries SET state = $3, next_attempt_at = $4, finished_at = $5
         WHERE id = $1 AND state = 'sending' AND attempts = $2`,
        [reminder.deliveryId, reminder.attempt, final ? outcome : 'pending', final ? now : retryAt(now, reminder.attempt), final ? now : null],
      );
      if (rowCount !== 1) return false;
      if (outcome === 'sent') {
        const audit: AuditContext = { actorId: reminder.recipientOfficerId, viaId: REMINDER_VIA, purpose: REMINDER_PURPOSE };
        await appendAudit(tx, audit, 'reminder.deliver', { type: 'case', id: reminder.caseId }, {
          deliveryId: reminder.deliveryId,
          kind: reminder.kind,
          about: reminder.about,
          dueOn: reminder.dueOn,
          reason: reminder.reason,
          ...(reminder.measureId ? { measureId: reminder.measureId } : { planId: reminder.planId }),
        });
      }
      return true;
    });
  }

  /** Deliveries still to go (pending or being sent): the queue's depth. */
  async openDeliveries(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE state IN ('pending', 'sending')`);
    return Number(rows[0]?.n ?? 0);
  }
}
