// "granska <diarienummer>" (issue 15, item 4) and what its cards' buttons do.
// A reviewer of the case's latest assessment by someone else chooses blind
// (grades before seeing the original, shown beside their grades once saved)
// or open (reads the officer's judgements and reasons, then agrees or
// regrades one or more judgements, each with a reason); the officer whose
// assessment was reviewed reads the reviews. Grades are shown as the pack
// version's labels. Never throws for an API answer.
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { JUDGEMENT_KEYS, type JudgementKey } from '../methodology/sharingDeclaration.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import { warnApiFailure } from './apiFailureWarning.js';
import { textMessage, type OutgoingMessage } from './cardRenderer.js';
import { t, type Locale } from './messageCatalogue.js';
import type { CreateReviewRequest } from '../api/reviewContract.js';
import { judgementGradeLabel, judgementGrades } from './judgementGrades.js';
import { localTime } from './localTime.js';
import { blindReasonCard, openReviewCard, regradeCard, reviewModeCard, type OpenReview } from './reviewCards.js';
import { reviewCard } from './shareCard.js';
import { REGRADE_REASON_INPUTS, REVIEW_INPUTS, REVIEW_VERB, type ShareSubmit } from './shareSubmit.js';
import type { ReviewBasis, ReviewResponse, SharingApi } from './sharingApi.js';
import { textFaultsMessage, textFaultsOf, textFaultsText } from './textFault.js';

export interface ReviewCommandDeps {
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

/** The review cards' submits (the review verb of dialogs/shareSubmit.ts). */
export type ReviewSubmit = Extract<ShareSubmit, { verb: typeof REVIEW_VERB }>;

export class ReviewCommand {
  constructor(private readonly deps: ReviewCommandDeps) {}

  /**
   * The first review card: blind or open, for the case's latest completed structured or in-depth
   * assessment by someone else. The review basis is asked first, so that an officer who may not review
   * it (not a reviewer of the region) is told so before choosing; one's own assessment is refused as such.
   */
  async showReview(officer: OfficerRef, typedCaseNumber: string, locale: Locale): Promise<OutgoingMessage[]> {
    const caseNumber = typedCaseNumber.trim().toUpperCase();
    if (!this.deps.caseNumberPattern.test(caseNumber)) return [textMessage(locale, 'review.askCaseNumber')];
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      const reviewable = (await this.deps.api.listForCase(officer, caseNumber, 'review'))
        .filter((a) => a.status === 'completed' && a.level !== 'initial')
        .sort((a, b) => String(b.completedAt).localeCompare(String(a.completedAt)));
      const latest = reviewable.find((a) => a.officerId !== officer.id);
      if (!latest) return [textMessage(locale, reviewable.length ? 'review.own' : 'review.nothing')];
      const basis = await sharing.reviewBasis(officer, latest.id);
      return [{ kind: 'card', card: reviewModeCard(this.deps.methodology, { caseNumber, assessmentId: latest.id, instrumentId: basis.instrumentId, pack: basis.pack }, locale) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'review not offered');
      return [this.refusal(err, locale)];
    }
  }

  /** Why a review step was refused, plainly. */
  private refusal(err: ApiError, locale: Locale, blind = false): OutgoingMessage {
    if (err.reason === 'review_refused') return textMessage(locale, blind ? 'review.originalSeen' : 'review.nothing');
    if (err.reason === 'forbidden') return textMessage(locale, 'review.notAllowed');
    if (err.reason === 'rejected') return textMessage(locale, 'review.nothing');
    return textMessage(locale, 'review.failed');
  }

  /** The assessment as the open card shows it: its judgements, each with the officer's reason. */
  private async openReview(officer: OfficerRef, caseNumber: string, assessmentId: string, locale: Locale): Promise<OpenReview> {
    const assessment = await this.deps.api.get(officer, assessmentId, 'review');
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
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    const mode = submit.reviewMode?.trim();
    if (mode !== 'blind' && mode !== 'open') return [textMessage(locale, 'review.chooseMode'), ...(await this.showReview(officer, submit.caseNumber, locale))];
    try {
      // Asked in either mode: it refuses whoever may not review the assessment, before anything of it is shown.
      const basis = await sharing.reviewBasis(officer, submit.assessmentId);
      if (mode === 'blind') return [this.blindCard(submit.caseNumber, submit.assessmentId, basis, locale)];
      const review = await this.openReview(officer, submit.caseNumber, submit.assessmentId, locale);
      if (Object.keys(review.original).length === 0) return [textMessage(locale, 'review.nothing')];
      return [{ kind: 'card', card: openReviewCard(this.deps.methodology, review, locale) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'review not offered');
      return [this.refusal(err, locale)];
    }
  }

  /** Step three of an open review: the regrade form. */
  private async regradeForm(officer: OfficerRef, submit: { caseNumber: string; assessmentId: string }, locale: Locale, filled: Partial<Record<string, string>> = {}): Promise<OutgoingMessage[]> {
    try {
      const review = await this.openReview(officer, submit.caseNumber, submit.assessmentId, locale);
      if (Object.keys(review.original).length === 0) return [textMessage(locale, 'review.nothing')];
      return [{ kind: 'card', card: regradeCard(this.deps.methodology, review, locale, filled) }];
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'regrade form not shown');
      return [this.refusal(err, locale)];
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
    if (Object.keys(grades).length === 0) return [textMessage(locale, 'review.regradeNone'), ...(await this.regradeForm(officer, submit, locale, filled))];
    if (missing.length) return [textMessage(locale, 'review.regradeNeedsReason', { judgements: missing.join(', ') }), ...(await this.regradeForm(officer, submit, locale, filled))];
    const reason = combinedReason(reasons, locale);
    const faults = regradeReasonFaults(reasons, reason, locale);
    if (faults) return [{ kind: 'text', text: faults }, ...(await this.regradeForm(officer, submit, locale, filled))];
    return this.saveReview(officer, submit.caseNumber, submit.assessmentId, { verdict: 'regrade', judgements: grades, reason }, locale, () => this.regradeForm(officer, submit, locale, filled));
  }

  /** Records the review and shows the reviewer's grades beside the original, as labels of the pack version. */
  private async saveReview(officer: OfficerRef, caseNumber: string, assessmentId: string, request: CreateReviewRequest, locale: Locale, formAgain: () => Promise<OutgoingMessage[]> = async () => []): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    let review: ReviewResponse;
    try {
      review = await sharing.createReview(officer, assessmentId, request);
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'review not saved');
      if (err.reason === 'review_refused') return [textMessage(locale, request.verdict === 'blind' ? 'review.originalSeen' : 'review.nothing')];
      if (err.reason === 'invalid_text') return [textFaultsMessage(locale, err.textFaults, () => 'field.reviewReason'), ...(await formAgain())];
      // Grades that do not fit come back with the values named; a refusal naming none is an assessment not there to review.
      if (err.reason === 'rejected' && err.issues.length === 0) return [textMessage(locale, 'review.nothing')];
      if (err.reason === 'rejected') return [textMessage(locale, request.verdict === 'blind' ? 'review.incomplete' : 'review.regradeRejected'), ...(await formAgain())];
      if (err.reason === 'forbidden') return [textMessage(locale, 'review.notAllowed')];
      return [textMessage(locale, 'review.failed'), ...(await formAgain())];
    }
    return this.reviewOutcome(officer, caseNumber, review, locale);
  }

  /** The grades of a review as labels of the assessment's own pack version (the summary list says which; no judgements in it). */
  private async gradeLabels(officer: OfficerRef, caseNumber: string, assessmentId: string, locale: Locale): Promise<(key: JudgementKey, code: string | undefined) => string> {
    const summary = await this.deps.api.listForCase(officer, caseNumber, 'review').then(
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
      return [textMessage(locale, 'review.blindDiffers'), { kind: 'card', card: blindReasonCard({ caseNumber, assessmentId: review.assessmentId, reviewId: review.id, differing }, locale, filled) }];
    }
    const lines = JUDGEMENT_KEYS.filter((k) => review.original[k] !== undefined).map((k) =>
      t(locale, 'review.compare', { judgement: t(locale, `judgement.${k}`), mine: label(k, review.judgements[k]), original: label(k, review.original[k]) }),
    );
    return [textMessage(locale, review.verdict === 'agree' ? 'review.doneAgree' : 'review.done'), { kind: 'text', text: lines.join('\n\n') }];
  }

  /**
   * The reviews of an assessment as its officer reads them (from the review notice, or the work list): each
   * judgement, theirs beside the reviewer's grade, and the reviewer's reason — read under their own access.
   */
  async showReviews(officer: OfficerRef, caseNumber: string, assessmentId: string, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      const reviews = await sharing.reviews(officer, assessmentId);
      if (reviews.length === 0) return [textMessage(locale, 'review.shown.none')];
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
      warnApiFailure(this.deps.log, err, 'reviews not shown');
      return [this.refusal(err, locale)];
    }
  }

  /** The reasons of a blind regrade, one per judgement that differs; the card again while one is missing. */
  private async blindReason(officer: OfficerRef, submit: Extract<ShareSubmit, { action: 'blindReason' }>, locale: Locale): Promise<OutgoingMessage[]> {
    const sharing = this.deps.sharing;
    if (!sharing) return [textMessage(locale, 'work.unavailable')];
    try {
      const review = (await sharing.reviews(officer, submit.assessmentId)).find((r) => r.id === submit.reviewId);
      if (!review || review.reviewerId !== officer.id) return [textMessage(locale, 'review.nothing')];
      if (!review.reasonPending) return [textMessage(locale, 'review.reasonAlready'), ...(await this.reviewOutcome(officer, submit.caseNumber, review, locale))];
      const reasons = review.regraded.map((key) => [key, submit[REGRADE_REASON_INPUTS[key]]?.trim() ?? ''] as const);
      const missing = reasons.filter(([, reason]) => !reason).map(([key]) => t(locale, `judgement.${key}`));
      if (missing.length) {
        const filled = Object.fromEntries(reasons.map(([key, reason]) => [REGRADE_REASON_INPUTS[key], reason]));
        return [textMessage(locale, 'review.blindReasonMissing', { judgements: missing.join(', ') }), ...(await this.reviewOutcome(officer, submit.caseNumber, review, locale, filled)).slice(1)];
      }
      const reason = combinedReason(reasons, locale);
      // The card again holding every reason written, as when one is missing.
      const cardAgain = async () => (await this.reviewOutcome(officer, submit.caseNumber, review, locale, Object.fromEntries(reasons.map(([key, r]) => [REGRADE_REASON_INPUTS[key], r])))).slice(1);
      const faults = regradeReasonFaults(reasons, reason, locale);
      if (faults) return [{ kind: 'text', text: faults }, ...(await cardAgain())];
      try {
        return this.reviewOutcome(officer, submit.caseNumber, await sharing.giveReviewReason(officer, submit.assessmentId, submit.reviewId, reason), locale);
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'invalid_text') return [textFaultsMessage(locale, err.textFaults, () => (reasons.length > 1 ? 'field.regradeReasons' : 'field.reviewReason')), ...(await cardAgain())];
        throw err;
      }
    } catch (err) {
      warnApiFailure(this.deps.log, err, 'review reason not saved');
      if (err.reason === 'review_refused') return [textMessage(locale, 'review.reasonAlready')];
      if (err.reason === 'forbidden') return [textMessage(locale, 'review.notAllowed')];
      return [textMessage(locale, 'review.failed')];
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
    if (Object.keys(grades).length === 0) return [textMessage(locale, 'review.incomplete'), ...(await again())];
    const request: CreateReviewRequest = { verdict: 'blind', judgements: grades, ...(reason ? { reason } : {}) };
    const faults = textFaultsOf('createReview', request);
    if (faults.length) return [textFaultsMessage(locale, faults, () => 'field.reviewReason'), ...(await again())];
    return this.saveReview(officer, submit.caseNumber, submit.assessmentId, request, locale, again);
  }

  async act(officer: OfficerRef, submit: ReviewSubmit, locale: Locale): Promise<OutgoingMessage[]> {
    switch (submit.action) {
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
}
