// The rule by which a case's persons are told apart without their labels: by
// role, numbered in the case's order (the order persons were recorded) when the
// role occurs more than once among the persons the reader may see. Held here
// once for every place that names a person — chat (dialogs/personRoleTitles.ts),
// the API's plans, the case-file document and the work list — so "målsägande 2" is the same
// person wherever it is read. Pure: roles in, numbers out; no label is needed.
import type { PersonRole } from './caseDomain.js';

/** A person as the rule sees them: a role, and whether their identity is protected. */
export interface RoleOfPerson {
  role: PersonRole;
  protectedIdentity: boolean;
}

/** A person named by role: their number among the persons of that role, null when the role occurs once. */
export interface NumberedRole extends RoleOfPerson {
  number: number | null;
}

/** Each person as given, with their number — give the case's persons, in the case's order, as the reader may see them. */
export function personNumbers<P extends RoleOfPerson>(persons: readonly P[]): (P & NumberedRole)[] {
  const seen = new Map<string, number>();
  return persons.map((person) => {
    const n = (seen.get(person.role) ?? 0) + 1;
    seen.set(person.role, n);
    const several = persons.filter((p) => p.role === person.role).length > 1;
    return { ...person, number: several ? n : null };
  });
}

/** The number of person `id` among `persons` (given as personNumbers takes them); null when their role occurs once there, or they are not there. */
export function personNumberOf(persons: readonly (RoleOfPerson & { id: string })[], id: string | null): number | null {
  return personNumbers(persons).find((p) => p.id === id)?.number ?? null;
}
