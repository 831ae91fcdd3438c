// A case's version is its ETag, and a strong tag must change whenever the
// representation does (RFC 9110 §8.8.3): not only with its status or violence
// type but also when an officer is assigned or their protected access changes,
// which the case shows too. Otherwise a conditional GET with the old tag is
// answered 304 and the client keeps a list of officers that is no longer true.
// Called after such a write, in its transaction, only when a row changed.
import type { Queryable } from './database.js';

export async function bumpCaseVersion(tx: Queryable, caseId: string): Promise<void> {
  await tx.query('UPDATE cases SET version = version + 1 WHERE id = $1', [caseId]);
}
