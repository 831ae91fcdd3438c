// What follows a proactive notice the API sent (a referral card; a break-glass,
// share, review or escalation notice): a card shown is recorded by the caller,
// a chat the connector refused (the bot was removed) is marked so it is not
// tried again, and any other failure is logged by its reason only — never the
// case or the officer. A notice that failed is tried again under its claim by
// a sweep (api/referralSweep.ts, api/noticeSweep.ts), not here (reminders
// settle in api/proactiveReminderDelivery.ts).
import type { Logger } from 'pino';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { ProactiveOutcome } from './proactiveDelivery.js';

export interface NoticeSettling {
  references: Pick<ConversationReferenceRepository, 'markRefused'>;
  log: Logger;
}

export async function settleNotice(
  { references, log }: NoticeSettling,
  target: StoredConversationReference,
  outcome: ProactiveOutcome,
  recordShown: (activityId: string) => Promise<void>,
): Promise<void> {
  switch (outcome.status) {
    case 'sent':
      await recordShown(outcome.activityId);
      return;
    case 'refused':
      log.info('conversation reference refused by the connector; marked, not tried again');
      await references.markRefused(target.officerId, target.botId);
      return;
    case 'failed':
      log.warn({ reason: outcome.reason }, 'proactive message not delivered');
      return;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}
