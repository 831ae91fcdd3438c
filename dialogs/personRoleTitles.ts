// How chat names a case's persons: by role as it reads in a sentence —
// numbered in the order given (the case's) when the role occurs more than once
// ("målsägande 2"), a protected identity said as such — and never by the label
// the API stores, which is free text an officer typed. One wording for the
// choice of whom a plan protects (planPersonCard.ts) and the measures card's
// "Planen skyddar: …" (measureDecisionCard.ts), so the two name a person alike.
import type { CasePerson } from './assessmentApi.js';
import { t, type Locale } from './messageCatalogue.js';

/** Each person's title, in the order given; number them among the case's persons as the officer may see them. */
export function personRoleTitles(persons: readonly CasePerson[], locale: Locale): string[] {
  const seen = new Map<string, number>();
  return persons.map((person) => {
    const n = (seen.get(person.role) ?? 0) + 1;
    seen.set(person.role, n);
    const role = t(locale, `role.${person.role}`);
    const several = persons.filter((p) => p.role === person.role).length > 1;
    return `${several ? t(locale, 'planPerson.numbered', { role, n }) : role}${person.protectedIdentity ? t(locale, 'measures.protectedIdentity') : ''}`;
  });
}
