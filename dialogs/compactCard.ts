// A compact card as an Adaptive Card 1.5 (issue 13, item 1): only TextBlocks,
// Input.ChoiceSet, Input.Text and Action.Submit, which Teams and the Agents
// Playground both operate. Each question is a choice set with nothing
// preselected but the officer's own answers; a card that came back shows each
// item's marks above it. One Spara sends the whole card.
import { NO_MEASURE } from '../methodology/packSchema.js';
import { CARD_VERBS } from './commands.js';
import { compactInputId, REASON_PART, type CompactMark } from './compactSubmission.js';
import type { CompactField, CompactView } from './compactView.js';
import { localize, lowerFirst, t, type Locale } from './messageCatalogue.js';
import { OFFER_INPUT } from './offerOnFirstCard.js';
import { textLimitOf } from './textLimit.js';

/** The limit the API holds an answer's reason to, held by Teams on the card too. */
const REASON_MAX = textLimitOf('saveAnswer', 'rationale');

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
const submit = (title: string, data: Record<string, unknown>) => ({ type: 'Action.Submit', title, data });
/** A button that leaves the card's fields alone: Teams would otherwise refuse it until every required one is filled. */
const submitWithoutInputs = (title: string, data: Record<string, unknown>) => ({ ...submit(title, data), associatedInputs: 'none' });

function markText(mark: CompactMark, locale: Locale): string {
  switch (mark.kind) {
    case 'missing':
    case 'notRecognised':
    case 'contradictory':
      return t(locale, `compact.mark.${mark.kind}`);
    case 'reasonNeeded':
      return [t(locale, 'compact.mark.reasonNeeded'), ...mark.flags.map((f) => localize(f, locale))].join(' ');
    case 'tooLong':
      return t(locale, 'compact.mark.tooLong', { max: mark.max, length: mark.length });
    case 'forbiddenCharacter':
      return t(locale, 'compact.mark.forbiddenCharacter', { character: mark.character });
    default: {
      const never: never = mark;
      return never;
    }
  }
}

/** "J" of "J – förekommer": the presence scale's short label, as the paper form writes it. */
const shortOf = (label: string) => label.trim().split(/\s+/)[0]?.replace(/^[-—]$/, '–') ?? label;

function fieldElements(field: CompactField, previousText: string | undefined, previousOn: string | undefined, locale: Locale): unknown[] {
  const out: unknown[] = [textBlock(`**${localize(field.title, locale)}**`, { spacing: 'Medium', separator: true })];
  const text = localize(field.text, locale);
  if (text !== previousText) out.push(textBlock(text, { size: 'Small' }));
  if (field.previous && previousOn) out.push(textBlock(t(locale, 'reassessment.previousAnswer', { on: previousOn, answer: localize(field.previous, locale) }), { size: 'Small', color: 'Accent' }));
  for (const mark of field.marks) out.push(textBlock(markText(mark, locale), { color: 'Attention', weight: 'Bolder' }));
  const value = (part?: string) => field.values[compactInputId(field.itemId, part)];
  const withValue = (v: string | undefined) => (v !== undefined && v !== '' ? { value: v } : {});
  switch (field.kind) {
    case 'choice':
      out.push({ type: 'Input.ChoiceSet', id: field.itemId, style: 'expanded', isRequired: true, errorMessage: t(locale, 'compact.mark.missing'), ...withValue(value()), choices: field.options.map((o) => ({ title: localize(o.label, locale), value: o.code })) });
      break;
    case 'presence':
      for (const period of field.periods) {
        out.push({
          type: 'Input.ChoiceSet',
          id: compactInputId(field.itemId, period),
          label: t(locale, `period.${period}`),
          style: 'expanded',
          isRequired: true, errorMessage: t(locale, 'compact.mark.missing'),
          ...withValue(value(period)),
          choices: field.options.map((o) => ({ title: shortOf(localize(o.label, locale)), value: o.code })),
        });
      }
      break;
    case 'text':
      out.push({ type: 'Input.Text', id: field.itemId, isMultiline: true, isRequired: true, errorMessage: t(locale, 'compact.mark.missing'), ...(field.maxLength ? { maxLength: field.maxLength } : {}), ...withValue(value()) });
      break;
    case 'measures':
      if (field.suggestions.length) {
        out.push(textBlock(t(locale, 'measures.suggestions'), { weight: 'Bolder' }));
        for (const s of field.suggestions) out.push(textBlock(`- **${localize(s.label, locale)}**: ${s.reasons.map((r) => localize(r, locale)).join(' ')}`, { size: 'Small' }));
      }
      out.push({
        type: 'Input.ChoiceSet',
        id: field.itemId,
        isMultiSelect: true,
        style: 'expanded',
        isRequired: true, errorMessage: t(locale, 'compact.mark.missing'),
        ...withValue(value()),
        // Measures of several parts name their part, as step by step does.
        choices: [
          ...field.options.map((o) => ({ title: o.part && new Set(field.options.map((x) => x.part)).size > 1 ? `${localize(o.label, locale)} (${t(locale, `part.${o.part}`)})` : localize(o.label, locale), value: o.code })),
          { title: t(locale, 'compact.measures.none'), value: NO_MEASURE },
        ],
      });
      break;
    default: {
      const never: never = field.kind;
      return never;
    }
  }
  if (field.reason) {
    const label =
      field.reason.kind === 'required'
        ? t(locale, 'compact.reason.required')
        : field.reason.kind === 'when'
          ? t(locale, 'compact.reason.when', { answers: field.reason.answers.map((a) => localize(a, locale)).join(', ') })
          : t(locale, 'compact.reason.ifFlagged');
    out.push({ type: 'Input.Text', id: compactInputId(field.itemId, REASON_PART), label, isMultiline: true, maxLength: REASON_MAX, ...withValue(value(REASON_PART)) });
  }
  return out;
}

/** The omprövning offer as the first card's first question: the offer's own words, a choice of the two, nothing preselected. */
function offerElements(offer: NonNullable<CompactView['offer']>, locale: Locale): unknown[] {
  const out: unknown[] = [textBlock(t(locale, 'reassessment.offer', { instrument: localize(offer.instrument, locale), completedOn: offer.completedOn }))];
  if (offer.missing) out.push(textBlock(t(locale, 'compact.mark.missing'), { color: 'Attention', weight: 'Bolder' }));
  out.push({
    type: 'Input.ChoiceSet',
    id: OFFER_INPUT,
    style: 'expanded',
    isRequired: true,
    errorMessage: t(locale, 'compact.mark.missing'),
    ...(offer.choice ? { value: offer.choice } : {}),
    choices: [
      { title: t(locale, 'button.chooseReassessment'), value: 'reassess' },
      { title: t(locale, 'button.freshAssessment'), value: 'fresh' },
    ],
  });
  return out;
}

export function compactCard(view: CompactView, locale: Locale): Record<string, unknown> & { type: 'AdaptiveCard'; version: string } {
  const progress = t(locale, 'compact.progress', { position: view.position, total: view.total });
  const heading = `${localize(view.sectionTitle, locale)} · ${progress}`;
  const body: unknown[] = [textBlock(heading, { size: 'Small', isSubtle: true })];
  if (view.fields.some((f) => f.kind === 'presence')) body.push(textBlock(t(locale, 'compact.presenceHint'), { size: 'Small', isSubtle: true }));
  if (view.flagsAhead.length) {
    body.push(textBlock(t(locale, 'compact.flagsAhead'), { weight: 'Bolder' }));
    for (const flag of view.flagsAhead) body.push(textBlock(`- ${localize(flag, locale)}`, { color: 'Attention', size: 'Small' }));
  }
  if (view.offer) body.push(...offerElements(view.offer, locale));
  let previousText: string | undefined;
  for (const field of view.fields) {
    body.push(...fieldElements(field, previousText, view.reassessment?.on, locale));
    previousText = localize(field.text, locale);
  }
  const unchangedFrom = view.reassessment?.unchangedFrom;
  const unchanged = unchangedFrom ? [submitWithoutInputs(t(locale, 'button.unchangedDomain'), { verb: CARD_VERBS.unchanged, itemId: unchangedFrom })] : [];
  body.push({ type: 'ActionSet', actions: [submit(t(locale, 'button.save'), { verb: CARD_VERBS.compact, group: view.groupId }), ...unchanged] });
  body.push(textBlock(t(locale, 'compact.hint'), { size: 'Small', isSubtle: true }));
  if (view.typedList?.kind === 'presence') body.push(textBlock(t(locale, 'compact.listHint.presence'), { size: 'Small', isSubtle: true }));
  if (view.typedList?.kind === 'choices') {
    const examples = view.typedList.example.map((label) => localize(label, locale).toLowerCase());
    const hint = view.typedList.perLine
      ? t(locale, 'compact.listHint.lines', { example: examples[0] ?? '' })
      : t(locale, 'compact.listHint', { example: [...examples, ...(view.typedList.more ? ['…'] : [])].join(', ') });
    body.push(textBlock(hint, { size: 'Small', isSubtle: true }));
  }
  if (view.typedMeasures) body.push(textBlock(t(locale, 'compact.listHint.measures', { example: view.typedMeasures.map((label) => lowerFirst(localize(label, locale))).join(', ') }), { size: 'Small', isSubtle: true }));
  if (view.typedWithReason) body.push(textBlock(t(locale, 'compact.listHint.reason', { example: localize(view.typedWithReason, locale).toLowerCase() }), { size: 'Small', isSubtle: true }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    fallbackText: `${heading}\n${view.fields.map((f) => localize(f.title, locale)).join('\n')}`,
    body,
    actions: [submitWithoutInputs(t(locale, 'button.back'), { verb: CARD_VERBS.back }), submitWithoutInputs(t(locale, 'button.cancel'), { verb: CARD_VERBS.cancel })],
  };
}
