// A proactive card the API shows an officer unasked (a share, review, break-glass or escalation notice):
// sent, then settled (api/settleNotice.ts) — shown, it is one audit row of what it showed, read by the
// officer it was shown to, with the bot that showed it, written in one transaction with what the caller
// records of it (the notice outbox's settlement, api/noticeSender.ts); refused, the chat is marked. One
// path for every notice, so no notice is shown unaudited.
import type { Logger } from 'pino';
import { appendAudit, type AuditAction, type AuditContext, type AuditEntity } from './auditLog.js';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { Database, Queryable } from './database.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { ProactiveDelivery, ProactiveMessage, ProactiveOutcome } from './proactiveDelivery.js';
import { settleNotice, type NoticeSettling } from './settleNotice.js';

/** What composing and sending such cards works with (api/noticeSender.ts and the notifiers composing for it). */
export interface NotifierDeps {
  references: Pick<ConversationReferenceRepository, 'usableFor' | 'markRefused'>;
  /** Absent where nothing can speak first (the API without the bot): what it tells of is then read where it is kept. */
  delivery: ProactiveDelivery | undefined;
  officers: Pick<OfficerDirectory, 'find'>;
  database: Database;
  log: Logger;
}

export interface AuditedNotice {
  message: ProactiveMessage;
  action: AuditAction;
  entity: AuditEntity;
  audit: AuditContext;
  /** What the card showed and of what, for the audit row (never free text). */
  detail: Record<string, unknown>;
}

/** Sends the card and settles it; `shown` is written in the audit row's transaction when the card was shown. */
export async function sendAuditedNotice(
  deps: NoticeSettling & { delivery: ProactiveDelivery; database: Database },
  target: StoredConversationReference,
  notice: AuditedNotice,
  shown: (tx: Queryable) => Promise<unknown>,
): Promise<ProactiveOutcome> {
  const outcome = await deps.delivery.send(target, notice.message);
  await settleNotice(deps, target, outcome, () =>
    deps.database.transaction(async (tx) => {
      // What the caller records first: its row locks go before the audit row's (api/auditLog.ts).
      await shown(tx);
      await appendAudit(tx, notice.audit, notice.action, notice.entity, { ...notice.detail, botId: target.botId });
    }),
  );
  return outcome;
}
