// A proactive card the API shows an officer unasked (a share, review or break-glass notice): sent,
// then settled (api/settleNotice.ts) — shown, it is one audit row of what it showed, read by the
// officer it was shown to, with the bot that showed it; refused, the chat is marked. One path for
// every notifier, so no notice is shown unaudited.
import type { Logger } from 'pino';
import { appendAudit, type AuditAction, type AuditContext, type AuditEntity } from './auditLog.js';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { Database } from './database.js';
import type { OfficerDirectory } from './officerDirectory.js';
import type { ProactiveDelivery, ProactiveMessage } from './proactiveDelivery.js';
import { settleNotice, type NoticeSettling } from './settleNotice.js';

/** What a notifier of such cards works with (api/shareReviewNotifier.ts, api/breakGlassNotifier.ts). */
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

export async function sendAuditedNotice(deps: NoticeSettling & { delivery: ProactiveDelivery; database: Database }, target: StoredConversationReference, notice: AuditedNotice): Promise<void> {
  const outcome = await deps.delivery.send(target, notice.message);
  await settleNotice(deps, target, outcome, () => appendAudit(deps.database, notice.audit, notice.action, notice.entity, { ...notice.detail, botId: target.botId }));
}
