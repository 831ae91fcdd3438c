// The ReminderDelivery for an API composed without the bot (nothing can speak
// first in Teams; the server with the bot wires api/proactiveReminderDelivery.ts): it logs that a reminder came due — its delivery id, kind
// and why the recipient would get it, no case number, no officer, no names —
// and answers 'no_reference', which is the truth: there is nowhere to send it.
// The reminder is recorded as such and not retried; the work still shows in
// the officer's work list.
import type { Logger } from 'pino';
import type { ReminderDelivery } from './reminderDelivery.js';

export function loggingReminderDelivery(log: Logger): ReminderDelivery {
  return {
    async deliver(reminder) {
      log.info({ deliveryId: reminder.deliveryId, kind: reminder.kind, about: reminder.about, reason: reminder.reason }, 'reminder due; no proactive sender is wired, so it is not sent');
      return 'no_reference';
    },
  };
}
