// Links to an assessment's case-file PDF, valid for minutes (issue 19, item 5):
// what the bot posts in the officer's personal chat instead of the file. A link
// is a random 256-bit token; only its SHA-256 is stored, with the one
// assessment, the one officer and the language it was issued for, so a leaked
// database row opens nothing and a link opens nothing else. A link is a bearer
// URL — the API cannot tell who clicks it — so it is made single-use and
// short-lived instead: the first open stamps it (099), a later one is refused.
// Following the link (GET) only looks at it, and shows a page whose button
// opens it (POST): link scanners and previews in Teams and mail fetch what a
// message links to, and would otherwise use the link up before the officer.
// Issuing is audited in the same transaction ('assessment.document_link'); the
// download, and a refused second open, by the handler.
import { createHash, randomBytes } from 'node:crypto';
import { appendAudit, type AuditContext } from './auditLog.js';
import type { Database } from './database.js';
import type { DocumentLocale } from './documentCatalogue.js';

/** How long a link opens the document. */
export const DOCUMENT_LINK_MINUTES = 5;

export interface DocumentLink {
  assessmentId: string;
  officerId: string;
  language: DocumentLocale;
  expiresAt: Date;
}

export interface DocumentLinks {
  /** A new link for the officer (audit.actorId) to the assessment's document; returns the token, which is stored nowhere. */
  issue(assessmentId: string, language: DocumentLocale, now: Date, audit: AuditContext): Promise<{ token: string; expiresAt: Date }>;
  /**
   * Opens the link once: 'opened' the first time (the link is used up in the same statement, so two
   * opens at once cannot both win), 'used' afterwards; undefined when the token is unknown or expired.
   */
  open(token: string, now: Date): Promise<{ outcome: 'opened' | 'used'; link: DocumentLink } | undefined>;
  /** The link as it stands, leaving it as it is: 'fresh' while unopened, 'used' after; undefined when unknown or expired. */
  peek(token: string, now: Date): Promise<{ state: 'fresh' | 'used'; link: DocumentLink } | undefined>;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const LIVE = 'token_hash = $1 AND expires_at > $2';
const COLUMNS = 'assessment_id, officer_id, language, expires_at';
type LinkRow = { assessment_id: string; officer_id: string; language: DocumentLocale; expires_at: Date | string };
const linkOf = (row: LinkRow): DocumentLink => ({ assessmentId: row.assessment_id, officerId: row.officer_id, language: row.language, expiresAt: new Date(row.expires_at) });

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

  async open(token: string, now: Date): Promise<{ outcome: 'opened' | 'used'; link: DocumentLink } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const params = [hashOf(token), now.toISOString()];
    const opened = await this.db.query<LinkRow>(`UPDATE document_links SET opened_at = $2 WHERE ${LIVE} AND opened_at IS NULL RETURNING ${COLUMNS}`, params);
    if (opened.rows[0]) return { outcome: 'opened', link: linkOf(opened.rows[0]) };
    const used = await this.db.query<LinkRow>(`SELECT ${COLUMNS} FROM document_links WHERE ${LIVE}`, params);
    return used.rows[0] ? { outcome: 'used', link: linkOf(used.rows[0]) } : undefined;
  }

  async peek(token: string, now: Date): Promise<{ state: 'fresh' | 'used'; link: DocumentLink } | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const { rows } = await this.db.query<LinkRow & { opened: boolean }>(`SELECT ${COLUMNS}, opened_at IS NOT NULL AS opened FROM document_links WHERE ${LIVE}`, [hashOf(token), now.toISOString()]);
    return rows[0] ? { state: rows[0].opened ? 'used' : 'fresh', link: linkOf(rows[0]) } : undefined;
  }
}
