// The card on which the officer chooses whom a protection plan protects: the
// case's persons a plan may protect, each by role and the label the API stores
// (a pseudonym such as "MÄ 1", never a name — the bot invents none), and
// "ingen angiven". The label is shown only on this choice, where telling two
// persons of the same role apart needs it; other chat text names roles only.
import type { CasePerson } from './assessmentApi.js';
import { t, type Locale } from './messageCatalogue.js';
import { NO_PERSON, PLAN_PERSON_INPUT, type PlanPersonSubmit } from './planPersonSubmit.js';

/** A person as the choice lists them: role, label, and a protected identity said as such. */
export function personChoiceTitle(person: CasePerson, locale: Locale): string {
  const role = t(locale, `role.${person.role}`);
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} – ${person.label}${person.protectedIdentity ? t(locale, 'measures.protectedIdentity') : ''}`;
}

/**
 * The choice for the plan of `caseNumber`; `chosen` is preselected (the plan's person now, else
 * "ingen angiven"), and `data` is what the button sends with it (save a new plan, or set an active one's).
 * Typed as compactCard.ts types its card, not by cardRenderer.ts's AdaptiveCard: the renderer imports this file.
 */
export function planPersonCard(caseNumber: string, persons: readonly CasePerson[], chosen: string | null, data: PlanPersonSubmit, locale: Locale): Record<string, unknown> & { type: 'AdaptiveCard'; version: string } {
  const choices = [...persons.map((p) => ({ title: personChoiceTitle(p, locale), value: p.id })), { title: t(locale, 'planPerson.none'), value: NO_PERSON }];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: t(locale, 'planPerson.title', { caseNumber }), wrap: true, weight: 'Bolder' },
      { type: 'Input.ChoiceSet', id: PLAN_PERSON_INPUT, label: t(locale, 'planPerson.label'), style: 'expanded', value: chosen ?? NO_PERSON, choices },
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: t(locale, data.action === 'create' ? 'planPerson.saveNew' : 'button.save'), data }] },
    ],
  };
}
