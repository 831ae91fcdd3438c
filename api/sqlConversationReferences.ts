// Conversation references on PostgreSQL/PGlite (api/conversationReferenceRepository.ts).
// The save is one statement: an upsert that writes only when something
// changed (or a refusal is to be cleared) and appends its audit row only then.
import { AUDIT_ROW_COLUMNS, auditRowValues, type AuditContext } from './auditLog.js';
import { conversationReferenceSchema, REFERENCE_LOCALES, type ConversationReferenceData, type ReferenceLocale } from './conversationReferenceContract.js';
import type { ConversationReferenceRepository, StoredConversationReference } from './conversationReferenceRepository.js';
import type { Database } from './database.js';

export class SqlConversationReferences implements ConversationReferenceRepository {
  constructor(private readonly db: Database) {}

  async save(officerId: string, reference: ConversationReferenceData, locale: ReferenceLocale, audit: AuditContext): Promise<'saved' | 'unchanged'> {
    const { rows } = await this.db.query<{ officer_id: string }>(
      `WITH saved AS (
         INSERT INTO conversation_references AS r (officer_id, bot_id, reference, locale)
         VALUES ($1, $2, $3::jsonb, $4)
         ON CONFLICT (officer_id, bot_id) DO UPDATE SET reference = EXCLUDED.reference, locale = EXCLUDED.locale, updated_at = now(), refused_at = NULL
           WHERE r.reference IS DISTINCT FROM EXCLUDED.reference OR r.locale IS DISTINCT FROM EXCLUDED.locale OR r.refused_at IS NOT NULL
         RETURNING r.officer_id
       ), audit AS (
         INSERT INTO audit_log ${AUDIT_ROW_COLUMNS}
         SELECT $5, $6, $7, $8, $9, $10, $11::jsonb FROM saved
       )
       SELECT officer_id FROM saved`,
      [officerId, reference.bot.id, JSON.stringify(reference), locale, ...auditRowValues(audit, 'conversation_reference.save', { type: 'officer', id: officerId }, { botId: reference.bot.id })],
    );
    return rows.length ? 'saved' : 'unchanged';
  }

  async usableFor(officerIds: readonly string[]): Promise<StoredConversationReference[]> {
    if (officerIds.length === 0) return [];
    const { rows } = await this.db.query<{ officer_id: string; bot_id: string; reference: unknown; locale: string }>(
      `SELECT officer_id, bot_id, reference, locale FROM conversation_references
        WHERE officer_id = ANY($1::text[]) AND refused_at IS NULL ORDER BY officer_id, bot_id`,
      [[...officerIds]],
    );
    return rows.flatMap((r) => {
      // A row that no longer reads as a reference (a schema change) is skipped, not sent to.
      const reference = conversationReferenceSchema.safeParse(typeof r.reference === 'string' ? JSON.parse(r.reference) : r.reference);
      const locale = REFERENCE_LOCALES.find((l) => l === r.locale) ?? 'sv';
      return reference.success ? [{ officerId: r.officer_id, botId: r.bot_id, reference: reference.data, locale }] : [];
    });
  }

  async markRefused(officerId: string, botId: string): Promise<void> {
    await this.db.query('UPDATE conversation_references SET refused_at = now() WHERE officer_id = $1 AND bot_id = $2 AND refused_at IS NULL', [officerId, botId]);
  }
}
