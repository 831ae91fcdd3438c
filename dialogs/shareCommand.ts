// "dela <diarienummer>", "delade uppgifter" and "granska <diarienummer>"
// (issue 15), and what their cards' buttons do. Sharing shows a card listing
// exactly what a share sends now (the API's preview), then shares on confirm
// — only if the case still shows the same fields, else the new card is shown
// and nothing is sent. An investigator reads what was shared with them. A
// reviewer grades the case's latest assessment by someone else blind, and sees
// the original beside their grades once the review is saved. Never throws for
// an API answer.
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { JUDGEMENT_KEYS, type JudgementKey } from '../methodology/sharingDeclaration.js';
import { problemTypeUri } from '../api/problem.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import { fieldsFingerprint, receivedSharesCard, reviewCard, shareCard } from './shareCard.js';
import { REVIEW_INPUTS, type ShareSubmit } from './shareSubmit.js';
import type { SharingApi } from './sharingApi.js';

export interface ShareCommandDeps {
  methodology: MethodologySource;
  api: Pick<AssessmentApi, 'listForCase'>;
  /** Absent where the bot runs without sharing. */
  sharing?: SharingApi;
  caseNumberPattern: RegExp;
  log: Logger;
}

const REVIEW_REFUSED = problemTypeUri('review-refused');

export class ShareCommand {
  constructor(private readonly deps: ShareCommandDeps) {}

  private say(locale: Locale, key: MessageKey, params?: Record<string, string | number>): OutgoingMessage {
    return { kind: 'text', text: t(locale, key, params) };
  }

  private failed(err: unknown, what: string): void {
    if (!(err instanceof ApiError)) throw err;
    this.deps.log.warn({ reason: err.reason, problemType: err.problemType }, what);
  }

  /** The share card of the case: exactly what a share sends now, and the form that sends it. */
  async showShare(officer: OfficerRef, typedCaseNumber: string, locale: Locale, filled: { investigationNumber?: string; recipients?: string; reason?: string } = {}): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [this.say(locale, 'share.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const preview = await sharing.sharePreview(officer, caseNumber);
      return [{ kind: 'card', card: shareCard(this.deps.methodology, caseNumber, preview, locale, filled) }];
    } catch (err) {
      this.failed(err, 'share preview not fetched');
      const reason = (err as ApiError).reason;
      return [this.say(locale, reason === 'forbidden' || reason === 'rejected' ? 'share.notAllowed' : 'share.failed')];
    }
  }

  /** What has been shared with the officer. */
  async received(officer: OfficerRef, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const shares = await sharing.receivedShares(officer);
      if (shares.length === 0) return [this.say(locale, 'shares.empty')];
      return [{ kind: 'card', card: receivedSharesCard(this.deps.methodology, shares, locale) }];
    } catch (err) {
      this.failed(err, 'shares not fetched');
      return [this.say(locale, (err as ApiError).reason === 'forbidden' ? 'shares.onlyInvestigators' : 'shares.failed')];
    }
  }

  /** The blind review card of the case's latest completed structured or in-depth assessment by someone else. */
  async showReview(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [this.say(locale, 'review.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const assessments = await this.deps.api.listForCase(officer, caseNumber);
      const latest = assessments
        .filter((a) => a.status === 'completed' && a.level !== 'initial' && a.officerId !== officer.id)
        .sort((a, b) => String(b.completedAt).localeCompare(String(a.completedAt)))[0];
      if (!latest) return [this.say(locale, 'review.nothing')];
      const basis = await sharing.reviewBasis(officer, latest.id);
      return [{ kind: 'card', card: reviewCard(this.deps.methodology, caseNumber, { id: latest.id, instrumentId: latest.instrumentId, pack: latest.pack }, basis.judgementKeys, locale) }];
    } catch (err) {
      this.failed(err, 'review not offered');
      const reason = (err as ApiError).reason;
      return [this.say(locale, reason === 'forbidden' ? 'review.notAllowed' : reason === 'rejected' ? 'review.nothing' : 'review.failed')];
    }
  }

  async act(officer: OfficerRef, submit: ShareSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    switch (submit.action) {
      case 'cancel':
        return [this.say(locale, 'share.cancelled')];
      case 'received':
        return this.received(officer, locale);
      case 'confirm':
        return this.confirmShare(officer, submit, locale);
      case 'submit':
        return this.submitReview(officer, submit, locale);
      default: {
        const never: never = submit;
        return never;
      }
    }
  }

  private async confirmShare(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'confirm' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const filled = { investigationNumber: submit.investigationNumber?.trim() ?? '', recipients: submit.recipients?.trim() ?? '', reason: submit.shareReason?.trim() ?? '' };
    const recipients = filled.recipients.split(/[,;\s]+/).filter(Boolean);
    if (!filled.investigationNumber || recipients.length === 0 || !filled.reason) {
      return [this.say(locale, 'share.missing'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
    }
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      // Only what the card listed is sent: a case that changed since shows its new card first.
      const now = await sharing.sharePreview(officer, submit.caseNumber);
      if (fieldsFingerprint(now.fields) !== submit.fingerprint) {
        return [this.say(locale, 'share.changed'), { kind: 'card', card: shareCard(this.deps.methodology, submit.caseNumber, now, locale, filled) }];
      }
      const share = await sharing.createShare(officer, submit.caseNumber, { investigationNumber: filled.investigationNumber, recipients, reason: filled.reason });
      return [this.say(locale, 'share.done', { investigation: share.investigationNumber, count: share.recipients.length })];
    } catch (err) {
      this.failed(err, 'share not made');
      const reason = (err as ApiError).reason;
      if (reason === 'rejected') return [this.say(locale, 'share.refused')];
      return [this.say(locale, reason === 'forbidden' ? 'share.notAllowed' : 'share.failed')];
    }
  }

  private async submitReview(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'submit' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    const grades: Partial<Record<JudgementKey, string>> = {};
    for (const key of JUDGEMENT_KEYS) {
      const value = submit[REVIEW_INPUTS[key]]?.trim();
      if (value) grades[key] = value;
    }
    const reason = submit.reviewReason?.trim();
    try {
      const review = await sharing.createReview(officer, submit.assessmentId, { verdict: 'blind', judgements: grades, ...(reason ? { reason } : {}) });
      const lines = JUDGEMENT_KEYS.filter((k) => review.original[k] !== undefined).map((k) =>
        t(locale, 'review.compare', { judgement: t(locale, `judgement.${k}`), mine: review.judgements[k] ?? '–', original: review.original[k] ?? '–' }),
      );
      return [this.say(locale, 'review.done'), { kind: 'text', text: lines.join('\n\n') }];
    } catch (err) {
      this.failed(err, 'review not saved');
      const e = err as ApiError;
      if (e.problemType === REVIEW_REFUSED) return [this.say(locale, 'review.originalSeen')];
      if (e.reason === 'rejected') return [this.say(locale, 'review.incomplete')];
      return [this.say(locale, e.reason === 'forbidden' ? 'review.notAllowed' : 'review.failed')];
    }
  }
}
