// The cards of a second look (issue 15, item 4), one per step: the reviewer
// chooses blind (grade before seeing the original) or open; the open card
// shows the officer's summary judgements with their reasons and offers
// Instämmer or Gradera om; the regrade form asks a new grade and a reason for
// each judgement the reviewer grades otherwise. Grades are the pack version's
// labels, never codes. Adaptive Cards 1.5: Input.ChoiceSet, Input.Text and
// Action.Submit only. Names grades and reasons — never a person.
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { JudgementKey } from '../methodology/sharingDeclaration.js';
import type { AdaptiveCard } from './cardRenderer.js';
import { judgementGradeLabel, judgementGrades, type PackRef } from './judgementGrades.js';
import { localize, t, type Locale } from './messageCatalogue.js';
import { REGRADE_REASON_INPUTS, REVIEW_INPUTS, REVIEW_MODE_INPUT, REVIEW_VERB, type ShareSubmit } from './shareSubmit.js';
import { textLimitOf } from './textLimit.js';

/** The limit the API holds each regrade reason to (reviewCommand.ts checks each as a review's reason), held by Teams on the card too. */
const REGRADE_REASON_MAX = textLimitOf('giveReviewReason', 'reason');

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const adaptiveCard = (body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body });

/** The assessment under review, as the open card and the regrade form show it. */
export interface OpenReview {
  caseNumber: string;
  assessmentId: string;
  instrumentId: string;
  pack: PackRef;
  /** The original summary judgements (codes), in JUDGEMENT_KEYS order. */
  original: Partial<Record<JudgementKey, string>>;
  /** The officer's reason given with each judgement, if any. */
  reasons: Partial<Record<JudgementKey, string>>;
}

function instrumentTitle(methodology: MethodologySource, pack: PackRef, instrumentId: string, locale: Locale): string {
  const instrument = methodology.get(pack.id, pack.version)?.pack.instruments.find((i) => i.id === instrumentId);
  return instrument ? localize(instrument.title, locale) : instrumentId;
}

/** Step one: blind or open. */
export function reviewModeCard(methodology: MethodologySource, review: { caseNumber: string; assessmentId: string; instrumentId: string; pack: PackRef }, locale: Locale): AdaptiveCard {
  const submit: ShareSubmit = { verb: REVIEW_VERB, action: 'mode', caseNumber: review.caseNumber, assessmentId: review.assessmentId };
  return adaptiveCard([
    text(t(locale, 'review.modeTitle', { caseNumber: review.caseNumber, instrument: instrumentTitle(methodology, review.pack, review.instrumentId, locale) }), { weight: 'Bolder', size: 'Medium' }),
    text(t(locale, 'review.modeIntro')),
    {
      type: 'Input.ChoiceSet',
      id: REVIEW_MODE_INPUT,
      label: t(locale, 'review.modeLabel'),
      style: 'expanded',
      isRequired: true,
      choices: [
        { title: t(locale, 'review.mode.blind'), value: 'blind' },
        { title: t(locale, 'review.mode.open'), value: 'open' },
      ],
    },
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'review.modeSubmit'), data: submit }] },
  ]);
}

/** The officer's judgements with their reasons, one block each. */
function originalBlocks(methodology: MethodologySource, review: OpenReview, locale: Locale): unknown[] {
  const blocks: unknown[] = [];
  for (const [key, code] of Object.entries(review.original) as [JudgementKey, string][]) {
    blocks.push(text(`**${t(locale, `judgement.${key}`)}:** ${judgementGradeLabel(methodology, review.pack, review.instrumentId, key, code, locale)}`, { separator: true }));
    const reason = review.reasons[key];
    blocks.push(text(reason ? t(locale, 'review.officerReason', { reason }) : t(locale, 'review.noReason'), { isSubtle: true }));
  }
  return blocks;
}

/** Step two, open: the officer's judgements and reasons, then Instämmer or Gradera om. */
export function openReviewCard(methodology: MethodologySource, review: OpenReview, locale: Locale): AdaptiveCard {
  const ids = { verb: REVIEW_VERB, caseNumber: review.caseNumber, assessmentId: review.assessmentId } as const;
  const agree: ShareSubmit = { ...ids, action: 'agree' };
  const regrade: ShareSubmit = { ...ids, action: 'regradeForm' };
  return adaptiveCard([
    text(t(locale, 'review.openTitle', { caseNumber: review.caseNumber, instrument: instrumentTitle(methodology, review.pack, review.instrumentId, locale) }), { weight: 'Bolder', size: 'Medium' }),
    text(t(locale, 'review.openIntro')),
    ...originalBlocks(methodology, review, locale),
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'review.agree'), data: agree }, { type: 'Action.Submit', title: t(locale, 'review.regrade'), data: regrade }] },
  ]);
}

/** One judgement a blind reviewer graded otherwise: its name, the original's and the reviewer's grade, as labels. */
export interface DifferingGrade {
  key: JudgementKey;
  judgement: string;
  original: string;
  mine: string;
}

/**
 * After a blind review that graded otherwise: the original beside the reviewer's grades, which are saved and
 * shown as text (not inputs: they were given blind and do not change), and a reason asked for each one.
 */
export function blindReasonCard(review: { caseNumber: string; assessmentId: string; reviewId: string; differing: readonly DifferingGrade[] }, locale: Locale, filled: Partial<Record<string, string>> = {}): AdaptiveCard {
  const submit: ShareSubmit = { verb: REVIEW_VERB, action: 'blindReason', caseNumber: review.caseNumber, assessmentId: review.assessmentId, reviewId: review.reviewId };
  const body: unknown[] = [text(t(locale, 'review.blindReasonTitle', { caseNumber: review.caseNumber }), { weight: 'Bolder', size: 'Medium' })];
  for (const d of review.differing) {
    const reason = filled[REGRADE_REASON_INPUTS[d.key]];
    body.push(text(t(locale, 'review.blindReasonHead', { judgement: d.judgement, original: d.original, mine: d.mine }), { weight: 'Bolder', separator: true }));
    body.push({ type: 'Input.Text', id: REGRADE_REASON_INPUTS[d.key], label: t(locale, 'review.regradeReason', { judgement: d.judgement }), isMultiline: true, isRequired: true, maxLength: REGRADE_REASON_MAX, ...(reason ? { value: reason } : {}) });
  }
  body.push({ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'review.blindReasonSubmit'), data: submit }] });
  return adaptiveCard(body);
}

/** Step three: a new grade and a required reason for each judgement graded otherwise; what was filled in is kept. */
export function regradeCard(methodology: MethodologySource, review: OpenReview, locale: Locale, filled: Partial<Record<string, string>> = {}): AdaptiveCard {
  const submit: ShareSubmit = { verb: REVIEW_VERB, action: 'regrade', caseNumber: review.caseNumber, assessmentId: review.assessmentId };
  const body: unknown[] = [
    text(t(locale, 'review.regradeTitle', { caseNumber: review.caseNumber, instrument: instrumentTitle(methodology, review.pack, review.instrumentId, locale) }), { weight: 'Bolder', size: 'Medium' }),
    text(t(locale, 'review.regradeIntro')),
  ];
  for (const [key, code] of Object.entries(review.original) as [JudgementKey, string][]) {
    const label = t(locale, `judgement.${key}`);
    const original = judgementGradeLabel(methodology, review.pack, review.instrumentId, key, code, locale);
    const others = judgementGrades(methodology, review.pack, review.instrumentId, key, locale).options.filter((o) => o.code !== code);
    const grade = filled[REVIEW_INPUTS[key]];
    const reason = filled[REGRADE_REASON_INPUTS[key]];
    body.push(text(t(locale, 'review.regradeHead', { judgement: label, original }), { weight: 'Bolder', separator: true }));
    body.push({
      type: 'Input.ChoiceSet',
      id: REVIEW_INPUTS[key],
      label: t(locale, 'review.newGrade', { judgement: label }),
      style: 'compact',
      placeholder: t(locale, 'review.unchanged'),
      choices: others.map((o) => ({ title: o.label, value: o.code })),
      ...(grade ? { value: grade } : {}),
    });
    body.push({ type: 'Input.Text', id: REGRADE_REASON_INPUTS[key], label: t(locale, 'review.regradeReason', { judgement: label }), isMultiline: true, maxLength: REGRADE_REASON_MAX, ...(reason ? { value: reason } : {}) });
  }
  body.push({ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'review.regradeSubmit'), data: submit }] });
  return adaptiveCard(body);
}
