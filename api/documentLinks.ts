// Links to an assessment's case-file PDF, valid for minutes (issue 19, item 5):
// what the bot posts in the officer's personal chat instead of the file. A link
// is a random 256-bit token; only its SHA-256 is stored, with the one
// assessment, the one officer and the language it was issued for, so a leaked
// database row opens nothing and a link opens nothing else. Issuing is audited
// in the same transaction ('assessment.document_link'); the download is audited
// as the document itself is, by the handler that produces it.
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import type { DocumentLocale } from './documentCatalogue.js';

/** How long a link opens the document. */
export const DOCUMENT_LINK_MINUTES = 10;

export interface DocumentLink {
  assessmentId: string;
  officerId: string;
  language: DocumentLocale;
  expiresAt: Date;
}

export interface DocumentLinks {
  /** A new link for the officer (audit.actorId) to the assessment's document; returns the token, which is stored nowhere. */
  issue(assessmentId: string, language: DocumentLocale, now: Date, audit: AuditContext): Promise<{ token: string; expiresAt: Date }>;
  /** The link a token opens, unless it is unknown or expired. */
  open(token: string, now: Date): Promise<DocumentLink | undefined>;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class SqlDocumentLinks implements DocumentLinks {
  constructor(private readonly db: Database) {}

  issue(assessmentId: string, language: DocumentLocale, now: Date, audit: AuditContext): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + DOCUMENT_LINK_MINUTES * 60_000);
    return this.db.transaction(async (tx) => {
      // Expired links are of no use to anyone: cleared as new ones are made.
      await tx.query('DELETE FROM document_links WHERE expires_at <= $1', [now.toISOString()]);
      await tx.query('INSERT INTO document_links (token_hash, assessment_id, officer_id, language, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        hashOf(token), assessmentId, audit.actorId, language, now.toISOString(), expiresAt.toISOString(),
      ]);
      await appendAudit(tx, audit, 'assessment.document_link', { type: 'assessment', id: assessmentId }, { expiresAt: expiresAt.toISOString(), language });
      return { token, expiresAt };
    });
  }

  async open(token: string, now: Date): Promise<DocumentLink | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const { rows } = await this.db.query<{ assessment_id: string; officer_id: string; language: DocumentLocale; expires_at: Date | string }>(
      'SELECT assessment_id, officer_id, language, expires_at FROM document_links WHERE token_hash = $1 AND expires_at > $2',
      [hashOf(token), now.toISOString()],
    );
    const row = rows[0];
    return row ? { assessmentId: row.assessment_id, officerId: row.officer_id, language: row.language, expiresAt: new Date(row.expires_at) } : undefined;
  }
}
