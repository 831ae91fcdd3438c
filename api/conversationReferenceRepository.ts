// Where officers' Teams conversation references are kept (issue 12, item 4):
// one per officer and bot, saved by the bot after a turn, read by whatever
// speaks first (api/referralNotifier.ts), marked refused when the Bot
// Connector says the bot is gone. SQL: api/sqlConversationReferences.ts.
import type { AuditContext } from './auditLog.js';
import type { ConversationReferenceData, ReferenceLocale } from './conversationReferenceContract.js';

export interface StoredConversationReference {
  officerId: string;
  botId: string;
  reference: ConversationReferenceData;
  locale: ReferenceLocale;
}

export interface ConversationReferenceRepository {
  /**
   * Stores the officer's reference for its bot (audited as 'conversation_reference.save') unless the
   * same one is stored already ('unchanged', nothing written). Saving clears a refusal: the officer
   * has written to the bot again, so it is installed again.
   */
  save(officerId: string, reference: ConversationReferenceData, locale: ReferenceLocale, audit: AuditContext): Promise<'saved' | 'unchanged'>;
  /** The references of these officers that the connector has not refused, any bot. */
  usableFor(officerIds: readonly string[]): Promise<StoredConversationReference[]>;
  /** Marks a reference refused (403/404 from the connector): it is not tried again until saved afresh. */
  markRefused(officerId: string, botId: string): Promise<void>;
}
