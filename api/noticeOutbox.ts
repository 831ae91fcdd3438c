// The notices a write causes, kept until they are settled (migration 104): the
// write records one row per recipient officer in its own transaction
// (recordNotices), so a notice outlives the instance that made it; the
// request then sends it at once and the notice sweep sends what is left
// (api/noticeSender.ts, api/noticeSweep.ts). Each attempt is a claim, as a
// referral card's is (api/sqlReferrals.ts claimAnnouncement): one conditional
// UPDATE, so of several instances one sends; the claim lapses after the retry
// interval, and attempts are bounded. A settled row is never claimed again.
// Ids and kinds only: what a card shows is composed when it is sent.
import type { Database, Queryable } from './database.js';
import type { AnnounceRetry } from './referralRepository.js';

export type NoticeKind = 'break_glass' | 'share' | 'share_refreshed' | 'review' | 'escalation_taken' | 'escalation_completed';

/** Why a notice is not sent at all: the recipient is no longer active, or no longer allowed to read it; they have no chat; what it told of is gone. */
export type DropReason = 'inactive' | 'not_allowed' | 'no_chat' | 'gone';

export type NoticeSettlement = { outcome: 'sent' } | { outcome: 'refused' } | { outcome: 'dropped'; reason: DropReason };

/** What a notice is of: the officer who broke glass (with the case), the share, the review, the referral, the in-depth assessment. */
export interface NoticeSubject {
  kind: NoticeKind;
  subjectId: string;
  /** Needed where the subject id alone names no one thing (a break-glass: the officer, on this case). */
  caseId?: string;
}

/** One recorded notice to one officer. */
export interface OutboxNotice {
  id: string;
  kind: NoticeKind;
  caseId: string;
  subjectId: string;
  officerId: string;
  /** The client whose request made the write: the audit row's via. */
  viaId: string | null;
}

interface OutboxRow {
  id: string;
  kind: NoticeKind;
  case_id: string;
  subject_id: string;
  officer_id: string;
  via_id: string | null;
}

const COLUMNS = 'id, kind, case_id, subject_id, officer_id, via_id';
const noticeOf = (r: OutboxRow): OutboxNotice => ({ id: r.id, kind: r.kind, caseId: r.case_id, subjectId: r.subject_id, officerId: r.officer_id, viaId: r.via_id });

/** Records, in the write's own transaction, one notice about `subject` for each of `officerIds`. */
export async function recordNotices(tx: Queryable, subject: Required<NoticeSubject> & { viaId: string | null }, officerIds: readonly string[]): Promise<void> {
  if (officerIds.length === 0) return;
  await tx.query(
    'INSERT INTO notice_outbox (kind, case_id, subject_id, officer_id, via_id) SELECT $1, $2, $3, o, $5 FROM unnest($4::text[]) AS o',
    [subject.kind, subject.caseId, subject.subjectId, [...new Set(officerIds)], subject.viaId],
  );
}

export class NoticeOutbox {
  constructor(private readonly db: Database) {}

  /** The subject's notices not yet settled: what the request that wrote it sends after its commit. */
  async unsettled({ kind, subjectId, caseId }: NoticeSubject): Promise<OutboxNotice[]> {
    const { rows } = await this.db.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM notice_outbox WHERE kind = $1 AND subject_id = $2 AND ($3::uuid IS NULL OR case_id = $3::uuid) AND settled_at IS NULL ORDER BY recorded_at, id`,
      [kind, subjectId, caseId ?? null],
    );
    return rows.map(noticeOf);
  }

  /**
   * Notices not settled, recorded within `retry.windowMs` and at least `retry.graceMs` ago (their request is
   * still sending them), whose claim is claimable: what the sweep sends (at most `limit`).
   */
  async due(now: Date, retry: AnnounceRetry, limit: number): Promise<OutboxNotice[]> {
    const { rows } = await this.db.query<OutboxRow>(
      `SELECT ${COLUMNS} FROM notice_outbox
        WHERE settled_at IS NULL AND recorded_at > $1 AND recorded_at <= $2 AND attempts < $4 AND (claimed_at IS NULL OR claimed_at <= $3)
        ORDER BY recorded_at, id LIMIT $5`,
      [new Date(now.getTime() - retry.windowMs), new Date(now.getTime() - retry.graceMs), new Date(now.getTime() - retry.afterMs), retry.maxAttempts, limit],
    );
    return rows.map(noticeOf);
  }

  /**
   * Claims the attempt to send the notice: true if it is not settled, never claimed or claimed at least
   * `retry.afterMs` ago, and fewer than `retry.maxAttempts` attempts were made; one claimant at a time.
   */
  async claim(id: string, now: Date, retry: AnnounceRetry): Promise<boolean> {
    const { rows } = await this.db.query(
      `UPDATE notice_outbox SET attempts = attempts + 1, claimed_at = $2
        WHERE id = $1 AND settled_at IS NULL AND attempts < $4 AND (claimed_at IS NULL OR claimed_at <= $3)
        RETURNING id`,
      [id, now, new Date(now.getTime() - retry.afterMs), retry.maxAttempts],
    );
    return rows.length === 1;
  }

  /** Settles the notice, in `q` if given (a card shown: the transaction of its audit row); false if it was settled already. */
  async settle(id: string, settlement: NoticeSettlement, q: Queryable = this.db): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE notice_outbox SET settled_at = now(), outcome = $2, drop_reason = $3 WHERE id = $1 AND settled_at IS NULL`,
      [id, settlement.outcome, settlement.outcome === 'dropped' ? settlement.reason : null],
    );
    return rowCount === 1;
  }
}
