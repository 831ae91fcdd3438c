// Who hears of a share and of a review (issue 15, items 3 and 4), told after
// the write has committed, like api/referralNotifier.ts: every recipient of a
// share (the investigators) with a usable conversation reference gets a card
// naming their investigation, when, and a button for "delade uppgifter" —
// never the snapshot itself, which they read there (audited as 'share.read');
// the officer who made a reviewed assessment gets a card with the case
// number and agree or regrade — never the reviewer's reason or grades, which
// they read beside the assessment. Each card sent is an audited read of what
// it shows ('share.notice', 'review.notice'), by the officer it was shown to.
// A reference the connector refuses (403/404) is marked and not tried again.
// Never throws: the share or the review stands whatever becomes of a card.
import { decide } from './accessPolicy.js';
import { sendAuditedNotice, type NotifierDeps } from './auditedNotice.js';
import { atMost } from './boundedWait.js';
import type { ProactiveMessage } from './proactiveDelivery.js';
import { ANNOUNCE_WAIT_MS } from './referralNotifier.js';
import type { ReviewFacts, ReviewRecord } from './sqlReviews.js';
import type { ShareRecord } from './sqlShares.js';
import type { Officer } from './principal.js';

/** The purpose on the audit row of a card shown unasked. */
export const SHARE_NOTICE_PURPOSE = 'share notice';
export const REVIEW_NOTICE_PURPOSE = 'review notice';


export class ShareReviewNotifier {
  constructor(private readonly deps: NotifierDeps) {}

  /** shared(), waited for at most ANNOUNCE_WAIT_MS. */
  sharedWithin(share: ShareRecord, refreshed: boolean, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.shared(share, refreshed, viaId), waitMs);
  }

  /** reviewed(), waited for at most ANNOUNCE_WAIT_MS. */
  reviewedWithin(review: ReviewRecord, facts: ReviewFacts, viaId: string | null, waitMs = ANNOUNCE_WAIT_MS): Promise<void> {
    return atMost(this.reviewed(review, facts, viaId), waitMs);
  }

  /** Tells the share's current recipients of it (a new share, or a refreshed snapshot); never throws. */
  async shared(share: ShareRecord, refreshed: boolean, viaId: string | null): Promise<void> {
    const { delivery, references, log } = this.deps;
    if (!delivery || share.withdrawn) return;
    try {
      const sharedAt = (share.snapshots.at(-1)?.takenAt ?? share.sharedAt).toISOString();
      const message: ProactiveMessage = { kind: 'share_notice', shareId: share.id, investigationNumber: share.investigationNumber, sharedAt, refreshed };
      const recipients = await this.activeWhere(share.recipients, (officer) => decide(officer, 'share.read', { region: officer.region, shareRecipient: true, shareWithdrawn: false }).allowed);
      const targets = await references.usableFor(recipients);
      await Promise.all(
        targets.map((target) =>
          sendAuditedNotice({ ...this.deps, delivery }, target, {
            message,
            action: 'share.notice',
            entity: { type: 'share', id: share.id },
            audit: { actorId: target.officerId, viaId, purpose: SHARE_NOTICE_PURPOSE },
            detail: { shown: ['investigationNumber', 'sharedAt'], refreshed },
          }),
        ),
      );
    } catch (err) {
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'share notice not sent; the share is read through delade uppgifter');
    }
  }

  /** Tells the officer who made the assessment of its review, if they may still read it; never throws. */
  async reviewed(review: ReviewRecord, facts: ReviewFacts, viaId: string | null): Promise<void> {
    const { delivery, references, database, log } = this.deps;
    if (!delivery || facts.officerId === review.reviewerId) return;
    try {
      const recipients = await this.activeWhere([facts.officerId], (officer) => decide(officer, 'assessment.read', { region: facts.region, level: facts.level, ownerId: facts.officerId }).allowed);
      const targets = await references.usableFor(recipients);
      if (targets.length === 0) return;
      const { rows } = await database.query<{ case_number: string }>('SELECT case_number FROM cases WHERE id = $1', [facts.caseId]);
      const caseNumber = rows[0]?.case_number;
      if (!caseNumber) return;
      const regraded = Object.keys(review.original).filter((k) => review.judgements[k] !== review.original[k]).length;
      const message: ProactiveMessage = { kind: 'review_notice', caseNumber, assessmentId: facts.id, verdict: review.verdict, regraded };
      await Promise.all(
        targets.map((target) =>
          sendAuditedNotice({ ...this.deps, delivery }, target, {
            message,
            action: 'review.notice',
            entity: { type: 'review', id: review.id },
            audit: { actorId: target.officerId, viaId, purpose: REVIEW_NOTICE_PURPOSE },
            detail: { shown: ['caseNumber', 'verdict', 'regraded'], assessmentId: facts.id },
          }),
        ),
      );
    } catch (err) {
      log.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'review notice not sent; the review shows beside the assessment');
    }
  }

  /** The ids of those officers who are active and pass the check. */
  private async activeWhere(ids: readonly string[], allowed: (officer: Officer) => boolean): Promise<string[]> {
    const found = await Promise.all([...new Set(ids)].map((id) => this.deps.officers.find(id)));
    return found.flatMap((officer) => (officer && allowed(officer) ? [officer.id] : []));
  }

}
