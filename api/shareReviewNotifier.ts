// Who hears of a share and of a review (issue 15, items 3 and 4): every
// recipient of a share (the investigators) with a usable conversation
// reference gets a card naming their investigation, when, and a button for
// "delade uppgifter" — never the snapshot itself, which they read there
// (audited as 'share.read'); the officer who made a reviewed assessment gets a
// card with the case number and agree or regrade — never the reviewer's
// reason or grades, which they read beside the assessment. The share (or its
// refresh) and the review (once it has its reason) record one notice per
// recipient in their own transaction (api/sqlShares.ts, api/sqlReviews.ts,
// api/noticeOutbox.ts), sent by the request after its commit and by the
// notice sweep if that send did not arrive (api/noticeSender.ts); this
// composes each card when it is sent, for an officer still active and allowed
// to read what it tells of. Each card sent is an audited read of what it shows
// ('share.notice', 'review.notice'), by the officer it was shown to; a chat the
// connector refuses (403/404) is marked and not tried again.
import { decide } from './accessPolicy.js';
import type { NotifierDeps } from './auditedNotice.js';
import type { AssessmentLevel } from './assessmentRepository.js';
import type { NoticeComposer } from './noticeSender.js';
import type { PoliceRegion } from './policeRegions.js';

/** The purpose on the audit row of a card shown unasked. */
export const SHARE_NOTICE_PURPOSE = 'share notice';
export const REVIEW_NOTICE_PURPOSE = 'review notice';

export class ShareReviewNotifier {
  constructor(private readonly deps: Pick<NotifierDeps, 'officers' | 'database'>) {}

  /** The card telling a recipient of the share (the notice's subject) of it, or of its refreshed snapshot. */
  readonly composeShare: NoticeComposer = async (notice) => {
    const officer = await this.deps.officers.find(notice.officerId);
    if (!officer) return 'inactive';
    const { rows } = await this.deps.database.query<{ investigation_number: string; withdrawn: boolean; shared_at: Date | string; recipient: boolean }>(
      `SELECT s.investigation_number, s.withdrawn_at IS NOT NULL AS withdrawn,
              coalesce((SELECT max(taken_at) FROM case_share_snapshots n WHERE n.share_id = s.id), s.shared_at) AS shared_at,
              EXISTS (SELECT 1 FROM case_share_recipients r WHERE r.share_id = s.id AND r.officer_id = $2) AS recipient
         FROM case_shares s WHERE s.id = $1::uuid`,
      [notice.subjectId, officer.id],
    );
    const share = rows[0];
    if (!share) return 'gone';
    if (!decide(officer, 'share.read', { region: officer.region, shareRecipient: share.recipient, shareWithdrawn: share.withdrawn }).allowed) return 'not_allowed';
    const refreshed = notice.kind === 'share_refreshed';
    const sharedAt = new Date(share.shared_at).toISOString();
    return {
      message: { kind: 'share_notice', shareId: notice.subjectId, investigationNumber: share.investigation_number, sharedAt, refreshed },
      action: 'share.notice',
      entity: { type: 'share', id: notice.subjectId },
      audit: { actorId: officer.id, viaId: notice.viaId, purpose: SHARE_NOTICE_PURPOSE },
      detail: { shown: ['investigationNumber', 'sharedAt'], refreshed },
    };
  };

  /** The card telling the officer who made the assessment of its review (the notice's subject). */
  readonly composeReview: NoticeComposer = async (notice) => {
    const officer = await this.deps.officers.find(notice.officerId);
    if (!officer) return 'inactive';
    const { rows } = await this.deps.database.query<{
      verdict: 'agree' | 'regrade';
      judgements: Record<string, string>;
      original: Record<string, string>;
      assessment_id: string;
      owner_id: string;
      level: AssessmentLevel;
      region: PoliceRegion;
      case_number: string;
    }>(
      `SELECT r.verdict, r.judgements, r.original, a.id AS assessment_id, a.officer_id AS owner_id, a.level, c.region, c.case_number
         FROM assessment_reviews r JOIN assessments a ON a.id = r.assessment_id JOIN cases c ON c.id = a.case_id
        WHERE r.id = $1::uuid`,
      [notice.subjectId],
    );
    const review = rows[0];
    if (!review) return 'gone';
    if (!decide(officer, 'assessment.read', { region: review.region, level: review.level, ownerId: review.owner_id }).allowed) return 'not_allowed';
    const regraded = Object.keys(review.original).filter((k) => review.judgements[k] !== review.original[k]).length;
    return {
      message: { kind: 'review_notice', caseNumber: review.case_number, assessmentId: review.assessment_id, verdict: review.verdict, regraded },
      action: 'review.notice',
      entity: { type: 'review', id: notice.subjectId },
      audit: { actorId: officer.id, viaId: notice.viaId, purpose: REVIEW_NOTICE_PURPOSE },
      detail: { shown: ['caseNumber', 'verdict', 'regraded'], assessmentId: review.assessment_id },
    };
  };
}
