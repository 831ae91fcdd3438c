// The card on which the officer chooses whom a protection plan protects: the
// case's persons a plan may protect, each by role (personRoleTitles.ts, as the
// measures card names them), and "ingen angiven".
import type { CasePerson } from './assessmentApi.js';
import { t, type Locale } from './messageCatalogue.js';
import { personRoleTitles } from './personRoleTitles.js';
import { NO_PERSON, PLAN_PERSON_INPUT, type PlanPersonSubmit } from './planPersonSubmit.js';

/** The persons as the choice lists them, in the order given (the case's): role, its number among several, protected identity. */
export function personChoiceTitles(persons: readonly CasePerson[], locale: Locale): string[] {
  return personRoleTitles(persons, locale).map((title) => `${title.charAt(0).toUpperCase()}${title.slice(1)}`);
}

/**
 * The choice for the plan of `caseNumber`; `chosen` is preselected (the plan's person now, else
 * "ingen angiven"), and `data` is what the button sends with it (save a new plan, or set an active one's).
 * Typed as compactCard.ts types its card, not by cardRenderer.ts's AdaptiveCard: the renderer imports this file.
 */
export function planPersonCard(caseNumber: string, persons: readonly CasePerson[], chosen: string | null, data: PlanPersonSubmit, locale: Locale): Record<string, unknown> & { type: 'AdaptiveCard'; version: string } {
  const titles = personChoiceTitles(persons, locale);
  const choices = [...persons.map((p, i) => ({ title: titles[i]!, value: p.id })), { title: t(locale, 'planPerson.none'), value: NO_PERSON }];
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
