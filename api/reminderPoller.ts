// Runs the reminders (issue 12, item 3): every REMINDER_POLL_MS it claims the
// reminders that have come due (api/sqlReminderLedger.ts) and hands each
// claimed delivery to the ReminderDelivery, recording how it went. Any number
// of instances may poll one database; the ledger sees to it that each
// reminder goes once. Time comes from the injected clock, so tests call
// tick() with the clock where they want it instead of waiting.
//
// When the database fails part-way, nothing is lost: planning and claiming
// simply happen on a later tick; an outcome that could not be recorded is
// kept and recorded first on the next tick, so a delivered reminder is not
// delivered again.
import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import { PeriodicPass } from './periodicPass.js';
import type { ReminderDelivery, ReminderOutcome, DueReminder } from './reminderDelivery.js';
import type { ReminderSettings } from './reminderSchedule.js';
import type { SqlReminderLedger, PlanReport } from './sqlReminderLedger.js';

/** Deliveries handed over in one tick at most; the rest wait for the next. */
export const DELIVERIES_PER_TICK = 100;

export type DeliveryResult = ReminderOutcome | 'failed';

export interface TickReport {
  planned: PlanReport;
  /** Deliveries withdrawn because their work was dealt with, or their recipient deactivated (the region stands in), before they went. */
  withdrawn: number;
  /** Deliveries attempted this tick by result. */
  delivered: Record<DeliveryResult, number>;
}

export interface ReminderPollerDeps {
  ledger: Pick<SqlReminderLedger, 'planDue' | 'withdrawStale' | 'rerouteFromDeactivated' | 'claimNext' | 'record'>;
  delivery: ReminderDelivery;
  clock: Clock;
  settings: ReminderSettings;
  log: Logger;
}

const errorFacts = (err: unknown) => ({ name: (err as Error)?.name, message: (err as Error)?.message });

export class ReminderPoller {
  private readonly periodic: PeriodicPass<TickReport>;
  private readonly unrecorded: { reminder: DueReminder; result: DeliveryResult }[] = [];

  constructor(private readonly deps: ReminderPollerDeps) {
    this.periodic = new PeriodicPass(() => this.pass(), {
      done: (report) => {
        if (report.planned.reminders > 0 || report.withdrawn > 0 || Object.values(report.delivered).some((n) => n > 0)) deps.log.info(report, 'reminders run');
      },
      failed: (err) => deps.log.error({ err: errorFacts(err) }, 'reminders run failed'),
    });
  }

  /**
   * One pass: record what a failed pass could not, claim what has come due, withdraw what was dealt
   * with meanwhile, hand a deactivated recipient's over to the region, deliver what is claimable. Calls made while a pass runs share it. Throws when the database fails; what was
   * done is kept and the rest is done by a later tick.
   */
  tick(): Promise<TickReport> {
    return this.periodic.tick();
  }

  private async pass(): Promise<TickReport> {
    const { ledger, delivery, clock, settings, log } = this.deps;
    while (this.unrecorded.length > 0) {
      const { reminder, result } = this.unrecorded[0]!;
      await ledger.record(reminder, result, clock.now());
      this.unrecorded.shift();
    }
    const planned = await ledger.planDue(clock.now(), settings);
    const withdrawn = (await ledger.withdrawStale(clock.now())) + (await ledger.rerouteFromDeactivated(clock.now()));
    const report: TickReport = { planned, withdrawn, delivered: { sent: 0, refused: 0, no_reference: 0, failed: 0 } };
    for (let n = 0; n < DELIVERIES_PER_TICK; n++) {
      const reminder = await ledger.claimNext(clock.now());
      if (!reminder) break;
      let result: DeliveryResult;
      try {
        result = await delivery.deliver(reminder);
      } catch (err) {
        result = 'failed';
        log.warn({ deliveryId: reminder.deliveryId, kind: reminder.kind, attempt: reminder.attempt, err: errorFacts(err) }, 'reminder delivery failed; will try again');
      }
      report.delivered[result] += 1;
      try {
        const recorded = await ledger.record(reminder, result, clock.now());
        if (!recorded) log.warn({ deliveryId: reminder.deliveryId }, 'reminder claim was taken over before its outcome was recorded');
      } catch (err) {
        // The database went away after the delivery: keep the outcome, record it first next time.
        this.unrecorded.push({ reminder, result });
        throw err;
      }
    }
    return report;
  }

  /** Ticks now and every settings.pollMs; the returned stop waits for a running tick. Failures are logged, not thrown. */
  start(): () => Promise<void> {
    return this.periodic.start(this.deps.settings.pollMs, { immediately: true });
  }
}
