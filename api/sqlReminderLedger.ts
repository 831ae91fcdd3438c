// The reminders' ledger on PostgreSQL/PGlite (migration 055): what is due is
// read from the plans themselves — a planned re-assessment's due date, a
// running measure's follow-up date or a contact ban's expiry, whichever comes
// first (as the work list reads them, api/sqlWorkList.ts), until the measure is
// followed up: settled, given a new date, or its status changed on the due day
// or later (one fragment for both: api/measureAwaitingFollowUp.ts) — and each reminder
// is claimed once by its unique key, with its recipients fixed in the same
// transaction — only officers the access policy lets read the plan the
// reminder is about ('plan.read': the region's Bops officers, a protected
// person's plan only with clearance). Deliveries are then claimed one at a time with
// FOR UPDATE SKIP LOCKED under a lease, so several instances share the work
// and none sends what another has; the outcome is recorded only by the holder
// of the current claim (its attempt number), with a 'reminder.deliver' audit
// row for every reminder an officer was shown.
import { z } from 'zod';
import { decide } from './accessPolicy.js';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database, Queryable } from './database.js';
import { measureAwaitingFollowUp, measureDueOn } from './measureAwaitingFollowUp.js';
import { officerRoleSchema } from './officerRoles.js';
import { policeRegionSchema, type PoliceRegion } from './policeRegions.js';
import { referralAwaitingAssessment } from './referralAwaitingAssessment.js';
import { planPersonColumns, planPersonOf, type PlanPersonRow } from './sqlPlanPerson.js';
import type { PlanPerson } from './workItem.js';
import { TAKER_ROLE, type ReferralKind } from './referralRepository.js';
import type { DueReminder, RecipientReason, ReminderKind, ReminderOutcome, ReminderSubject } from './reminderDelivery.js';
import {
  DELIVERY_LEASE_MS,
  dueRecipients,
  MAX_DELIVERY_ATTEMPTS,
  overdueRecipients,
  overdueThrough,
  remindThrough,
  retryAt,
  type Candidate,
  type Recipient,
  type ReminderSettings,
} from './reminderSchedule.js';

/** Taken by every claim, and by the record of a sent card that covers siblings: claims and covers are serialised across instances. */
const CLAIM_LOCK = `SELECT pg_advisory_xact_lock(hashtext('bops:reminders:claim'))`;

/** Who the audit log names as carrying a reminder to the officer it shows it to. */
export const REMINDER_VIA = 'system:reminders';
const REMINDER_PURPOSE = 'påminnelse';

/**
 * Due work of one subject on or before `through` (an SQL date expression): its entity, due date, case,
 * plan, measure and the responsible party (a measure's, or a referral's taker). A taken referral is due
 * `targetDays` after it was made (Swedish calendar) while its assessment has not begun.
 */
const dueWork = (about: ReminderSubject, through: string, targetDays: number): string => {
  switch (about) {
    case 'reassessment':
      return `SELECT r.id AS entity_id, r.due_on, r.case_id, r.plan_id, NULL::uuid AS measure_id, NULL::text AS responsible
        FROM reassessments r JOIN cases c ON c.id = r.case_id
        WHERE r.status = 'planned' AND c.status <> 'closed' AND r.due_on <= ${through}`;
    case 'measure_follow_up':
      return `SELECT m.id AS entity_id, ${measureDueOn('m')} AS due_on, p.case_id, p.id AS plan_id, m.id AS measure_id, m.responsible
        FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id
        WHERE ${measureAwaitingFollowUp('m')} AND p.status = 'active' AND c.status <> 'closed'
          AND ${measureDueOn('m')} <= ${through}`;
    case 'referral':
      return `SELECT rf.id AS entity_id, (timezone('Europe/Stockholm', rf.referred_at)::date + ${Number(targetDays)}) AS due_on, rf.case_id, NULL::uuid AS plan_id, NULL::uuid AS measure_id, rf.taken_by AS responsible
        FROM referrals rf JOIN cases c ON c.id = rf.case_id
        WHERE rf.taken_by IS NOT NULL AND c.status <> 'closed'
          AND ${referralAwaitingAssessment('rf')}
          AND (timezone('Europe/Stockholm', rf.referred_at)::date + ${Number(targetDays)}) <= ${through}`;
    // A referral no one has taken — to Bops, or an escalation to in-depth — due (as on the work list)
    // the day it was made.
    case 'open_referral':
      return `SELECT rf.id AS entity_id, timezone('Europe/Stockholm', rf.referred_at)::date AS due_on, rf.case_id, NULL::uuid AS plan_id, NULL::uuid AS measure_id, NULL::text AS responsible
        FROM referrals rf JOIN cases c ON c.id = rf.case_id
        WHERE rf.taken_by IS NULL AND c.status <> 'closed'
          AND timezone('Europe/Stockholm', rf.referred_at)::date <= ${through}`;
    default: {
      const never: never = about;
      throw new Error(`unknown reminder subject ${String(never)}`);
    }
  }
};


interface PlannedRow {
  id: string;
  case_id: string;
  /** Null for a referral's reminder. */
  plan_id: string | null;
  responsible: string | null;
  /** A referral's reminder: the kind of referral, whose takers stand in and are told when it is overdue; else null. */
  handover: ReferralKind | null;
}

/** What the access policy decides a candidate on: the officer, and their assignment to the case. */
const candidateRowSchema = z.object({
  id: z.string(),
  region: policeRegionSchema,
  roles: z.array(officerRoleSchema),
  active: z.boolean(),
  member: z.boolean(),
  cleared: z.boolean(),
});

/** The plan's facts the policy decides 'plan.read' on. */
interface PlanFacts {
  region: PoliceRegion;
  protected_identity: boolean;
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
  plan_id: string | null;
  measure_id: string | null;
  referral_id: string | null;
  handover: ReferralKind | null;
}

/** What one planning pass found: reminders newly claimed and the deliveries they made. */
export interface PlanReport {
  reminders: number;
  deliveries: number;
}

export class SqlReminderLedger {
  /** `referralTargetDays`: the days from a referral within which its assessment should begin (FIGURES_TARGET_DAYS). */
  constructor(
    private readonly db: Database,
    private readonly referralTargetDays: number,
  ) {}

  /**
   * Claims every reminder due at `now` that no instance has claimed yet — due-day reminders through
   * remindThrough(), overdue notices through overdueThrough() — and fixes their recipients, in one
   * transaction under an advisory lock; the unique key stays the guarantee that a reminder is
   * claimed once (ON CONFLICT DO NOTHING).
   */
  async planDue(now: Date, settings: Pick<ReminderSettings, 'hour' | 'overdueDays'>): Promise<PlanReport> {
    const report: PlanReport = { reminders: 0, deliveries: 0 };
    const passes: { kind: ReminderKind; about: ReminderSubject; through: string }[] = [
      { kind: 'reassessment_due', about: 'reassessment', through: remindThrough(now, settings.hour) },
      { kind: 'measure_follow_up_due', about: 'measure_follow_up', through: remindThrough(now, settings.hour) },
      // A referral's reminder goes to its taker on the target day; there is no overdue notice of it (the
      // work list shows it overdue).
      { kind: 'referral_due', about: 'referral', through: remindThrough(now, settings.hour) },
      { kind: 'overdue_notice', about: 'reassessment', through: overdueThrough(now, settings) },
      { kind: 'overdue_notice', about: 'measure_follow_up', through: overdueThrough(now, settings) },
      // Cases not picked up: a referral no one has taken, to those of the region who take its kind.
      { kind: 'overdue_notice', about: 'open_referral', through: overdueThrough(now, settings) },
    ];
    await this.db.transaction(async (tx) => {
      // One planner at a time across instances: two that inserted the same keys in different orders
      // would deadlock (and one would fail its tick); serialised, the second finds them taken.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('bops:reminders:plan'))`);
      for (const pass of passes) {
        const { rows } = await tx.query<PlannedRow>(
          `INSERT INTO reminders (kind, about, entity_id, due_on, case_id, plan_id, measure_id)
           SELECT $2, $3, d.entity_id, d.due_on, d.case_id, d.plan_id, d.measure_id FROM (${dueWork(pass.about, '$1::date', this.referralTargetDays)}) d
           WHERE NOT EXISTS (SELECT 1 FROM reminders x WHERE x.kind = $2 AND x.about = $3 AND x.entity_id = d.entity_id AND x.due_on = d.due_on)
           ON CONFLICT (kind, about, entity_id, due_on) DO NOTHING
           RETURNING id, case_id, plan_id, coalesce(
             (SELECT m2.responsible FROM protection_measures m2 WHERE m2.id = reminders.measure_id),
             (SELECT rf.taken_by FROM referrals rf WHERE reminders.about = 'referral' AND rf.id = reminders.entity_id)) AS responsible,
             (SELECT rf.kind FROM referrals rf WHERE reminders.about IN ('referral', 'open_referral') AND rf.id = reminders.entity_id) AS handover`,
          [pass.through, pass.kind, pass.about],
        );
        for (const row of rows) {
          const region = await this.candidates(tx, row, await this.regionStandInIds(tx, row));
          const recipients =
            pass.kind === 'overdue_notice' ? overdueRecipients(region) : dueRecipients(await this.candidates(tx, row, await this.responsibleOfficerIds(tx, row)), region);
          for (const recipient of recipients) await this.addDelivery(tx, row.id, recipient, now);
          report.reminders += 1;
          report.deliveries += recipients.length;
        }
      }
    });
    return report;
  }

  /** A measure's responsible officer when it names one, else (and for a re-assessment) the case's assigned officers. */
  private async responsibleOfficerIds(tx: Queryable, row: PlannedRow): Promise<string[]> {
    if (row.responsible !== null) {
      const named = await tx.query<{ id: string }>('SELECT id FROM officers WHERE id = $1', [row.responsible]);
      if (named.rows.length > 0) return named.rows.map((r) => r.id);
    }
    const { rows } = await tx.query<{ id: string }>('SELECT officer_id AS id FROM case_assignments WHERE case_id = $1 ORDER BY officer_id', [row.case_id]);
    return rows.map((r) => r.id);
  }

  /**
   * The active officers of the case's region who stand in for the responsible one and are told of
   * work overdue: its Bops officers, or for an escalation to in-depth its specialists (TAKER_ROLE).
   */
  private async regionStandInIds(tx: Queryable, row: Pick<PlannedRow, 'case_id' | 'handover'>): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT o.id FROM officers o JOIN cases c ON c.region = o.region
       WHERE c.id = $1 AND o.active AND $2 = ANY (o.roles) ORDER BY o.id`,
      [row.case_id, TAKER_ROLE[row.handover ?? 'bops']],
    );
    return rows.map((r) => r.id);
  }

  /**
   * The officers `ids`, in that order, each with whether they are active and may read what the
   * reminder is about: its plan ('plan.read'), or for a referral its case ('case.read').
   */
  private async candidates(tx: Queryable, row: PlannedRow, ids: string[]): Promise<Candidate[]> {
    if (ids.length === 0) return [];
    const plan = (await tx.query<PlanFacts>(
      row.plan_id === null
        ? `SELECT c.region, false AS protected_identity FROM cases c WHERE c.id = $1`
        : `SELECT c.region, coalesce(cp.protected_identity, false) AS protected_identity
           FROM protection_plans p JOIN cases c ON c.id = p.case_id LEFT JOIN case_persons cp ON cp.id = p.protected_person_id
           WHERE p.id = $1`,
      [row.plan_id ?? row.case_id],
    )).rows[0];
    const { rows } = await tx.query(
      `SELECT o.id, o.region, o.roles, o.active, ca.officer_id IS NOT NULL AS member, coalesce(ca.protected_access <> 'none', false) AS cleared
       FROM officers o LEFT JOIN case_assignments ca ON ca.case_id = $1 AND ca.officer_id = o.id
       WHERE o.id = ANY ($2::text[])`,
      [row.case_id, ids],
    );
    const byId = new Map(rows.map((r) => candidateRowSchema.parse(r)).map((o) => [o.id, o]));
    return ids.flatMap((id): Candidate[] => {
      const o = byId.get(id);
      if (!o || !plan) return [];
      const decision = decide({ id: o.id, region: o.region, roles: o.roles }, row.plan_id === null ? 'case.read' : 'plan.read', {
        region: plan.region,
        caseMember: o.member,
        protectedIdentity: plan.protected_identity,
        protectedClearance: o.cleared,
      });
      return [{ id: o.id, active: o.active, mayRead: decision.allowed }];
    });
  }

  private async addDelivery(tx: Queryable, reminderId: string, recipient: Recipient, now: Date): Promise<void> {
    // A recipient the reminder already has (standing in a second time) keeps their delivery.
    await tx.query(
      'INSERT INTO reminder_deliveries (reminder_id, recipient_id, reason, next_attempt_at) VALUES ($1, $2, $3, $4) ON CONFLICT (reminder_id, recipient_id) DO NOTHING',
      [reminderId, recipient.id, recipient.reason, now],
    );
  }

  /**
   * Withdraws the deliveries still to go whose work is no longer due on their date — the
   * re-assessment done, the measure followed up (settled, given another date, or its status changed
   * on the due day or later), the plan or case closed —
   * so that a retry never reminds of work already dealt with. Returns how many.
   */
  async withdrawStale(now: Date): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE reminder_deliveries d SET state = 'withdrawn', finished_at = $1
       FROM reminders r
       WHERE r.id = d.reminder_id AND d.state IN ('pending', 'sending') AND d.next_attempt_at <= $1
         AND NOT EXISTS (SELECT 1 FROM (${dueWork('reassessment', `'infinity'::date`, this.referralTargetDays)}) w WHERE r.about = 'reassessment' AND w.entity_id = r.entity_id AND w.due_on = r.due_on)
         AND NOT EXISTS (SELECT 1 FROM (${dueWork('measure_follow_up', `'infinity'::date`, this.referralTargetDays)}) w WHERE r.about = 'measure_follow_up' AND w.entity_id = r.entity_id AND w.due_on = r.due_on)
         AND NOT EXISTS (SELECT 1 FROM (${dueWork('referral', `'infinity'::date`, this.referralTargetDays)}) w WHERE r.about = 'referral' AND w.entity_id = r.entity_id AND w.due_on = r.due_on)
         AND NOT EXISTS (SELECT 1 FROM (${dueWork('open_referral', `'infinity'::date`, this.referralTargetDays)}) w WHERE r.about = 'open_referral' AND w.entity_id = r.entity_id AND w.due_on = r.due_on)`,
      [now],
    );
    return rowCount;
  }

  /**
   * Hands the deliveries still to go to officers deactivated since they were planned over to the
   * region's Bops officers who may read them (a due-day reminder; an overdue notice already went to
   * the region, so it is only withdrawn). Returns how many were withdrawn.
   */
  async rerouteFromDeactivated(now: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; reminder_id: string; recipient_id: string; kind: ReminderKind; case_id: string; plan_id: string | null; handover: ReferralKind | null }>(
        `SELECT d.id, d.reminder_id, d.recipient_id, r.kind, r.case_id, r.plan_id, rf.kind AS handover
         FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id JOIN officers o ON o.id = d.recipient_id
         LEFT JOIN referrals rf ON r.about IN ('referral', 'open_referral') AND rf.id = r.entity_id
         WHERE d.state IN ('pending', 'sending') AND d.next_attempt_at <= $1 AND NOT o.active
         ORDER BY d.id FOR UPDATE OF d SKIP LOCKED`,
        [now],
      );
      for (const row of rows) {
        await tx.query(`UPDATE reminder_deliveries SET state = 'withdrawn', finished_at = $2 WHERE id = $1`, [row.id, now]);
        if (row.kind === 'overdue_notice') continue;
        const planned: PlannedRow = { id: row.reminder_id, case_id: row.case_id, plan_id: row.plan_id, responsible: null, handover: row.handover };
        const standIns = dueRecipients([{ id: row.recipient_id, active: false, mayRead: false }], await this.candidates(tx, planned, await this.regionStandInIds(tx, planned)));
        for (const recipient of standIns) await this.addDelivery(tx, row.reminder_id, recipient, now);
      }
      return rows.length;
    });
  }

  /**
   * Claims the next delivery that is due at `now` — pending and past its pause, or sending under a
   * lease that ran out — for DELIVERY_LEASE_MS; undefined when there is none. Claims are taken one
   * at a time across instances (an advisory lock), so that a measure's delivery whose card another
   * instance is sending right now — one card names all of a plan's measures due to the officer that
   * day (measuresDueTogether) — is put back until that lease ends instead of sent a second time:
   * the card goes and covers it (record() makes it claimable at once), or it does not and this one
   * sends it.
   */
  async claimNext(now: Date): Promise<DueReminder | undefined> {
    const leaseUntil = new Date(now.getTime() + DELIVERY_LEASE_MS);
    return this.db.transaction(async (tx) => {
      await tx.query(CLAIM_LOCK);
      for (;;) {
        const next = (await tx.query<{ id: string; held_until: Date | null }>(
          `SELECT d.id, (SELECT max(s.next_attempt_at) FROM reminders rs JOIN reminder_deliveries s ON s.reminder_id = rs.id
                          WHERE r.about = 'measure_follow_up' AND rs.about = r.about AND rs.plan_id = r.plan_id AND rs.due_on = r.due_on
                            AND rs.kind = r.kind AND s.recipient_id = d.recipient_id AND s.id <> d.id
                            AND s.state = 'sending' AND s.next_attempt_at > $1) AS held_until
           FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
           WHERE d.state IN ('pending', 'sending') AND d.next_attempt_at <= $1
           ORDER BY d.next_attempt_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED`,
          [now],
        )).rows[0];
        if (!next) return undefined;
        if (next.held_until !== null) {
          await tx.query('UPDATE reminder_deliveries SET next_attempt_at = $2 WHERE id = $1', [next.id, next.held_until]);
          continue;
        }
        const row = (await tx.query<ClaimedRow>(
          `WITH claimed AS (
             UPDATE reminder_deliveries SET state = 'sending', attempts = attempts + 1, next_attempt_at = $2
             WHERE id = $1 RETURNING id, attempts, recipient_id, reason, reminder_id)
           SELECT k.id, k.attempts, k.recipient_id, k.reason, r.kind, r.about, r.due_on::text AS due_on, r.case_id, c.case_number, r.plan_id, r.measure_id,
             rf.id AS referral_id, rf.kind AS handover
           FROM claimed k JOIN reminders r ON r.id = k.reminder_id JOIN cases c ON c.id = r.case_id
           LEFT JOIN referrals rf ON r.about IN ('referral', 'open_referral') AND rf.id = r.entity_id`,
          [next.id, leaseUntil],
        )).rows[0]!;
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
          referral: row.referral_id !== null && row.handover !== null ? { id: row.referral_id, handover: row.handover } : null,
          attempt: Number(row.attempts),
        };
      }
    });
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
      if (outcome === 'sent' && reminder.about === 'measure_follow_up') {
        // The card named the plan's other measures due to the officer that day: those put back
        // while it was sent are claimable now, to be recorded as covered by it. Under the claims'
        // lock, so a claim that read this card as in flight has put its sibling back before this
        // runs — else that sibling would be held for a whole lease after the card went.
        await tx.query(CLAIM_LOCK);
        await tx.query(
          `UPDATE reminder_deliveries s SET next_attempt_at = $2
           FROM reminders rs, reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
           WHERE d.id = $1 AND rs.id = s.reminder_id AND rs.about = r.about AND rs.plan_id = r.plan_id AND rs.due_on = r.due_on
             AND rs.kind = r.kind AND s.recipient_id = d.recipient_id AND s.state = 'pending' AND s.next_attempt_at > $2`,
          [reminder.deliveryId, now],
        );
      }
      if (outcome === 'sent') {
        const audit: AuditContext = { actorId: reminder.recipientOfficerId, viaId: REMINDER_VIA, purpose: REMINDER_PURPOSE };
        await appendAudit(tx, audit, 'reminder.deliver', { type: 'case', id: reminder.caseId }, {
          deliveryId: reminder.deliveryId,
          kind: reminder.kind,
          about: reminder.about,
          dueOn: reminder.dueOn,
          reason: reminder.reason,
          ...(reminder.measureId ? { measureId: reminder.measureId } : reminder.referral ? { referralId: reminder.referral.id } : { planId: reminder.planId }),
        });
      }
      return true;
    });
  }

  /**
   * Whom the reminder's plan protects, for its recipient (api/sqlPlanPerson.ts): absent when the case
   * has one active plan they may see, so only a case with several says whose plan it is.
   */
  async planPerson(planId: string, officerId: string): Promise<{ protects?: PlanPerson }> {
    const cleared = `EXISTS (SELECT 1 FROM case_assignments ca WHERE ca.case_id = p.case_id AND ca.officer_id = $2 AND ca.protected_access <> 'none')`;
    const { rows } = await this.db.query<PlanPersonRow>(`SELECT ${planPersonColumns('p', 'p.case_id', cleared)} FROM protection_plans p WHERE p.id = $1`, [planId, officerId]);
    return rows[0] ? planPersonOf(rows[0]) : {};
  }

  /**
   * The measures of the delivery's plan that are due to its recipient on the same day in reminders of
   * the same kind (its own among them), in the plan's order, for one card that names them all; and
   * whether such a card went already — another of these deliveries was sent — so this one is covered
   * by it. Withdrawn deliveries (the work was dealt with) are left out. Empty for a re-assessment.
   */
  async measuresDueTogether(deliveryId: string): Promise<{ covered: boolean; measures: { catalogueId: string; packId: string; packVersion: string }[] }> {
    const { rows } = await this.db.query<{ own: boolean; state: string; catalogue_id: string; pack_id: string; pack_version: string }>(
      `WITH this AS (
         SELECT d.recipient_id, r.plan_id, r.due_on, r.kind FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
          WHERE d.id = $1 AND r.about = 'measure_follow_up')
       SELECT d.id = $1 AS own, d.state, m.measure_id AS catalogue_id, a.pack_id, a.pack_version
         FROM this
         JOIN reminders r ON r.plan_id = this.plan_id AND r.due_on = this.due_on AND r.kind = this.kind AND r.about = 'measure_follow_up'
         JOIN reminder_deliveries d ON d.reminder_id = r.id AND d.recipient_id = this.recipient_id
         JOIN protection_measures m ON m.id = r.measure_id
         JOIN protection_plans p ON p.id = m.plan_id JOIN assessments a ON a.id = p.assessment_id
        WHERE d.state <> 'withdrawn'
        ORDER BY array_position(ARRAY['skydd', 'stod', 'reducering'], m.part::text), m.measure_id`,
      [deliveryId],
    );
    return {
      covered: rows.some((r) => !r.own && r.state === 'sent'),
      measures: rows.map((r) => ({ catalogueId: r.catalogue_id, packId: r.pack_id, packVersion: r.pack_version })),
    };
  }

  /** Deliveries still to go (pending or being sent): the queue's depth. */
  async openDeliveries(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM reminder_deliveries WHERE state IN ('pending', 'sending')`);
    return Number(rows[0]?.n ?? 0);
  }
}
