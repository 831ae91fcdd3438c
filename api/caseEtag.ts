// ETag and If-Match for a case (RFC 9110 §8.8.3, §13.1.1), in the scheme of an
// assessment's (api/assessmentEtag.ts): the tag is the case's version, which
// every change of its status or violence type bumps. Unlike an answer save, a
// case change must send If-Match (428 without): closing a case starts the
// clock of its erasure, so it is made on the case as the officer last read
// it, never blindly. `If-Match: *` is the explicit "whatever its version".
import { assessmentEtag, parseIfMatch } from './assessmentEtag.js';
import { ProblemError } from './problem.js';

/** The strong entity tag of a case at `version`, quoted as on the wire. */
export function caseEtag(version: number): string {
  return assessmentEtag(version);
}

/** The versions a case change may apply at, from If-Match; undefined for `*`. Throws 428 without the header. */
export function requiredCaseVersions(ifMatch: string | undefined): readonly number[] | undefined {
  const condition = parseIfMatch(ifMatch);
  switch (condition.kind) {
    case 'none':
      throw new ProblemError('precondition-required', 'send If-Match with the ETag of the case as last read');
    case 'any':
      return undefined;
    case 'versions':
      return condition.versions;
    default: {
      const never: never = condition;
      throw never;
    }
  }
}
