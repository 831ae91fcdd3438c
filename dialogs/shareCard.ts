// The cards of sharing and review (issue 15): the share card lists exactly the
// fields a share of the case sends now (from the API's preview), under the
// method version declaring them, with the investigation, the recipients and
// the reason to fill in and a button to confirm; the refresh card lists what a
// refresh of a share sends now, to confirm the same way; the received-shares card
// shows an investigator what was shared with them; the review card asks the
// reviewer's grade of each judgement without showing the original. Names
// measures, roles, grades and dates — never a person.
import type { Answers } from '../methodology/givenAnswers.js';
import type { MethodologySource } from '../methodology/methodologySource.js';
import type { JudgementKey } from '../methodology/sharingDeclaration.js';
import type { ShareFields } from '../api/shareSnapshot.js';
import type { AdaptiveCard } from './cardRenderer.js';
import { judgementGradeLabel, judgementGrades } from './judgementGrades.js';
import { measureTitle } from './measureDecisionCard.js';
import { localize, t, type Locale } from './messageCatalogue.js';
import { summarise } from './questionView.js';
import type { ReceivedShare, ReviewBasis, SharePreview } from './sharingApi.js';

type BasisAnswer = ReviewBasis['answers'][number];
import { REVIEW_INPUTS, REVIEW_VERB, SHARE_INPUTS, SHARE_VERB, type ShareSubmit } from './shareSubmit.js';
import { textLimitOf } from './textLimit.js';

/** The limits the API holds the cards' texts to, held by Teams on the cards too. */
const INVESTIGATION_NUMBER_MAX = textLimitOf('createShare', 'investigationNumber');
const SHARE_REASON_MAX = textLimitOf('createShare', 'reason');
const REVIEW_REASON_MAX = textLimitOf('createReview', 'reason');

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const adaptiveCard = (body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body });

/** One line per declared field: what a share sends, as the officer reads it. */
export function fieldLines(methodology: MethodologySource, pack: { id: string; version: string }, fields: ShareFields, locale: Locale): string[] {
  const loaded = methodology.get(pack.id, pack.version) ?? methodology.active(methodology.defaultPackId);
  const lines: string[] = [];
  if (fields.latestJudgements !== undefined) {
    const j = fields.latestJudgements;
    if (j === null) lines.push(t(locale, 'share.field.noJudgements'));
    else {
      const instrument = loaded.pack.instruments.find((i) => i.id === j.instrumentId);
      const grades = (Object.entries(j.judgements) as [JudgementKey, string][]).map(([key, code]) => `${t(locale, `judgement.${key}`)}: ${judgementGradeLabel(methodology, pack, j.instrumentId, key, code, locale)}`);
      lines.push(t(locale, 'share.field.judgements', { instrument: instrument ? localize(instrument.title, locale) : j.instrumentId, date: j.completedOn, grades: grades.join(' · ') }));
    }
  }
  if (fields.activeMeasures !== undefined) {
    const list = fields.activeMeasures.map((m) => `${measureTitle(loaded.pack, m.measureId, locale)} (${t(locale, `measureStatus.${m.status}`)})`);
    lines.push(t(locale, 'share.field.measures', { list: list.length ? list.join(', ') : t(locale, 'share.none') }));
  }
  if (fields.contactBans !== undefined) {
    const list = fields.contactBans.map((m) => `${measureTitle(loaded.pack, m.measureId, locale)} (${t(locale, `measureStatus.${m.status}`)}${m.expiresOn ? `, ${t(locale, 'measures.expiresOn', { date: m.expiresOn })}` : ''}${m.endedOn ? `, ${t(locale, 'share.field.endedOn', { date: m.endedOn })}` : ''})`);
    lines.push(t(locale, 'share.field.contactBans', { list: list.length ? list.join(', ') : t(locale, 'share.none') }));
  }
  if (fields.threatActorRoles !== undefined) {
    const list = fields.threatActorRoles.map((role) => t(locale, `role.${role}`));
    lines.push(t(locale, 'share.field.threatActor', { list: list.length ? list.join(', ') : t(locale, 'share.none') }));
  }
  return lines;
}

/** Exactly what a share of the case sends now, and the form that sends it. */
export function shareCard(methodology: MethodologySource, caseNumber: string, preview: SharePreview, locale: Locale, filled: { investigationNumber?: string; recipients?: string; reason?: string } = {}): AdaptiveCard {
  const lines = fieldLines(methodology, preview.pack, preview.fields, locale);
  // The API's name of what the card lists: the share is stored only while the case still shows exactly that.
  const confirm: ShareSubmit = { verb: SHARE_VERB, action: 'confirm', caseNumber, fingerprint: preview.snapshotHash, shown: preview.fields };
  const cancel: ShareSubmit = { verb: SHARE_VERB, action: 'cancel' };
  const field = (id: string, label: Parameters<typeof t>[1], value: string | undefined, extra: Record<string, unknown> = {}) => ({ type: 'Input.Text', id, label: t(locale, label), ...(value ? { value } : {}), ...extra });
  return adaptiveCard([
    text(t(locale, 'share.title', { caseNumber }), { weight: 'Bolder', size: 'Medium' }),
    text(t(locale, 'share.sends', { version: preview.pack.version })),
    ...(lines.length ? lines.map((l) => text(`- ${l}`)) : [text(t(locale, 'share.nothingDeclared'))]),
    text(t(locale, 'share.nothingElse'), { isSubtle: true }),
    field(SHARE_INPUTS.investigationNumber, 'share.investigationNumber', filled.investigationNumber, { placeholder: '5000-K123456-25', maxLength: INVESTIGATION_NUMBER_MAX }),
    // Teams' people picker searches the organisation and submits the chosen people's Entra object ids, the
    // ids officers are provisioned under; a client without it (the Agents Playground) shows it empty, so the
    // ids can also be typed. A card shown again carries every recipient in the typed field, nothing lost.
    { type: 'Input.ChoiceSet', id: SHARE_INPUTS.recipientPicker, label: t(locale, 'share.recipientPicker'), isMultiSelect: true, choices: [], 'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' } },
    field(SHARE_INPUTS.recipients, 'share.recipients', filled.recipients, { maxLength: 1000 }),
    field(SHARE_INPUTS.reason, 'share.reason', filled.reason, { isMultiline: true, maxLength: SHARE_REASON_MAX }),
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'share.confirm'), data: confirm }, { type: 'Action.Submit', title: t(locale, 'share.cancel'), data: cancel }] },
  ]);
}

/** What a refresh of the share sends now, to confirm before it is sent (or to cancel). */
export function refreshCard(methodology: MethodologySource, caseNumber: string, share: { id: string; investigationNumber: string }, preview: SharePreview, locale: Locale): AdaptiveCard {
  const lines = fieldLines(methodology, preview.pack, preview.fields, locale);
  const confirm: ShareSubmit = { verb: SHARE_VERB, action: 'refreshConfirm', caseNumber, shareId: share.id, investigationNumber: share.investigationNumber, fingerprint: preview.snapshotHash, shown: preview.fields };
  const cancel: ShareSubmit = { verb: SHARE_VERB, action: 'cancel' };
  return adaptiveCard([
    text(t(locale, 'caseShares.refreshTitle', { investigation: share.investigationNumber, caseNumber }), { weight: 'Bolder', size: 'Medium' }),
    text(t(locale, 'share.sends', { version: preview.pack.version })),
    ...(lines.length ? lines.map((l) => text(`- ${l}`)) : [text(t(locale, 'share.nothingDeclared'))]),
    text(t(locale, 'caseShares.refreshKeeps'), { isSubtle: true }),
    { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'caseShares.refresh'), data: confirm }, { type: 'Action.Submit', title: t(locale, 'share.cancel'), data: cancel }] },
  ]);
}

/** What has been shared with the investigator: each share's fields, its investigation, who shared it and when. */
export function receivedSharesCard(methodology: MethodologySource, shares: readonly ReceivedShare[], locale: Locale): AdaptiveCard {
  const body: unknown[] = [text(t(locale, 'shares.title', { count: shares.length }), { weight: 'Bolder', size: 'Medium' })];
  for (const share of shares) {
    body.push(text(t(locale, 'shares.head', { investigation: share.investigationNumber, by: share.sharedBy, date: share.takenAt.slice(0, 10), version: share.pack.version }), { weight: 'Bolder', separator: true }));
    for (const line of fieldLines(methodology, share.pack, share.fields, locale)) body.push(text(`- ${line}`));
  }
  return adaptiveCard(body);
}

/** The blind review: the reviewer's grade of each judgement, the original not shown. */
export function reviewCard(
  methodology: MethodologySource,
  caseNumber: string,
  assessment: { id: string; instrumentId: string; pack: { id: string; version: string }; answers: readonly BasisAnswer[] },
  keys: readonly JudgementKey[],
  locale: Locale,
  filled: Partial<Record<string, string>> = {},
): AdaptiveCard {
  const kept = (id: string) => (filled[id] ? { value: filled[id] } : {});
  const loaded = methodology.get(assessment.pack.id, assessment.pack.version);
  const instrument = loaded?.pack.instruments.find((i) => i.id === assessment.instrumentId);
  const body: unknown[] = [
    text(t(locale, 'review.title', { caseNumber, instrument: instrument ? localize(instrument.title, locale) : assessment.instrumentId }), { weight: 'Bolder', size: 'Medium' }),
    text(t(locale, 'review.blind')),
  ];
  if (loaded && instrument) {
    // What the reviewer grades from: the first officer's answers as labels of that pack version, the judgements withheld by the API.
    const answers: Answers = Object.fromEntries(assessment.answers.map((a) => [a.itemId, { value: a.value, rationale: a.rationale }]));
    const facts = summarise(loaded.pack, instrument, answers).rows.map((r) => ({ title: localize(r.label, locale), value: localize(r.answer, locale) }));
    if (facts.length) body.push(text(t(locale, 'review.basis'), { weight: 'Bolder' }), { type: 'FactSet', facts });
  }
  for (const key of keys) {
    const { options } = judgementGrades(methodology, assessment.pack, assessment.instrumentId, key, locale);
    body.push({ type: 'Input.ChoiceSet', id: REVIEW_INPUTS[key], label: t(locale, `judgement.${key}`), style: 'expanded', isRequired: true, ...kept(REVIEW_INPUTS[key]), choices: options.map((o) => ({ title: o.label, value: o.code })) });
  }
  body.push({ type: 'Input.Text', id: REVIEW_INPUTS.reason, label: t(locale, 'review.reason'), isMultiline: true, maxLength: REVIEW_REASON_MAX, ...kept(REVIEW_INPUTS.reason) });
  body.push({ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'review.submit'), data: { verb: REVIEW_VERB, action: 'submit', caseNumber, assessmentId: assessment.id } }] });
  return adaptiveCard(body);
}
