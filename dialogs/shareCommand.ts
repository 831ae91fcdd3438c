// "dela <diarienummer>", "delade uppgifter" and "granska <diarienummer>"
// (issue 15), and what their cards' buttons do. Sharing shows a card listing
// exactly what a share sends now (the API's preview), then shares on confirm
// — only if the case still shows the same fields (the API holds the share to
// the preview's snapshotHash), else the new card is shown, saying what
// changed, and nothing is sent. "delningar <diarienummer>" shows the case's
// shares to refresh (after a card of what the refresh sends, confirmed the
// same way) or withdraw one. An investigator reads what was shared with them. A
// reviewer of the case's latest assessment by someone else chooses blind
// (grades before seeing the original, shown beside their grades once saved)
// or open (reads the officer's judgements and reasons, then agrees or
// regrades one or more judgements, each with a reason). Grades are shown as
// the pack version's labels. Never throws for an API answer.
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { JUDGEMENT_KEYS, type JudgementKey } from '../methodology/sharingDeclaration.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import type { OutgoingMessage } from './cardRenderer.js';
import { t, type Locale, type MessageKey } from './messageCatalogue.js';
import type { CreateReviewRequest } from '../api/reviewContract.js';
import type { ShareFields } from '../api/shareSnapshot.js';
import { judgementGradeLabel, judgementGrades } from './judgementGrades.js';
import { localTime } from './localTime.js';
import { blindReasonCard, openReviewCard, regradeCard, reviewModeCard, type OpenReview } from './reviewCards.js';
import { receivedSharesCard, refreshCard, reviewCard, shareCard } from './shareCard.js';
import { changedShareFields } from './shareFieldChanges.js';
import { caseShareCard, type ShareOnCard } from './caseShareCard.js';
import { REGRADE_REASON_INPUTS, REVIEW_INPUTS, type RefreshConfirmSubmit, type ShareActionSubmit, type ShareSubmit } from './shareSubmit.js';
import type { ReviewBasis, ReviewResponse, SharingApi } from './sharingApi.js';
import { textFaultsOf, textFaultsText, type FieldTextFault } from './textFault.js';

export interface ShareCommandDeps {
  methodology: MethodologySource;
  /** The case's assessments, and one assessment with its answers (what an open review shows). */
  api: Pick<AssessmentApi, 'listForCase' | 'get'>;
  /** Absent where the bot runs without sharing. */
  sharing?: SharingApi;
  caseNumberPattern: RegExp;
  log: Logger;
}

/** The API keeps one reason per review: one judgement's reason as it is, several's each under its judgement. */
function combinedReason(reasons: readonly (readonly [JudgementKey, string])[], locale: Locale): string {
  return reasons.length === 1 ? reasons[0]![1] : reasons.map(([key, r]) => `${t(locale, `judgement.${key}`)}: ${r}`).join('\n');
}

/** The share form's texts by their field in the API's request, as the officer reads their names. */
const SHARE_FIELDS: Readonly<Record<string, MessageKey>> = { investigationNumber: 'field.investigationNumber', recipients: 'field.recipients', reason: 'field.shareReason' };

/**
 * Each regrade reason checked on its own by the API's rule (so the officer hears which judgement's reason
 * holds what cannot be saved), then all of them as the one reason the API keeps.
 */
function regradeReasonFaults(reasons: readonly (readonly [JudgementKey, string])[], combined: string, locale: Locale): string | undefined {
  const faults = reasons.flatMap(([key, reason]) =>
    textFaultsOf('giveReviewReason', { reason }).map((f) => textFaultsText(locale, [f], () => t(locale, 'field.regradeReason', { judgement: t(locale, `judgement.${key}`) }))),
  );
  if (faults.length) return faults.join('\n\n');
  const together = textFaultsOf('giveReviewReason', { reason: combined });
  return together.length ? textFaultsText(locale, together, () => t(locale, reasons.length > 1 ? 'field.regradeReasons' : 'field.reviewReason')) : undefined;
}

export class ShareCommand {
  constructor(private readonly deps: ShareCommandDeps) {}

  private say(locale: Locale, key: MessageKey, params?: Record<string, string | number>): OutgoingMessage {
    return { kind: 'text', text: t(locale, key, params) };
  }

  /** What cannot be saved in the texts of a form, said once; `fieldOf` names a field by its path in the request. */
  private textFaults(locale: Locale, faults: readonly FieldTextFault[], fieldOf: (path: FieldTextFault['path']) => MessageKey): OutgoingMessage {
    return { kind: 'text', text: textFaultsText(locale, faults, (path) => t(locale, fieldOf(path))) };
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

  private shareCard(caseNumber: string, share: ShareOnCard, locale: Locale, reason?: string): OutgoingMessage {
    return { kind: 'card', card: caseShareCard(caseNumber, share, locale, reason) };
  }

  /** The case's shares, one card each, newest first: each active one to refresh or withdraw. */
  async showCaseShares(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [this.say(locale, 'caseShares.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const shares = await sharing.caseShares(officer, caseNumber);
      if (shares.length === 0) return [this.say(locale, 'caseShares.empty', { caseNumber })];
      return [this.say(locale, 'caseShares.title', { caseNumber, count: shares.length }), ...shares.map((share) => this.shareCard(caseNumber, share, locale))];
    } catch (err) {
      this.failed(err, 'case shares not fetched');
      const reason = (err as ApiError).reason;
      return [this.say(locale, reason === 'forbidden' || reason === 'rejected' ? 'caseShares.notAllowed' : 'caseShares.failed')];
    }
  }

  /**
   * Uppdatera or Dra tillbaka on a share's card: Uppdatera answers with what a refresh sends now, to confirm;
   * a withdrawal with the share's card as it now stands. A withdrawal needs its reason; refused or failed, the card comes back holding the reason typed
   * (known by its investigation only: the API is not asked again). A share withdrawn already is told so.
   */
  private async shareAction(officer: OfficerRef, submit: ShareActionSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    const reason = submit.withdrawReason?.trim() ?? '';
    const cardAgain = () => this.shareCard(submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, locale, reason);
    const again = (key: MessageKey) => [this.say(locale, key), cardAgain()];
    if (submit.action === 'withdraw' && !reason) return again('caseShares.reasonMissing');
    const refusedReason = (faults: readonly FieldTextFault[]) => [this.textFaults(locale, faults, () => 'field.withdrawReason'), cardAgain()];
    const faults = submit.action === 'withdraw' ? textFaultsOf('withdrawShare', { reason }) : [];
    if (faults.length) return refusedReason(faults);
    const sharing = this.deps.sharing;
    if (!sharing) return again('work.unavailable');
    try {
      if (submit.action === 'refresh') {
        // Nothing is sent yet: first what the refresh would send, to confirm (refreshConfirm).
        const preview = await sharing.sharePreview(officer, submit.caseNumber);
        return [{ kind: 'card', card: refreshCard(this.deps.methodology, submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, preview, locale) }];
      }
      const share = await sharing.withdrawShare(officer, submit.caseNumber, submit.shareId, reason);
      return [this.say(locale, 'caseShares.withdrawn', { investigation: share.investigationNumber }), this.shareCard(submit.caseNumber, share, locale)];
    } catch (err) {
      this.failed(err, submit.action === 'refresh' ? 'share not refreshed' : 'share not withdrawn');
      switch ((err as ApiError).reason) {
        case 'share_withdrawn':
          return [this.say(locale, 'caseShares.alreadyWithdrawn', { caseNumber: submit.caseNumber })];
        case 'case_closed':
          return again('caseShares.caseClosed');
        case 'invalid_text':
          return refusedReason((err as ApiError).textFaults);
        case 'forbidden':
          return again(submit.action === 'refresh' ? 'caseShares.refreshNotAllowed' : 'caseShares.withdrawNotAllowed');
        case 'unavailable':
          return again('caseShares.actionFailed');
        default:
          return again('caseShares.refused');
      }
    }
  }

  /**
   * A refresh confirmed on its card: sent naming the preview the card listed, so the API stores it only while the
   * case still shows exactly that; changed since, nothing is refreshed and the new card says what changed.
   */
  private async confirmRefresh(officer: OfficerRef, submit: RefreshConfirmSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    const again = (key: MessageKey) => [this.say(locale, key), this.shareCard(submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, locale)];
    const sharing = this.deps.sharing;
    if (!sharing) return again('work.unavailable');
    try {
      const share = await sharing.refreshShare(officer, submit.caseNumber, submit.shareId, submit.fingerprint);
      return [this.say(locale, 'caseShares.refreshed', { investigation: share.investigationNumber, seq: share.snapshots.at(-1)?.seq ?? 1 }), this.shareCard(submit.caseNumber, share, locale)];
    } catch (err) {
      this.failed(err, 'share not refreshed');
      switch ((err as ApiError).reason) {
        case 'stale':
          return this.refreshChanged(officer, submit, locale);
        case 'share_withdrawn':
          return [this.say(locale, 'caseShares.alreadyWithdrawn', { caseNumber: submit.caseNumber })];
        case 'case_closed':
          return again('caseShares.caseClosed');
        case 'forbidden':
          return again('caseShares.refreshNotAllowed');
        case 'unavailable':
          return again('caseShares.actionFailed');
        default:
          return again('caseShares.refused');
      }
    }
  }

  /** Nothing refreshed because the case changed since its card: what changed, and the new card. */
  private async refreshChanged(officer: OfficerRef, submit: RefreshConfirmSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    try {
      const now = await this.deps.sharing!.sharePreview(officer, submit.caseNumber);
      const changes = submit.shown ? changedShareFields(submit.shown, now.fields).map((kind) => t(locale, `share.kind.${kind}`)) : [];
      const said = changes.length ? this.say(locale, 'caseShares.refreshChangedWhat', { changes: changes.join(', ') }) : this.say(locale, 'caseShares.refreshChanged');
      return [said, { kind: 'card', card: refreshCard(this.deps.methodology, submit.caseNumber, { id: submit.shareId, investigationNumber: submit.investigationNumber }, now, locale) }];
    } catch (err) {
      this.failed(err, 'share preview not fetched again');
      return [this.say(locale, 'caseShares.refreshChanged'), this.say(locale, 'caseShares.actionFailed')];
    }
  }

  /**
   * The first review card: blind or open, for the case's latest completed structured or in-depth
   * assessment by someone else. The review basis is asked first, so that an officer who may not review
   * it (not a reviewer of the region) is told so before choosing; one's own assessment is refused as such.
   */
  async showReview(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [this.say(locale, 'review.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const reviewable = (await this.deps.api.listForCase(officer, caseNumber))
        .filter((a) => a.status === 'completed' && a.level !== 'initial')
        .sort((a, b) => String(b.completedAt).localeCompare(String(a.completedAt)));
      const latest = reviewable.find((a) => a.officerId !== officer.id);
      if (!latest) return [this.say(locale, reviewable.length ? 'review.own' : 'review.nothing')];
      const basis = await sharing.reviewBasis(officer, latest.id);
      return [{ kind: 'card', card: reviewModeCard(this.deps.methodology, { caseNumber, assessmentId: latest.id, instrumentId: basis.instrumentId, pack: basis.pack }, locale) }];
    } catch (err) {
      this.failed(err, 'review not offered');
      return [this.refusal(err as ApiError, locale)];
    }
  }

  /** Why a review step was refused, plainly. */
  private refusal(err: ApiError, locale: Locale, blind = false): OutgoingMessage {
    if (err.reason === 'review_refused') return this.say(locale, blind ? 'review.originalSeen' : 'review.nothing');
    if (err.reason === 'forbidden') return this.say(locale, 'review.notAllowed');
    if (err.reason === 'rejected') return this.say(locale, 'review.nothing');
    return this.say(locale, 'review.failed');
  }

  /** The assessment as the open card shows it: its judgements, each with the officer's reason. */
  private async openReview(officer: OfficerRef, caseNumber: string, assessmentId: string, locale: Locale): Promise<OpenReview> {
    const assessment = await this.deps.api.get(officer, assessmentId);
    const judgements = (assessment.derived?.judgements ?? {}) as Partial<Record<JudgementKey, string>>;
    const original: Partial<Record<JudgementKey, string>> = {};
    const reasons: Partial<Record<JudgementKey, string>> = {};
    for (const key of JUDGEMENT_KEYS) {
      const code = judgements[key];
      if (code === undefined) continue;
      original[key] = code;
      const { itemId } = judgementGrades(this.deps.methodology, assessment.pack, assessment.instrumentId, key, locale);
      const rationale = assessment.answers.find((a) => a.itemId === itemId)?.rationale?.trim();
      if (rationale) reasons[key] = rationale;
    }
    return { caseNumber, assessmentId, instrumentId: assessment.instrumentId, pack: { id: assessment.pack.id, version: assessment.pack.version }, original, reasons };
  }

  private blindCard(caseNumber: string, assessmentId: string, basis: ReviewBasis, locale: Locale, filled: Partial<Record<string, string>> = {}): OutgoingMessage {
    return { kind: 'card', card: reviewCard(this.deps.methodology, caseNumber, { id: assessmentId, instrumentId: basis.instrumentId, pack: basis.pack, answers: basis.answers }, basis.judgementKeys, locale, filled) };
  }

  /** Step two: the blind card, or the open one. */
  private async chooseMode(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'mode' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    const mode = submit.reviewMode?.trim();
    if (mode !== 'blind' && mode !== 'open') return [this.say(locale, 'review.chooseMode'), ...(await this.showReview(officer, submit.caseNumber, locale))];
    try {
      // Asked in either mode: it refuses whoever may not review the assessment, before anything of it is shown.
      const basis = await sharing.reviewBasis(officer, submit.assessmentId);
      if (mode === 'blind') return [this.blindCard(submit.caseNumber, submit.assessmentId, basis, locale)];
      const review = await this.openReview(officer, submit.caseNumber, submit.assessmentId, locale);
      if (Object.keys(review.original).length === 0) return [this.say(locale, 'review.nothing')];
      return [{ kind: 'card', card: openReviewCard(this.deps.methodology, review, locale) }];
    } catch (err) {
      this.failed(err, 'review not offered');
      return [this.refusal(err as ApiError, locale)];
    }
  }

  /** Step three of an open review: the regrade form. */
  private async regradeForm(officer: OfficerRef, submit: { caseNumber: string; assessmentId: string }, locale: Locale, filled: Partial<Record<string, string>> = {}): Promise<OutgoingMessage[]> {
    try {
      const review = await this.openReview(officer, submit.caseNumber, submit.assessmentId, locale);
      if (Object.keys(review.original).length === 0) return [this.say(locale, 'review.nothing')];
      return [{ kind: 'card', card: regradeCard(this.deps.methodology, review, locale, filled) }];
    } catch (err) {
      this.failed(err, 'regrade form not shown');
      return [this.refusal(err as ApiError, locale)];
    }
  }

  /** An open regrade: at least one judgement graded otherwise, each with its reason; else the form again with what was filled in. */
  private async regrade(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'regrade' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const grades: Partial<Record<JudgementKey, string>> = {};
    const reasons: [JudgementKey, string][] = [];
    const missing: string[] = [];
    const filled: Record<string, string> = {};
    for (const key of JUDGEMENT_KEYS) {
      const grade = submit[REVIEW_INPUTS[key]]?.trim();
      const reason = submit[REGRADE_REASON_INPUTS[key]]?.trim();
      if (grade) filled[REVIEW_INPUTS[key]] = grade;
      if (reason) filled[REGRADE_REASON_INPUTS[key]] = reason;
      if (!grade) continue;
      grades[key] = grade;
      if (reason) reasons.push([key, reason]);
      else missing.push(t(locale, `judgement.${key}`));
    }
    if (Object.keys(grades).length === 0) return [this.say(locale, 'review.regradeNone'), ...(await this.regradeForm(officer, submit, locale, filled))];
    if (missing.length) return [this.say(locale, 'review.regradeNeedsReason', { judgements: missing.join(', ') }), ...(await this.regradeForm(officer, submit, locale, filled))];
    const reason = combinedReason(reasons, locale);
    const faults = regradeReasonFaults(reasons, reason, locale);
    if (faults) return [{ kind: 'text', text: faults }, ...(await this.regradeForm(officer, submit, locale, filled))];
    return this.saveReview(officer, submit.caseNumber, submit.assessmentId, { verdict: 'regrade', judgements: grades, reason }, locale, () => this.regradeForm(officer, submit, locale, filled));
  }

  /** Records the review and shows the reviewer's grades beside the original, as labels of the pack version. */
  private async saveReview(officer: OfficerRef, caseNumber: string, assessmentId: string, request: CreateReviewRequest, locale: Locale, formAgain: () => Promise<OutgoingMessage[]> = async () => []): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    let review: ReviewResponse;
    try {
      review = await sharing.createReview(officer, assessmentId, request);
    } catch (err) {
      this.failed(err, 'review not saved');
      const e = err as ApiError;
      if (e.reason === 'review_refused') return [this.say(locale, request.verdict === 'blind' ? 'review.originalSeen' : 'review.nothing')];
      if (e.reason === 'invalid_text') return [this.textFaults(locale, e.textFaults, () => 'field.reviewReason'), ...(await formAgain())];
      // Grades that do not fit come back with the values named; a refusal naming none is an assessment not there to review.
      if (e.reason === 'rejected' && e.issues.length === 0) return [this.say(locale, 'review.nothing')];
      if (e.reason === 'rejected') return [this.say(locale, request.verdict === 'blind' ? 'review.incomplete' : 'review.regradeRejected'), ...(await formAgain())];
      if (e.reason === 'forbidden') return [this.say(locale, 'review.notAllowed')];
      return [this.say(locale, 'review.failed'), ...(await formAgain())];
    }
    return this.reviewOutcome(officer, caseNumber, review, locale);
  }

  /** The grades of a review as labels of the assessment's own pack version (the summary list says which; no judgements in it). */
  private async gradeLabels(officer: OfficerRef, caseNumber: string, assessmentId: string, locale: Locale): Promise<(key: JudgementKey, code: string | undefined) => string> {
    const summary = await this.deps.api.listForCase(officer, caseNumber).then(
      (list) => list.find((a) => a.id === assessmentId),
      () => undefined,
    );
    return (key, code) => (code === undefined ? '–' : judgementGradeLabel(this.deps.methodology, summary?.pack ?? { id: '', version: '' }, summary?.instrumentId ?? '', key, code, locale));
  }

  /**
   * The saved review beside the original; a blind review that graded otherwise has no reason yet, so the
   * original is now shown beside the fixed grades with a reason asked for each judgement that differs.
   */
  private async reviewOutcome(officer: OfficerRef, caseNumber: string, review: ReviewResponse, locale: Locale, filled: Partial<Record<string, string>> = {}): Promise<OutgoingMessage[]> {
    const label = await this.gradeLabels(officer, caseNumber, review.assessmentId, locale);
    if (review.reasonPending) {
      const differing = review.regraded.map((key) => ({ key, judgement: t(locale, `judgement.${key}`), original: label(key, review.original[key]), mine: label(key, review.judgements[key]) }));
      return [this.say(locale, 'review.blindDiffers'), { kind: 'card', card: blindReasonCard({ caseNumber, assessmentId: review.assessmentId, reviewId: review.id, differing }, locale, filled) }];
    }
    const lines = JUDGEMENT_KEYS.filter((k) => review.original[k] !== undefined).map((k) =>
      t(locale, 'review.compare', { judgement: t(locale, `judgement.${k}`), mine: label(k, review.judgements[k]), original: label(k, review.original[k]) }),
    );
    return [this.say(locale, review.verdict === 'agree' ? 'review.doneAgree' : 'review.done'), { kind: 'text', text: lines.join('\n\n') }];
  }

  /**
   * The reviews of an assessment as its officer reads them (from the review notice, or the work list): each
   * judgement, theirs beside the reviewer's grade, and the reviewer's reason — read under their own access.
   */
  async showReviews(officer: OfficerRef, caseNumber: string, assessmentId: string, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const reviews = await sharing.reviews(officer, assessmentId);
      if (reviews.length === 0) return [this.say(locale, 'review.shown.none')];
      const label = await this.gradeLabels(officer, caseNumber, assessmentId, locale);
      return reviews.map((review): OutgoingMessage => {
        const mode = t(locale, review.blind ? 'review.shown.mode.blind' : 'review.shown.mode.open');
        const lines = [
          `**${t(locale, 'review.shown.title', { caseNumber, mode, date: localTime(review.createdAt) })}**`,
          ...JUDGEMENT_KEYS.filter((k) => review.original[k] !== undefined).map((k) =>
            t(locale, 'review.shown.line', { judgement: t(locale, `judgement.${k}`), original: label(k, review.original[k]), reviewed: label(k, review.judgements[k]) }),
          ),
          ...(review.reason ? [t(locale, 'review.shown.reason', { reason: review.reason })] : review.reasonPending ? [t(locale, 'review.shown.reasonPending')] : []),
        ];
        return { kind: 'text', text: lines.join('\n\n') };
      });
    } catch (err) {
      this.failed(err, 'reviews not shown');
      return [this.refusal(err as ApiError, locale)];
    }
  }

  /** The reasons of a blind regrade, one per judgement that differs; the card again while one is missing. */
  private async blindReason(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'blindReason' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      const review = (await sharing.reviews(officer, submit.assessmentId)).find((r) => r.id === submit.reviewId);
      if (!review || review.reviewerId !== officer.id) return [this.say(locale, 'review.nothing')];
      if (!review.reasonPending) return [this.say(locale, 'review.reasonAlready'), ...(await this.reviewOutcome(officer, submit.caseNumber, review, locale))];
      const reasons = review.regraded.map((key) => [key, submit[REGRADE_REASON_INPUTS[key]]?.trim() ?? ''] as const);
      const missing = reasons.filter(([, reason]) => !reason).map(([key]) => t(locale, `judgement.${key}`));
      if (missing.length) {
        const filled = Object.fromEntries(reasons.map(([key, reason]) => [REGRADE_REASON_INPUTS[key], reason]));
        return [this.say(locale, 'review.blindReasonMissing', { judgements: missing.join(', ') }), ...(await this.reviewOutcome(officer, submit.caseNumber, review, locale, filled)).slice(1)];
      }
      const reason = combinedReason(reasons, locale);
      // The card again holding every reason written, as when one is missing.
      const cardAgain = async () => (await this.reviewOutcome(officer, submit.caseNumber, review, locale, Object.fromEntries(reasons.map(([key, r]) => [REGRADE_REASON_INPUTS[key], r])))).slice(1);
      const faults = regradeReasonFaults(reasons, reason, locale);
      if (faults) return [{ kind: 'text', text: faults }, ...(await cardAgain())];
      try {
        return this.reviewOutcome(officer, submit.caseNumber, await sharing.giveReviewReason(officer, submit.assessmentId, submit.reviewId, reason), locale);
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'invalid_text') return [this.textFaults(locale, err.textFaults, () => (reasons.length > 1 ? 'field.regradeReasons' : 'field.reviewReason')), ...(await cardAgain())];
        throw err;
      }
    } catch (err) {
      this.failed(err, 'review reason not saved');
      const e = err as ApiError;
      if (e.reason === 'review_refused') return [this.say(locale, 'review.reasonAlready')];
      if (e.reason === 'forbidden') return [this.say(locale, 'review.notAllowed')];
      return [this.say(locale, 'review.failed')];
    }
  }

  async act(officer: OfficerRef, submit: ShareSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    switch (submit.action) {
      case 'cancel':
        return [this.say(locale, 'share.cancelled')];
      case 'received':
        return this.received(officer, locale);
      case 'refresh':
      case 'withdraw':
        return this.shareAction(officer, submit, locale);
      case 'refreshConfirm':
        return this.confirmRefresh(officer, submit, locale);
      case 'confirm':
        return this.confirmShare(officer, submit, locale);
      case 'submit':
        return this.submitReview(officer, submit, locale);
      case 'mode':
        return this.chooseMode(officer, submit, locale);
      case 'agree':
        return this.saveReview(officer, submit.caseNumber, submit.assessmentId, { verdict: 'agree' }, locale);
      case 'regradeForm':
        return this.regradeForm(officer, submit, locale);
      case 'regrade':
        return this.regrade(officer, submit, locale);
      case 'blindReason':
        return this.blindReason(officer, submit, locale);
      case 'show':
        return this.showReviews(officer, submit.caseNumber, submit.assessmentId, locale);
      default: {
        const never: never = submit;
        return never;
      }
    }
  }

  private async confirmShare(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'confirm' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const recipients = [...new Set(`${submit.recipientPicker ?? ''},${submit.recipients ?? ''}`.split(/[,;\s]+/).filter(Boolean))];
    const filled = { investigationNumber: submit.investigationNumber?.trim() ?? '', recipients: recipients.join(', '), reason: submit.shareReason?.trim() ?? '' };
    if (!filled.investigationNumber || recipients.length === 0 || !filled.reason) {
      return [this.say(locale, 'share.missing'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
    }
    // A text the API cannot store, told by field; the form again as filled in.
    const refusedText = async (faults: readonly FieldTextFault[]) => [this.textFaults(locale, faults, (path) => SHARE_FIELDS[String(path[0])] ?? 'field.shareReason'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
    const request = { investigationNumber: filled.investigationNumber, recipients, reason: filled.reason };
    const faults = textFaultsOf('createShare', request);
    if (faults.length) return refusedText(faults);
    const sharing = this.deps.sharing;
    if (!sharing) return [this.say(locale, 'work.unavailable')];
    try {
      // Only what the card listed is sent: the API stores the share only while its snapshot is the card's (snapshotHash), else 412.
      const share = await sharing.createShare(officer, submit.caseNumber, { ...request, snapshotHash: submit.fingerprint });
      return [this.say(locale, 'share.done', { investigation: share.investigationNumber, count: share.recipients.length, caseNumber: submit.caseNumber }), this.shareCard(submit.caseNumber, share, locale)];
    } catch (err) {
      this.failed(err, 'share not made');
      const reason = (err as ApiError).reason;
      if (reason === 'stale') return this.changedCard(officer, submit.caseNumber, submit.shown, locale, filled);
      if (reason === 'invalid_text') return refusedText((err as ApiError).textFaults);
      if (reason !== 'rejected') return [this.say(locale, reason === 'forbidden' ? 'share.notAllowed' : 'share.failed')];
      // Recipients who are no active investigator (or the officer themself) leave the form, which
      // comes back with everything else as filled in: confirmed again, it shares with the rest.
      const refused = new Set(
        (err as ApiError).issues.filter((i) => i.path[0] === 'body' && i.path[1] === 'recipients' && typeof i.path[2] === 'number').map((i) => recipients[i.path[2] as number]),
      );
      if (refused.size === 0) return [this.say(locale, 'share.refused'), ...(await this.showShare(officer, submit.caseNumber, locale, filled))];
      const kept = { ...filled, recipients: recipients.filter((r) => !refused.has(r)).join(', ') };
      return [this.say(locale, 'share.recipientsRefused', { count: refused.size }), ...(await this.showShare(officer, submit.caseNumber, locale, kept))];
    }
  }

  /**
   * The case changed between the card and the confirmation, so nothing was shared: what changed (by kind
   * of field, when the card said what it listed) and the new card, with everything filled in kept.
   */
  private async changedCard(officer: OfficerRef, caseNumber: string, shown: ShareFields | undefined, locale: Locale, filled: { investigationNumber: string; recipients: string; reason: string }): Promise<OutgoingMessage[]> {
    try {
      const now = await this.deps.sharing!.sharePreview(officer, caseNumber);
      const changes = shown ? changedShareFields(shown, now.fields).map((kind) => t(locale, `share.kind.${kind}`)) : [];
      const said = changes.length ? this.say(locale, 'share.changedWhat', { changes: changes.join(', ') }) : this.say(locale, 'share.changed');
      return [said, { kind: 'card', card: shareCard(this.deps.methodology, caseNumber, now, locale, filled) }];
    } catch (err) {
      this.failed(err, 'share preview not fetched again');
      return [this.say(locale, 'share.changed'), this.say(locale, 'share.failed')];
    }
  }

  private async submitReview(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'submit' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const grades: Partial<Record<JudgementKey, string>> = {};
    for (const key of JUDGEMENT_KEYS) {
      const value = submit[REVIEW_INPUTS[key]]?.trim();
      if (value) grades[key] = value;
    }
    const reason = submit.reviewReason?.trim();
    // Not saved: the blind card again holding the grades and the reason given, when it may still be shown.
    const again = async (): Promise<OutgoingMessage[]> => {
      const basis = await this.deps.sharing?.reviewBasis(officer, submit.assessmentId).catch(() => undefined);
      const filled = { ...Object.fromEntries(JUDGEMENT_KEYS.map((key) => [REVIEW_INPUTS[key], grades[key] ?? ''])), [REVIEW_INPUTS.reason]: reason ?? '' };
      return basis ? [this.blindCard(submit.caseNumber, submit.assessmentId, basis, locale, filled)] : [];
    };
    if (Object.keys(grades).length === 0) return [this.say(locale, 'review.incomplete'), ...(await again())];
    const request: CreateReviewRequest = { verdict: 'blind', judgements: grades, ...(reason ? { reason } : {}) };
    const faults = textFaultsOf('createReview', request);
    if (faults.length) return [this.textFaults(locale, faults, () => 'field.reviewReason'), ...(await again())];
    return this.saveReview(officer, submit.caseNumber, submit.assessmentId, request, locale, again);
  }
}
