// ETag and If-Match for a case (RFC 9110 §8.8.3, §13.1.1), in the scheme of an
// assessment's (api/assessmentEtag.ts): the tag is the case's version, which
// every change of its status or violence type bumps. Unlike an answer save, a
// case change must send If-Match (428 without): closing a case starts the
// clock of its erasure, so it is made on the case as the officer last read
// it, never blindly. `If-Match: *` is the explicit "whatever its version".
// A case is shown whole or with its break-glass reasons withheld (by reader):
// two representations of one version, so two strong tags — otherwise a reader
// whose standing changed without a new version (an auditor role granted) would
// be told 304 and keep the withheld copy.
import { assessmentEtag, parseIfMatch } from './assessmentEtag.js';
import { ProblemError } from './problem.js';

/** How much of a case a reader is shown. */
export type CaseView = 'whole' | 'reasonsWithheld';

const WITHHELD = 'withheld';

/** The strong entity tag of a case at `version` as shown in `view`, quoted as on the wire. */
export function caseEtag(version: number, view: CaseView = 'whole'): string {
  switch (view) {
    case 'whole':
      return assessmentEtag(version);
    case 'reasonsWithheld':
      return `"v${version}-${WITHHELD}"`;
    default: {
      const never: never = view;
      throw never;
    }
  }
}

/** The versions a case change may apply at, from If-Match; undefined for `*`. Throws 428 without the header. */
export function requiredCaseVersions(ifMatch: string | undefined): readonly number[] | undefined {
  const condition = parseIfMatch(ifMatch, [WITHHELD]);
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
