// The case domain's unique and foreign keys, as the repository's reasons: a
// client that retries or names something that does not exist gets a reason it
// can act on; anything else the database refuses stays a fault.
import { CaseRepositoryError } from './caseRepository.js';

/** protection_plans UNIQUE (assessment_id), migration 003. */
const PLAN_PER_ASSESSMENT_KEY = 'protection_plans_assessment_id_key';
export const planExists = () => new CaseRepositoryError('plan_exists', 'the assessment already has its protection plan');

/** Turns the database's refusals into the repository's reasons; anything else is a fault. */
export async function translateConstraints<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === '23505') {
      // The one unique key a client can run into by retrying rather than by a mistake in its data.
      if ((err as { constraint?: unknown }).constraint === PLAN_PER_ASSESSMENT_KEY) throw planExists();
      throw new CaseRepositoryError('duplicate', 'an equal entry already exists');
    }
    if (code === '23503') throw new CaseRepositoryError('invalid_reference', 'a referenced entry does not exist or does not belong to the case');
    throw err;
  }
}
