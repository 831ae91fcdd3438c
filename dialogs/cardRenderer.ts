// Turns replies (reply.ts) into what the officer sees: Markdown text or an
// Adaptive Card (schema 1.5, the highest Teams renders) built only from
// Action.Submit, which Teams and the Agents Playground both operate. Pure data;
// the bot layer wraps it in an activity.
import type { ViolenceType } from '../api/caseDomain.js';
import { NO_MEASURE } from '../methodology/packSchema.js';
import { candidateNames, type AskBackView } from './askBack.js';
import { CARD_VERBS, MEASURES_INPUT } from './commands.js';
import { compactCard } from './compactCard.js';
import { handoverCard } from './handoverCard.js';
import { localize, t, type Locale, type MessageKey } from './messageCatalogue.js';
import type { CaseRecordView } from './caseRecordDecision.js';
import type { MessageParam, MessageReply } from './messageReply.js';
import { planPersonCard } from './planPersonCard.js';
import type { PlanView } from './protectionPlanDraft.js';
import type { InstrumentMenuView, QuestionView, SummaryView } from './questionView.js';
import type { ChangeSummaryView, ReassessmentOfferView } from './reassessmentViews.js';
import type { Reply } from './reply.js';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

export type OutgoingMessage = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard };

/** A text message of the catalogue in the officer's language. */
export const textMessage = (locale: Locale, key: MessageKey, params?: Record<string, string | number>): OutgoingMessage => ({ kind: 'text', text: t(locale, key, params) });

/** Up to this many options become one-tap buttons; more become a choice list with an answer button. */
const MAX_OPTION_BUTTONS = 6;

export function renderReply(reply: Reply, locale: Locale): OutgoingMessage {
  switch (reply.type) {
    case 'message':
      return { kind: 'text', text: t(locale, reply.key, localizeParams(reply.params, locale)) };
    case 'askBack':
      return { kind: 'card', card: askBackCard(reply.view, locale) };
    case 'question':
      return { kind: 'card', card: questionCard(reply.view, locale) };
    case 'summary':
      return { kind: 'card', card: summaryCard(reply.view, locale) };
    case 'instrumentMenu':
      return { kind: 'card', card: instrumentMenuCard(reply.view, locale) };
    case 'compact':
      return { kind: 'card', card: compactCard(reply.view, locale) };
    case 'plan':
      return { kind: 'text', text: planText(reply.view, locale) };
    case 'planPerson':
      return { kind: 'card', card: planPersonCard(reply.view.caseNumber, reply.view.persons, reply.view.chosen, reply.view.submit, locale) };
    case 'caseRecord':
      return { kind: 'text', text: caseRecordText(reply.view, locale) };
    case 'reassessmentOffer':
      return { kind: 'card', card: reassessmentOfferCard(reply.view, locale) };
    case 'changes':
      return { kind: 'text', text: changesText(reply.view, locale) };
    case 'handover':
      return { kind: 'card', card: handoverCard(reply.view, locale) };
    case 'versionOffer':
      return { kind: 'card', card: versionOfferCard(reply.notice, locale) };
    default: {
      const never: never = reply;
      return never;
    }
  }
}

/** What a pressed card becomes: no question, no answer, no typed reason left in the chat history. */
export function usedCard(locale: Locale): AdaptiveCard {
  const text = t(locale, 'card.used');
  return card([textBlock(text, { size: 'Small', isSubtle: true })], [], text);
}

/**
 * What the case record did, in one sentence, worded as the instrument the officer chose (not a
 * judgement of the software); and, when the case has another violence type, one neutral sentence that
 * it stands. A failure says only that the status was not updated and can be set later.
 */
function caseRecordText(view: CaseRecordView, locale: Locale): string {
  const { outcome } = view;
  const instrument = localize(view.instrument, locale);
  const violence = (type: ViolenceType) => t(locale, `violenceType.${type}`);
  switch (outcome.status) {
    case 'failed':
      return t(locale, 'case.notUpdated');
    case 'closed':
      return t(locale, 'case.closedUntouched');
    case 'recorded': {
      const changed =
        outcome.statusChanged && outcome.violenceTypeSet
          ? t(locale, 'case.updated.statusAndViolenceType', { violenceType: violence(outcome.violenceTypeSet), instrument })
          : outcome.statusChanged
            ? t(locale, 'case.updated.status')
            : outcome.violenceTypeSet
              ? t(locale, 'case.updated.violenceType', { violenceType: violence(outcome.violenceTypeSet), instrument })
              : t(locale, 'case.unchanged');
      if (!outcome.keptViolenceType || !outcome.chosen) return changed;
      return `${changed} ${t(locale, 'case.otherViolenceTypeStands', { onCase: violence(outcome.keptViolenceType), instrument, chosen: violence(outcome.chosen) })}`;
    }
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

/** The saved plan per part (Skydd, Stöd, Reducering av hotaktör), as proposals the officer decides on. */
function planText(view: PlanView, locale: Locale): string {
  const parts = view.parts.map((p) =>
    t(locale, 'plan.saved.part', { part: t(locale, `part.${p.part}`), measures: p.measures.length ? p.measures.map((m) => localize(m, locale)).join(', ') : t(locale, 'plan.saved.noMeasure') }),
  );
  return [
    ...(view.assigned ? [t(locale, 'plan.assigned')] : []),
    t(locale, 'plan.saved.intro'),
    parts.join('\n'),
    t(locale, 'plan.saved.followUp', { dueOn: view.reassessOn }),
    t(locale, 'ownDate.ask'),
  ].join('\n\n');
}

/** "Menar du A eller B?" with a button per candidate; each sends the officer's message again, made exact. */
function askBackCard(view: AskBackView, locale: Locale): AdaptiveCard {
  const labels = view.candidates.map((c) => localize(c.label, locale));
  const text = t(locale, 'question.ambiguous', { candidates: candidateNames(labels, t(locale, 'word.or')) });
  return card([textBlock(text), { type: 'ActionSet', actions: view.candidates.map((c, i) => submit(labels[i]!, { verb: CARD_VERBS.typed, text: c.text, at: view.at })) }], [], [text, ...labels].join('\n'));
}

/** The omprövning offer: re-assess the case's previous assessment, or assess afresh; the officer chooses. */
function reassessmentOfferCard(view: ReassessmentOfferView, locale: Locale): AdaptiveCard {
  const text = t(locale, 'reassessment.offer', { instrument: localize(view.instrument, locale), completedOn: view.completedOn });
  const choices = [
    { title: `1. ${t(locale, 'button.chooseReassessment')}`, choice: 'reassess' },
    { title: `2. ${t(locale, 'button.freshAssessment')}`, choice: 'fresh' },
  ];
  return card(
    [textBlock(text), { type: 'ActionSet', actions: choices.map((c) => submit(c.title, { verb: CARD_VERBS.reassess, choice: c.choice })) }],
    [submit(t(locale, 'button.back'), { verb: CARD_VERBS.back }), submit(t(locale, 'button.cancel'), { verb: CARD_VERBS.cancel })],
    [text, ...choices.map((c) => c.title)].join('\n'),
  );
}

/** A newer method version for the draft: what moving would mean, and a button for each choice (typing either works too). */
function versionOfferCard(notice: MessageReply, locale: Locale): AdaptiveCard {
  const text = t(locale, notice.key, localizeParams(notice.params, locale));
  const choices = [
    { title: t(locale, 'button.moveVersion'), choice: 'move' },
    { title: t(locale, 'button.keepVersion'), choice: 'keep' },
  ];
  return card([textBlock(text), { type: 'ActionSet', actions: choices.map((c) => submit(c.title, { verb: CARD_VERBS.version, choice: c.choice })) }], [], [text, ...choices.map((c) => c.title)].join('\n'));
}

/** What changed since the previous assessment: factors from → to, the officer's judgements, the plans' measures, the timeliness. */
function changesText(view: ChangeSummaryView, locale: Locale): string {
  const none = t(locale, 'changes.notApplicable');
  const label = (l: { sv: string; en?: string | undefined } | undefined) => (l ? localize(l, locale) : none);
  const list = (items: { sv: string; en?: string | undefined }[]) => (items.length ? items.map((i) => localize(i, locale)).join(', ') : none);
  const blocks = [t(locale, 'changes.title', { on: view.previousOn })];
  blocks.push([t(locale, 'changes.factors', { changed: view.factors.length, unchanged: view.unchangedFactors }), ...view.factors.map((f) => `- ${label(f.label)}: ${label(f.from)} → ${label(f.to)}`)].join('\n'));
  if (view.judgements.length) {
    const judged = view.judgements.map((j) => (j.changed ? `- ${label(j.label)}: ${label(j.from)} → ${label(j.to)}` : `- ${label(j.label)}: ${label(j.to)} ${t(locale, 'changes.same')}`));
    blocks.push([t(locale, 'changes.judgements'), ...judged].join('\n'));
  }
  blocks.push(
    [
      t(locale, 'changes.measures'),
      `- ${t(locale, 'changes.measures.added')}: ${list(view.measures.added)}`,
      `- ${t(locale, 'changes.measures.removed')}: ${list(view.measures.removed)}`,
      `- ${t(locale, 'changes.measures.kept')}: ${list(view.measures.kept)}`,
    ].join('\n'),
  );
  if (view.due) {
    const { on, daysFromDue } = view.due;
    blocks.push(daysFromDue < 0 ? t(locale, 'changes.early', { on, days: -daysFromDue }) : daysFromDue > 0 ? t(locale, 'changes.late', { on, days: daysFromDue }) : t(locale, 'changes.onTime', { on }));
  }
  return blocks.join('\n\n');
}

function localizeParams(params: Record<string, MessageParam> | undefined, locale: Locale): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params ?? {})) out[k] = typeof v === 'object' ? localize(v, locale) : v;
  return out;
}

const card = (body: unknown[], actions: unknown[], fallbackText: string): AdaptiveCard => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  fallbackText,
  body,
  ...(actions.length ? { actions } : {}),
});

const textBlock = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text, wrap: true, ...extra });
const submit = (title: string, data: Record<string, unknown>) => ({ type: 'Action.Submit', title, data });

/** Back and cancel; in an omprövning first the button that confirms the question's whole domain unchanged, when it can be. */
function navigation(locale: Locale, view?: QuestionView) {
  const unchanged = view?.previous?.domainUnchanged ? [submit(t(locale, 'button.unchangedDomain'), { verb: CARD_VERBS.unchanged, itemId: view.itemId })] : [];
  return [...unchanged, submit(t(locale, 'button.back'), { verb: CARD_VERBS.back }), submit(t(locale, 'button.cancel'), { verb: CARD_VERBS.cancel })];
}

function questionCard(view: QuestionView, locale: Locale): AdaptiveCard {
  const progress = t(locale, 'question.progress', { position: view.position, total: view.total });
  const question = localize(view.text, locale);
  const body: unknown[] = [
    textBlock(`${localize(view.sectionTitle, locale)} · ${progress}`, { size: 'Small', isSubtle: true }),
    ...(view.about ? [textBlock(localize(view.about, locale), { weight: 'Bolder', color: 'Accent' })] : []),
    textBlock(question, { size: 'Medium', weight: 'Bolder' }),
  ];
  if (view.guidance) body.push(textBlock(localize(view.guidance, locale), { size: 'Small', isSubtle: true }));
  if (view.previous) body.push(textBlock(t(locale, 'reassessment.previousAnswer', { on: view.previous.on, answer: localize(view.previous.answer, locale) }), { size: 'Small', color: 'Accent' }));
  switch (view.kind) {
    case 'choice': {
      if (view.currentAnswer) body.push(textBlock(t(locale, 'question.currentAnswer', { answer: localize(view.currentAnswer, locale) }), { size: 'Small' }));
      const labelled = view.options.map((o, i) => ({ code: o.code, title: `${i + 1}. ${localize(o.label, locale)}` }));
      if (labelled.length <= MAX_OPTION_BUTTONS) {
        body.push({
          type: 'ActionSet',
          actions: labelled.map((o) => submit(o.title, { verb: CARD_VERBS.answer, itemId: view.itemId, value: o.code })),
        });
      } else {
        body.push({ type: 'Input.ChoiceSet', id: 'value', style: 'expanded', choices: labelled.map((o) => ({ title: o.title, value: o.code })) });
        body.push({ type: 'ActionSet', actions: [submit(t(locale, 'button.answer'), { verb: CARD_VERBS.answer, itemId: view.itemId })] });
      }
      body.push(textBlock(t(locale, 'question.hint'), { size: 'Small', isSubtle: true }));
      const fallback = [`${progress}: ${question}`, ...labelled.map((o) => o.title)].join('\n');
      return card(body, navigation(locale, view), fallback);
    }
    case 'text': {
      if (view.currentAnswer) body.push(textBlock(t(locale, 'question.currentAnswer', { answer: view.currentAnswer }), { size: 'Small' }));
      body.push({ type: 'Input.Text', id: 'value', isMultiline: true, maxLength: view.maxLength, ...(view.written ? { value: view.written } : {}) });
      body.push({ type: 'ActionSet', actions: [submit(t(locale, 'button.answer'), { verb: CARD_VERBS.answer, itemId: view.itemId })] });
      return card(body, navigation(locale, view), `${progress}: ${question}`);
    }
    case 'presence': {
      if (view.currentAnswer) {
        const current = view.periods.map((p) => `${t(locale, `period.${p}`)}: ${labelOf(view.options, view.currentAnswer?.[p], locale)}`).join(' · ');
        body.push(textBlock(t(locale, 'question.currentAnswer', { answer: current }), { size: 'Small' }));
      }
      for (const period of view.periods) {
        body.push(textBlock(t(locale, `period.${period}`), { weight: 'Bolder', spacing: 'Small' }));
        body.push({
          type: 'Input.ChoiceSet',
          id: period,
          style: 'expanded',
          ...(view.currentAnswer?.[period] ? { value: view.currentAnswer[period] } : {}),
          choices: view.options.map((o) => ({ title: localize(o.label, locale), value: o.code })),
        });
      }
      body.push({ type: 'ActionSet', actions: [submit(t(locale, 'button.save'), { verb: CARD_VERBS.answer, itemId: view.itemId })] });
      body.push(textBlock(t(locale, 'presence.hint'), { size: 'Small', isSubtle: true }));
      return card(body, navigation(locale, view), `${progress}: ${question}`);
    }
    case 'measures': {
      if (view.suggestions.length) {
        body.push(textBlock(t(locale, 'measures.suggestions'), { weight: 'Bolder' }));
        for (const s of view.suggestions) {
          body.push(textBlock(`- **${localize(s.label, locale)}**: ${s.reasons.map((r) => localize(r, locale)).join(' ')}`, { size: 'Small' }));
        }
      }
      if (view.currentAnswer) body.push(textBlock(t(locale, 'question.currentAnswer', { answer: view.currentAnswer.map((a) => localize(a, locale)).join(', ') }), { size: 'Small' }));
      const current = new Set(view.currentAnswer ? view.options.filter((o) => view.currentAnswer!.some((a) => a.sv === o.label.sv)).map((o) => o.code) : []);
      body.push({
        type: 'Input.ChoiceSet',
        id: MEASURES_INPUT,
        isMultiSelect: true,
        style: 'expanded',
        ...(current.size ? { value: [...current].join(',') } : {}),
        choices: view.options.map((o, i) => ({ title: `${i + 1}. ${localize(o.label, locale)} (${t(locale, `part.${o.part}`)})`, value: o.code })),
      });
      body.push({
        type: 'ActionSet',
        actions: [
          submit(t(locale, 'button.save'), { verb: CARD_VERBS.answer, itemId: view.itemId }),
          submit(t(locale, 'button.noMeasures'), { verb: CARD_VERBS.answer, itemId: view.itemId, value: NO_MEASURE }),
        ],
      });
      body.push(textBlock(t(locale, 'measures.hint'), { size: 'Small', isSubtle: true }));
      return card(body, navigation(locale, view), `${progress}: ${question}`);
    }
    case 'rationale': {
      for (const flag of view.flags) body.push(textBlock(localize(flag, locale), { color: 'Attention', weight: 'Bolder' }));
      const prompt = t(locale, 'rationale.prompt', { answer: localize(view.answer, locale) });
      body.push(textBlock(prompt));
      body.push({ type: 'Input.Text', id: 'rationale', isMultiline: true, maxLength: view.maxLength, placeholder: t(locale, 'rationale.placeholder'), ...(view.written ? { value: view.written } : {}) });
      body.push({ type: 'ActionSet', actions: [submit(t(locale, 'button.saveRationale'), { verb: CARD_VERBS.rationale, itemId: view.itemId })] });
      return card(body, navigation(locale, view), `${progress}: ${prompt}`);
    }
    default: {
      const never: never = view;
      return never;
    }
  }
}

function labelOf(options: { code: string; label: { sv: string; en?: string | undefined } }[], code: string | undefined, locale: Locale): string {
  const option = options.find((o) => o.code === code);
  return option ? localize(option.label, locale) : '?';
}

function instrumentMenuCard(view: InstrumentMenuView, locale: Locale): AdaptiveCard {
  const labelled = view.options.map((o, i) => ({ id: o.id, title: `${i + 1}. ${localize(o.title, locale)}` }));
  if (view.caseNumberInput) {
    // Compact mode: the case number travels with the instrument's button (issue 13).
    return card(
      [
        textBlock(t(locale, 'compact.chooseInstrument'), { weight: 'Bolder' }),
        { type: 'Input.Text', id: 'caseNumber', label: t(locale, 'compact.caseNumber'), maxLength: 100 },
        { type: 'ActionSet', actions: labelled.map((o) => submit(o.title, { verb: CARD_VERBS.instrument, instrumentId: o.id })) },
      ],
      [submit(t(locale, 'button.cancel'), { verb: CARD_VERBS.cancel })],
      [t(locale, 'compact.chooseInstrument'), ...labelled.map((o) => o.title)].join('\n'),
    );
  }
  return card(
    [
      textBlock(t(locale, 'assessment.chooseInstrument'), { weight: 'Bolder' }),
      { type: 'ActionSet', actions: labelled.map((o) => submit(o.title, { verb: CARD_VERBS.instrument, instrumentId: o.id })) },
    ],
    [submit(t(locale, 'button.cancel'), { verb: CARD_VERBS.cancel })],
    [t(locale, 'assessment.chooseInstrument'), ...labelled.map((o) => o.title)].join('\n'),
  );
}

function summaryCard(view: SummaryView, locale: Locale): AdaptiveCard {
  const title = `${t(locale, 'summary.title')} – ${localize(view.title, locale)}`;
  const facts = view.rows.map((r) => ({ title: localize(r.label, locale), value: localize(r.answer, locale) }));
  return card(
    [textBlock(title, { size: 'Medium', weight: 'Bolder' }), { type: 'FactSet', facts }, textBlock(t(locale, 'summary.intro'), { size: 'Small', isSubtle: true })],
    [],
    [title, ...facts.map((f) => `${f.title}: ${f.value}`)].join('\n'),
  );
}
