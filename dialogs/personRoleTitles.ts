// How chat names a case's persons: by role as it reads in a sentence —
// numbered as api/personNumbers.ts numbers them ("målsägande 2"), a protected
// identity said as such — and never by the label the API stores, which is free
// text an officer typed. One wording for the choice of whom a plan protects
// (planPersonCard.ts), the measures card's "Planen skyddar: …"
// (measureDecisionCard.ts), and the work list's and reminders' rows of a case
// with several plans, so they name a person alike.
import { personNumbers, type NumberedRole } from '../api/personNumbers.js';
import type { CasePerson } from './assessmentApi.js';
import { t, type Locale } from './messageCatalogue.js';

/** One person's title from their role and number (null: the only one of the role). */
export function personRoleTitle(person: NumberedRole, locale: Locale): string {
  const role = t(locale, `role.${person.role}`);
  return `${person.number === null ? role : t(locale, 'planPerson.numbered', { role, n: person.number })}${person.protectedIdentity ? t(locale, 'measures.protectedIdentity') : ''}`;
}

/** Each person's title, in the order given; number them among the case's persons as the officer may see them. */
export function personRoleTitles(persons: readonly CasePerson[], locale: Locale): string[] {
  return personNumbers(persons).map((person) => personRoleTitle(person, locale));
}
