// Reviews of completed assessments (issue 15, item 4) in Postgres (either
// engine). A review is inserted beside its assessment with its
// 'assessment.review' audit row in one transaction; the assessment itself is
// never touched. Whether a reviewer has already seen the original (a read or
// case-file document of the assessment in the audit log, or an earlier review
// of theirs) decides whether a blind review is still possible. The figures
// read every review's grades; api/reviewFigures.ts computes and suppresses.
// A blind review that grades otherwise is stored without a reason and gets it
// afterwards, once, from its reviewer (giveReason); the grades never change.
import { appendAudit, type AuditContext } from './auditLog.js';
import type { AssessmentLevel, AssessmentStatus } from './assessmentRepository.js';
import type { Database, Queryable } from './database.js';
import { recordNotices } from './noticeOutbox.js';
import type { PoliceRegion } from './policeRegions.js';
import type { ReviewForFigures } from './reviewFigures.js';

export interface ReviewFacts {
  id: string;
  caseId: string;
  region: PoliceRegion;
  officerId: string;
  status: AssessmentStatus;
  level: AssessmentLevel;
  instrumentId: string;
  pack: { id: string; version: string };
  /** The original summary judgements (derived at completion); empty when none were recorded. */
  judgements: Record<string, string>;
}

export interface NewReview {
  facts: ReviewFacts;
  reviewerId: string;
  blind: boolean;
  verdict: 'agree' | 'regrade';
  judgements: Record<string, string>;
  reason: string | null;
}

export interface ReviewRecord {
  id: string;
  assessmentId: string;
  reviewerId: string;
  blind: boolean;
  verdict: 'agree' | 'regrade';
  judgements: Record<string, string>;
  original: Record<string, string>;
  reason: string | null;
  createdAt: Date;
}

type ReviewRow = { id: string; assessment_id: string; reviewer_id: string; blind: boolean; verdict: 'agree' | 'regrade'; judgements: Record<string, string>; original: Record<string, string>; reason: string | null; created_at: Date | string };
const REVIEW_COLUMNS = 'id, assessment_id, reviewer_id, blind, verdict, judgements, original, reason, created_at';
const reviewOf = (r: ReviewRow): ReviewRecord => ({
  id: r.id, assessmentId: r.assessment_id, reviewerId: r.reviewer_id, blind: r.blind, verdict: r.verdict, judgements: r.judgements, original: r.original, reason: r.reason, createdAt: new Date(r.created_at),
});

/** A blind review that graded otherwise and has no reason yet: not a complete regrade. */
export const reasonPending = (r: { blind: boolean; verdict: 'agree' | 'regrade'; reason: string | null }) => r.blind && r.verdict === 'regrade' && r.reason === null;

/** Records, with the review, that the officer who made the assessment is told of it (api/shareReviewNotifier.ts) — unless they reviewed it themself. */
async function recordReviewNotice(tx: Queryable, reviewId: string, viaId: string | null): Promise<void> {
  const { rows } = await tx.query<{ case_id: string; officer_id: string }>(
    'SELECT r.case_id, a.officer_id FROM assessment_reviews r JOIN assessments a ON a.id = r.assessment_id WHERE r.id = $1 AND a.officer_id <> r.reviewer_id',
    [reviewId],
  );
  const told = rows[0];
  if (told) await recordNotices(tx, { kind: 'review', caseId: told.case_id, subjectId: reviewId, viaId }, [told.officer_id]);
}

export class SqlReviews {
  constructor(private readonly db: Database) {}

  async facts(assessmentId: string): Promise<ReviewFacts | undefined> {
    const { rows } = await this.db.query<{ id: string; case_id: string; region: PoliceRegion; officer_id: string; status: AssessmentStatus; level: AssessmentLevel; instrument_id: string; pack_id: string; pack_version: string; judgements: Record<string, string> | null }>(
      `SELECT a.id, a.case_id, c.region, a.officer_id, a.status, a.level, a.instrument_id, a.pack_id, a.pack_version, a.derived->'judgements' AS judgements
         FROM assessments a JOIN cases c ON c.id = a.case_id WHERE a.id = $1`,
      [assessmentId],
    );
    const r = rows[0];
    return r && { id: r.id, caseId: r.case_id, region: r.region, officerId: r.officer_id, status: r.status, level: r.level, instrumentId: r.instrument_id, pack: { id: r.pack_id, version: r.pack_version }, judgements: r.judgements ?? {} };
  }

  /**
   * Whether the officer has seen the assessment's judgements, as the audit log tells: read it, had its
   * document or its reviews, reviewed it — or, since it was completed, been shown its case's latest
   * judgement (a work-list page naming the case, a share preview, a share or refresh of the case).
   */
  async originalSeenBy(assessmentId: string, officerId: string): Promise<boolean> {
    const { rows } = await this.db.query<{ seen: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM audit_log WHERE actor_id = $2 AND entity_type = 'assessment' AND entity_id = $1
                        AND action IN ('assessment.read', 'assessment.document', 'assessment.create'))
           OR EXISTS (SELECT 1 FROM assessment_reviews WHERE assessment_id = $3::uuid AND reviewer_id = $2)
           OR EXISTS (SELECT 1 FROM assessments a JOIN audit_log l ON l.actor_id = $2 AND l.at >= a.completed_at
                       WHERE a.id = $3::uuid
                         AND ((l.entity_type = 'case' AND l.entity_id = a.case_id::text
                               AND (l.action = 'worklist.read' OR (l.action = 'case.read' AND l.detail->>'view' = 'share_preview')))
                           OR (l.action IN ('share.create', 'share.refresh') AND l.detail->>'caseId' = a.case_id::text))) AS seen`,
      [assessmentId, officerId, assessmentId],
    );
    return rows[0]!.seen;
  }

  create(review: NewReview, audit: AuditContext): Promise<ReviewRecord> {
    return this.db.transaction(async (tx) => {
      const { facts } = review;
      const { rows } = await tx.query<{ id: string; created_at: Date | string }>(
        `INSERT INTO assessment_reviews (assessment_id, case_id, region, instrument_id, reviewer_id, blind, verdict, judgements, original, reason)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10) RETURNING id, created_at`,
        [facts.id, facts.caseId, facts.region, facts.instrumentId, review.reviewerId, review.blind, review.verdict, JSON.stringify(review.judgements), JSON.stringify(facts.judgements), review.reason],
      );
      const id = rows[0]!.id;
      const regraded = Object.keys(facts.judgements).filter((k) => review.judgements[k] !== facts.judgements[k]).sort();
      // A regrade is told once it has its reason (giveReason).
      if (!reasonPending(review)) await recordReviewNotice(tx, id, audit.viaId);
      await appendAudit(tx, audit, 'assessment.review', { type: 'review', id }, { assessmentId: facts.id, caseId: facts.caseId, blind: review.blind, verdict: review.verdict, regraded });
      return { id, assessmentId: facts.id, reviewerId: review.reviewerId, blind: review.blind, verdict: review.verdict, judgements: review.judgements, original: facts.judgements, reason: review.reason, createdAt: new Date(rows[0]!.created_at) };
    });
  }

  /** One review of the assessment; undefined when the assessment has no such review. Not audited: the caller acts on it as its reviewer. */
  async review(assessmentId: string, reviewId: string): Promise<ReviewRecord | undefined> {
    const { rows } = await this.db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM assessment_reviews WHERE id = $1 AND assessment_id = $2`, [reviewId, assessmentId]);
    return rows[0] && reviewOf(rows[0]);
  }

  /**
   * Stores the reason of a blind regrade still without one, with its 'review.reason' audit row; undefined
   * when the review has its reason already (another request gave it first) or is no such regrade.
   */
  giveReason(review: ReviewRecord, reason: string, audit: AuditContext): Promise<ReviewRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ReviewRow>(
        `UPDATE assessment_reviews SET reason = $1 WHERE id = $2 AND reviewer_id = $3 AND blind AND verdict = 'regrade' AND reason IS NULL RETURNING ${REVIEW_COLUMNS}`,
        [reason, review.id, review.reviewerId],
      );
      if (!rows[0]) return undefined;
      await recordReviewNotice(tx, review.id, audit.viaId);
      await appendAudit(tx, audit, 'review.reason', { type: 'review', id: review.id }, { assessmentId: review.assessmentId });
      return reviewOf(rows[0]);
    });
  }

  /** The assessment's answers without the given items (the judgements), audited as 'assessment.review_basis'. */
  basis(assessmentId: string, withoutItems: readonly string[], audit: AuditContext): Promise<{ itemId: string; value: string | string[]; rationale: string | null }[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ item_id: string; value: string | string[]; rationale: string | null }>(
        'SELECT item_id, value, rationale FROM assessment_answers WHERE assessment_id = $1 AND NOT (item_id = ANY($2::text[])) ORDER BY item_id',
        [assessmentId, [...withoutItems]],
      );
      await appendAudit(tx, audit, 'assessment.review_basis', { type: 'assessment', id: assessmentId }, { withheld: [...withoutItems].sort() });
      return rows.map((r) => ({ itemId: r.item_id, value: r.value, rationale: r.rationale }));
    });
  }

  /** The reviews of an assessment, oldest first: a consultation of it (they show its judgements), one 'assessment.read' row. */
  list(assessmentId: string, audit: AuditContext): Promise<ReviewRecord[]> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM assessment_reviews WHERE assessment_id = $1 ORDER BY created_at, id`, [assessmentId]);
      await appendAudit(tx, audit, 'assessment.read', { type: 'assessment', id: assessmentId }, { view: 'reviews' });
      return rows.map(reviewOf);
    });
  }

  /** Every review's grades, for the figures; no personal data. */
  async forFigures(): Promise<ReviewForFigures[]> {
    const { rows } = await this.db.query<{ region: string; instrument_id: string; blind: boolean; verdict: 'agree' | 'regrade'; judgements: Record<string, string>; original: Record<string, string>; reason: string | null }>(
      'SELECT region, instrument_id, blind, verdict, judgements, original, reason FROM assessment_reviews ORDER BY id',
    );
    return rows.map((r) => ({ region: r.region, instrumentId: r.instrument_id, blind: r.blind, verdict: r.verdict, judgements: r.judgements, original: r.original, reasonPending: reasonPending(r) }));
  }
}
