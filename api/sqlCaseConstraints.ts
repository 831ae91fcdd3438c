// The case domain's unique and foreign keys, as the repository's reasons: a
// client that retries or names something that does not exist gets a reason it
// can act on; anything else the database refuses stays a fault.
import { CaseRepositoryError } from './caseRepository.js';

/** protection_plans UNIQUE (assessment_id), migration 003. */
const PLAN_PER_ASSESSMENT_KEY = 'protection_plans_assessment_id_key';
export const planExists = () => new CaseRepositoryError('plan_exists', 'the assessment already has its protection plan');
/** At most one active plan per protected person of a case (api/sqlActivePlanOfPerson.ts), migration 105. */
const ACTIVE_PLAN_PER_PERSON_KEY = 'protection_plans_one_active_per_person';

/** Turns the database's refusals into the repository's reasons; anything else is a fault. */
export async function translateConstraints<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === '23505') {
      const constraint = (err as { constraint?: unknown }).constraint;
      // The one unique key a client can run into by retrying rather than by a mistake in its data.
      if (constraint === PLAN_PER_ASSESSMENT_KEY) throw planExists();
      // Behind the writers' lock of a case's plans: one that missed the other's plan meets it here.
      if (constraint === ACTIVE_PLAN_PER_PERSON_KEY) throw new CaseRepositoryError('person_has_plan', 'another active plan of the case protects that person');
      throw new CaseRepositoryError('duplicate', 'an equal entry already exists');
    }
    if (code === '23503') throw new CaseRepositoryError('invalid_reference', 'a referenced entry does not exist or does not belong to the case');
    throw err;
  }
}
