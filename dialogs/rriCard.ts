// The RRI card of a case (issue 16): what is logged so far — contacts offered
// to the threat actor and outcomes at follow-up, dates and codes only — and two
// short forms, one to record a contact, one an outcome. Never a person.
import { RRI_CONTACT_KINDS, RRI_OUTCOME_SOURCES, RRI_OUTCOMES } from '../api/rriContract.js';
import type { AdaptiveCard } from './cardRenderer.js';
import { t, type Locale } from './messageCatalogue.js';
import type { RriLogResponse } from './rriApi.js';
import { RRI_INPUTS, RRI_VERB, type RriSubmit } from './rriSubmit.js';

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

/** The log as lines, newest last; at most the last five of each. */
export function rriLogLines(log: RriLogResponse, locale: Locale): string[] {
  return [
    ...log.contacts.slice(-5).map((c) =>
      t(locale, 'rri.contactRow', { date: c.contactedOn, kind: t(locale, `rri.kind.${c.kind}`), answer: t(locale, c.accepted ? 'rri.answer.accepted' : 'rri.answer.declined'), talks: c.talksHeld }),
    ),
    ...log.outcomes.slice(-5).map((o) => t(locale, 'rri.outcomeRow', { date: o.followedUpOn, outcome: t(locale, `rri.outcome.${o.outcome}`), source: t(locale, `rri.source.${o.source}`) })),
  ];
}

/** What the officer had filled in on a card that came back, by input id. */
export type RriFilled = Partial<Record<(typeof RRI_INPUTS)[keyof typeof RRI_INPUTS], string>>;

export function rriCard(caseNumber: string, log: RriLogResponse, today: string, locale: Locale, filled: RriFilled = {}): AdaptiveCard {
  const kept = (id: keyof RriFilled) => (filled[id] ? { value: filled[id] } : {});
  const submit = (action: RriSubmit['action']) => ({ verb: RRI_VERB, action, caseNumber });
  // Nothing chosen beforehand: a preset outcome ("Upphört") saved by a hurried click would count in
  // the RRI figures as a result nobody found. Not marked required: the card holds two forms and Teams
  // checks every field of a card on either Spara, so the command names what is missing instead.
  const choice = (id: keyof RriFilled, label: string, choices: { title: string; value: string }[]) => ({ type: 'Input.ChoiceSet', id, label, placeholder: t(locale, 'rri.choose'), ...kept(id), choices });
  // Teams' date picker, up to today (the command checks it again).
  const date = (id: keyof RriFilled) => ({ type: 'Input.Date', id, label: t(locale, 'rri.field.date'), value: today, max: today, ...kept(id) });
  const summary = t(locale, 'rri.summary', { contacts: log.contacts.length, accepted: log.contacts.filter((c) => c.accepted).length, outcomes: log.outcomes.length });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      text(t(locale, 'rri.title', { caseNumber }), { weight: 'Bolder', size: 'Medium' }),
      text(summary),
      ...rriLogLines(log, locale).map((line) => text(`- ${line}`, { spacing: 'None' })),
      text(t(locale, 'rri.contactHeading'), { weight: 'Bolder', separator: true }),
      date(RRI_INPUTS.contactDate),
      choice(RRI_INPUTS.kind, t(locale, 'rri.field.kind'), RRI_CONTACT_KINDS.map((k) => ({ title: t(locale, `rri.kind.${k}`), value: k }))),
      choice(RRI_INPUTS.answer, t(locale, 'rri.field.answer'), (['accepted', 'declined'] as const).map((a) => ({ title: t(locale, `rri.answer.${a}`), value: a }))),
      // No count preset: a declined offer holds no talks, and an empty field reads as none held.
      { type: 'Input.Number', id: RRI_INPUTS.talks, label: t(locale, 'rri.field.talks'), ...(filled.rriTalks && Number.isFinite(Number(filled.rriTalks)) ? { value: Number(filled.rriTalks) } : {}), min: 0, max: 100 },
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'button.save'), data: submit('contact') }] },
      text(t(locale, 'rri.outcomeHeading'), { weight: 'Bolder', separator: true }),
      date(RRI_INPUTS.outcomeDate),
      choice(RRI_INPUTS.outcome, t(locale, 'rri.field.outcome'), RRI_OUTCOMES.map((o) => ({ title: t(locale, `rri.outcome.${o}`), value: o }))),
      choice(RRI_INPUTS.source, t(locale, 'rri.field.source'), RRI_OUTCOME_SOURCES.map((s) => ({ title: t(locale, `rri.source.${s}`), value: s }))),
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'button.save'), data: submit('outcome') }] },
    ],
  };
}
