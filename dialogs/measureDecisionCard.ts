// The measures of a case's active protection plans — every one, each headed by
// whom it protects (a case has one active plan per protected person) — by part:
// Skydd, Stöd, Reducering av hotaktör, each measure with where it stands (who
// decided it and when, its follow-up, a contact ban's expiry) and a button to
// change it; and the form that changes one (issue 12, item 7). Names measures,
// parts, dates, deciders and persons by role — never a person's label. A card
// file of its own, apart from the assessment's.
import { PLAN_PARTS, type MeasureStatus } from '../api/caseDomain.js';
import { DECISION_MAKERS, type Pack } from '../methodology/packSchema.js';
import type { AdaptiveCard } from './cardRenderer.js';
import type { MeasureResponse, PlanResponse } from './caseWorkApi.js';
import { localize, t, type Locale, type MessageKey } from './messageCatalogue.js';
import { END_PLAN_INPUT, MEASURE_DECISION_VERB, MEASURE_INPUTS, type MeasureDecisionSubmit } from './measureDecisionSubmit.js';
import { personRoleTitle } from './personRoleTitles.js';
import { PLAN_PERSON_VERB, type PlanPersonSubmit } from './planPersonSubmit.js';
import { textLimitOf } from './textLimit.js';

/** The states an officer sets in chat: proposed (only a follow-up changed), decided, carried out, declined, ended. */
export const SETTABLE_STATUSES = ['proposed', 'decided', 'in_progress', 'declined', 'done'] as const satisfies readonly MeasureStatus[];

/** The limits the API holds the form's texts to, held by Teams on the form too. */
const DECISION_REF_MAX = textLimitOf('changeMeasureStatus', 'decisionRef');
const DECLINE_REASON_MAX = textLimitOf('changeMeasureStatus', 'declineReason');
const CLOSE_REASON_MAX = textLimitOf('closePlan', 'reason');

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });
const adaptiveCard = (body: unknown[]): AdaptiveCard => ({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body });

export const measureTitle = (pack: Pack, catalogueId: string, locale: Locale) => {
  const known = pack.measures.find((m) => m.id === catalogueId);
  return known ? localize(known.title, locale) : catalogueId;
};

/**
 * A decider as the officer reads it: an authority of the catalogue by name; an officer (an id) as
 * "you" or "another officer" — chat text names no one, and an id means nothing to a reader.
 */
function deciderName(by: string, viewerId: string, locale: Locale): string {
  if ((DECISION_MAKERS as readonly string[]).includes(by)) return t(locale, `decider.${by as (typeof DECISION_MAKERS)[number]}`);
  return t(locale, by === viewerId ? 'measures.decidedByYou' : 'measures.decidedByOfficer');
}

function measureLine(m: MeasureResponse, n: number, pack: Pack, viewerId: string, locale: Locale): string {
  const facts = [
    m.decidedOn && m.decidedBy ? t(locale, 'measures.decided', { date: m.decidedOn, by: deciderName(m.decidedBy, viewerId, locale) }) : '',
    m.followUpOn ? t(locale, 'measures.followUpOn', { date: m.followUpOn }) : '',
    m.expiresOn ? t(locale, 'measures.expiresOn', { date: m.expiresOn }) : '',
  ].filter(Boolean);
  const head = t(locale, 'measures.row', { n, measure: measureTitle(pack, m.measureId, locale), status: t(locale, `measureStatus.${m.status}`) });
  return facts.length ? `${head} · ${facts.join(' · ')}` : head;
}

/**
 * The active plans of the case with their measures by part, each measure with its button, each plan
 * headed by whom it protects by role, numbered as the API numbered them for the officer;
 * `viewerId`: the officer shown it.
 */
/** Whom a plan protects, as its heading on the cards says it: by role and number, never a label. */
export const planProtects = (plan: PlanResponse, locale: Locale) => {
  const person = plan.protectedPerson && personRoleTitle(plan.protectedPerson, locale);
  return person ? t(locale, 'measures.protects', { role: person }) : t(locale, 'measures.protectsNone');
};

export function measuresCard(caseNumber: string, plans: readonly PlanResponse[], pack: Pack, viewerId: string, locale: Locale): AdaptiveCard {
  const body: unknown[] = [text(t(locale, 'measures.title', { caseNumber }), { weight: 'Bolder', size: 'Medium' })];
  let n = 0;
  for (const [i, plan] of plans.entries()) {
    const endPlan: MeasureDecisionSubmit = { verb: MEASURE_DECISION_VERB, action: 'endPlan', caseNumber, planId: plan.id };
    body.push(
      text(planProtects(plan, locale), { weight: 'Bolder', separator: i > 0 }),
      // Issue 12, item 8: the officer states or changes whom the plan protects, from the case's persons;
      // or ends a plan no new one takes over (the person no longer needs it), with a reason.
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Submit', title: t(locale, 'button.changePerson'), data: { verb: PLAN_PERSON_VERB, action: 'open', caseNumber, planId: plan.id } satisfies PlanPersonSubmit },
          { type: 'Action.Submit', title: t(locale, 'button.endPlan'), data: endPlan },
        ],
      },
    );
    for (const part of PLAN_PARTS) {
      body.push(text(`**${t(locale, `part.${part}`)}**`, { separator: true }));
      // In catalogue order: measures saved together carry the same time, so the plan's order is not stable.
      const rank = (id: string) => pack.measures.findIndex((c) => c.id === id);
      const measures = plan.measures.filter((m) => m.part === part).sort((a, b) => rank(a.measureId) - rank(b.measureId));
      if (measures.length === 0) body.push(text(t(locale, 'measures.nonePart'), { isSubtle: true }));
      for (const m of measures) {
        body.push(text(measureLine(m, ++n, pack, viewerId, locale)));
        const data: MeasureDecisionSubmit = { verb: MEASURE_DECISION_VERB, action: 'open', caseNumber, measureId: m.id, version: m.version };
        body.push({ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'button.change'), data }] });
      }
    }
  }
  return adaptiveCard(body);
}

/** What the officer had filled in on a form that came back (something missing or refused), by input id. */
export type MeasureFormFilled = Partial<Record<(typeof MEASURE_INPUTS)[keyof typeof MEASURE_INPUTS], string>>;

/**
 * The form that changes one measure: its new state, who decided and when, its reference, follow-up,
 * expiry, a reason to decline. A form sent back shows what the officer filled in, not the stored values.
 */
export function measureFormCard(caseNumber: string, m: MeasureResponse, pack: Pack, today: string, locale: Locale, filled: MeasureFormFilled = {}): AdaptiveCard {
  const known = pack.measures.find((c) => c.id === m.measureId);
  const deciders = known?.decidedBy ?? [];
  const kept = (id: keyof MeasureFormFilled, stored: string | null) => filled[id] ?? stored;
  const field = (id: keyof MeasureFormFilled, label: MessageKey, stored: string | null, extra: Record<string, unknown> = {}) => {
    const value = kept(id, stored);
    return { type: 'Input.Text', id, label: t(locale, label), ...(value ? { value } : {}), ...extra };
  };
  // Teams' date picker, which submits YYYY-MM-DD as a typed date would be read.
  const dateField = (id: keyof MeasureFormFilled, label: MessageKey, stored: string | null) => {
    const value = kept(id, stored);
    return { type: 'Input.Date', id, label: t(locale, label), ...(value ? { value } : {}) };
  };
  const status = kept(MEASURE_INPUTS.status, m.status);
  const decidedBy = kept(MEASURE_INPUTS.decidedBy, m.decidedBy);
  const save: MeasureDecisionSubmit = { verb: MEASURE_DECISION_VERB, action: 'save', caseNumber, measureId: m.id, version: m.version };
  const body: unknown[] = [
    text(t(locale, 'measureForm.title', { measure: measureTitle(pack, m.measureId, locale), status: t(locale, `measureStatus.${m.status}`) }), { weight: 'Bolder' }),
    {
      type: 'Input.ChoiceSet',
      id: MEASURE_INPUTS.status,
      label: t(locale, 'measureForm.status'),
      value: (SETTABLE_STATUSES as readonly string[]).includes(status ?? '') ? status : 'decided',
      choices: SETTABLE_STATUSES.map((s) => ({ title: t(locale, `measureStatus.${s}`), value: s })),
    },
  ];
  if (deciders.length) {
    // One possible decider is named; of several, the officer picks the one that decided (never a default).
    const chosen = decidedBy && deciders.includes(decidedBy as never) ? decidedBy : deciders.length === 1 ? deciders[0] : undefined;
    body.push({
      type: 'Input.ChoiceSet',
      id: MEASURE_INPUTS.decidedBy,
      label: t(locale, 'measureForm.decidedBy'),
      ...(chosen ? { value: chosen } : { placeholder: t(locale, 'measureForm.decidedByPlaceholder') }),
      choices: deciders.map((d) => ({ title: t(locale, `decider.${d}`), value: d })),
    });
  }
  body.push(
    dateField(MEASURE_INPUTS.decidedOn, 'measureForm.decidedOn', m.decidedOn ?? today),
    field(MEASURE_INPUTS.decisionRef, 'measureForm.decisionRef', m.decisionRef, { maxLength: DECISION_REF_MAX }),
    dateField(MEASURE_INPUTS.followUpOn, 'measureForm.followUpOn', m.followUpOn),
  );
  // A contact ban is time-limited: its expiry is asked for, and followed up like a follow-up date.
  if (m.measureId.startsWith('kontaktforbud')) body.push(dateField(MEASURE_INPUTS.expiresOn, 'measureForm.expiresOn', m.expiresOn));
  body.push(field(MEASURE_INPUTS.declineReason, 'measureForm.declineReason', m.declineReason, { isMultiline: true, maxLength: DECLINE_REASON_MAX }));
  body.push({ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, 'button.save'), data: save }] });
  return adaptiveCard(body);
}

/**
 * The card that ends one plan: whom it protects, the reason (required, held to the API's limit) and
 * "Avsluta planen" / "Avbryt". A card sent back keeps the reason the officer typed.
 */
export function endPlanCard(caseNumber: string, plan: PlanResponse, locale: Locale, reason = ''): AdaptiveCard {
  const end: MeasureDecisionSubmit = { verb: MEASURE_DECISION_VERB, action: 'confirmEndPlan', caseNumber, planId: plan.id };
  const cancel: MeasureDecisionSubmit = { verb: MEASURE_DECISION_VERB, action: 'cancelEndPlan', caseNumber };
  return adaptiveCard([
    text(t(locale, 'endPlan.title', { caseNumber }), { weight: 'Bolder' }),
    text(planProtects(plan, locale)),
    { type: 'Input.Text', id: END_PLAN_INPUT, label: t(locale, 'endPlan.reason'), isMultiline: true, maxLength: CLOSE_REASON_MAX, ...(reason ? { value: reason } : {}) },
    {
      type: 'ActionSet',
      actions: [
        { type: 'Action.Submit', title: t(locale, 'button.endPlan'), data: end },
        { type: 'Action.Submit', title: t(locale, 'button.cancel'), data: cancel },
      ],
    },
  ]);
}
