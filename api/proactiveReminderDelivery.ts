// Reminders reach Teams (issue 12, item 3): the ReminderDelivery
// (api/reminderDelivery.ts) over the officer's stored conversation references
// and the ProactiveDelivery (bot/proactiveSender.ts). The card names the case,
// the kind, the due date and — for measures — their titles from the plan's
// pack, every measure of the plan due to the officer that day on one card;
// never a name, never free text. An officer who never talked to
// the bot: 'no_reference'. A chat the connector refuses (403/404): the
// reference is marked refused and the answer is 'refused' — not tried again.
// Any other failure throws, so the poller tries again later. A delivery id
// sent once is kept, so the same reminder handed over again (a crash between
// the send and the ledger's record of it) is not sent twice by this instance;
// the ledger keeps it across instances. The audit row of a sent reminder is
// the ledger's ('reminder.deliver'), not written here. An overdue card of a
// referral no one has taken is recorded with the referral's cards, so taking
// it updates this card too.
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { ProactiveDelivery, ProactiveMessage } from './proactiveDelivery.js';
import type { ReferralRepository } from './referralRepository.js';
import type { DueReminder, ReminderDelivery, ReminderOutcome } from './reminderDelivery.js';
import type { SqlReminderLedger } from './sqlReminderLedger.js';

/** How many sent delivery ids are remembered in memory (the oldest are forgotten first; the ledger has them all). */
export const REMEMBERED_DELIVERIES = 10_000;

export interface ProactiveReminderDeliveryDeps {
  references: Pick<ConversationReferenceRepository, 'usableFor' | 'markRefused'>;
  delivery: ProactiveDelivery;
  ledger: Pick<SqlReminderLedger, 'measuresDueTogether' | 'planPerson'>;
  /** Where a referral's overdue card is recorded, so it is updated once the referral is taken. */
  referrals: Pick<ReferralRepository, 'recordOverdueCard'>;
  methodology: MethodologySource;
  log: Logger;
}

export class ProactiveReminderDelivery implements ReminderDelivery {
  private readonly sent = new Set<string>();

  constructor(private readonly deps: ProactiveReminderDeliveryDeps) {}

  async deliver(reminder: DueReminder): Promise<ReminderOutcome> {
    if (this.sent.has(reminder.deliveryId)) return 'sent';
    const { references, delivery, log, ledger } = this.deps;
    // The measures of a plan due on one day are one card: the first delivery sends it naming them all,
    // and the others are covered by it — the officer was shown them. The ledger claims no sibling
    // while another instance is sending that card, so two instances send one.
    const together = reminder.about === 'measure_follow_up' ? await ledger.measuresDueTogether(reminder.deliveryId) : undefined;
    if (together?.covered) {
      this.remember(reminder.deliveryId);
      return 'sent';
    }
    const targets = await references.usableFor([reminder.recipientOfficerId]);
    if (targets.length === 0) return 'no_reference';
    const message: ProactiveMessage = {
      kind: 'reminder',
      reminder: reminder.kind,
      about: reminder.about,
      caseNumber: reminder.caseNumber,
      dueOn: reminder.dueOn,
      measures: (together?.measures ?? []).map((m) => this.deps.methodology.get(m.packId, m.packVersion)?.pack.measures.find((x) => x.id === m.catalogueId)?.title ?? null),
      ...(reminder.referral ? { referral: reminder.referral } : {}),
      // Whose plan, when the case has several: two "Larmpaket" follow-ups of one case would read alike.
      ...(reminder.planId ? await ledger.planPerson(reminder.planId, reminder.recipientOfficerId) : {}),
    };
    let sent = false;
    let failure: string | undefined;
    for (const target of targets) {
      const outcome = await delivery.send(target, message);
      switch (outcome.status) {
        case 'sent':
          sent = true;
          if (reminder.about === 'open_referral' && reminder.referral) await this.recordOverdueCard(reminder.referral.id, target, outcome.activityId);
          break;
        case 'refused':
          log.info('conversation reference refused by the connector; marked, not tried again');
          await references.markRefused(target.officerId, target.botId);
          break;
        case 'failed':
          failure = outcome.reason;
          break;
        default: {
          const never: never = outcome;
          return never;
        }
      }
    }
    if (sent) {
      this.remember(reminder.deliveryId);
      return 'sent';
    }
    if (failure !== undefined) throw new ReminderNotDeliveredError(failure);
    return 'refused';
  }

  /**
   * An overdue card of a referral no one has taken carries Ta ärendet: where it is, so it is updated once
   * someone takes it. Not recording it loses only that update (pressing the button still answers with
   * the current state), so it never turns the sent card into a retry.
   */
  private async recordOverdueCard(referralId: string, target: StoredConversationReference, activityId: string): Promise<void> {
    try {
      await this.deps.referrals.recordOverdueCard(referralId, { officerId: target.officerId, botId: target.botId, activityId });
    } catch (err) {
      this.deps.log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'overdue referral card not recorded; it will not be updated when taken');
    }
  }

  private remember(deliveryId: string): void {
    this.sent.add(deliveryId);
    if (this.sent.size > REMEMBERED_DELIVERIES) this.sent.delete(this.sent.values().next().value!);
  }

}

/** The connector failed (not a refusal): the poller tries the reminder again later. Carries the reason, never an id. */
export class ReminderNotDeliveredError extends Error {
  constructor(readonly reason: string) {
    super(`reminder not delivered: ${reason}`);
    this.name = 'ReminderNotDeliveredError';
  }
}
