import { describe, expect, it } from 'vitest';
import { caseEtag, requiredCaseVersions } from './caseEtag.js';
import { ProblemError } from './problem.js';

describe('caseEtag', () => {
  it('tags the whole case and the case with break-glass reasons withheld differently, at the same version', () => {
    expect(caseEtag(7)).toBe('"v7"');
    expect(caseEtag(7, 'reasonsWithheld')).toBe('"v7-withheld"');
  });

  it('lets a change be made on either view of a version, and on nothing it never issued', () => {
    expect(requiredCaseVersions(caseEtag(7))).toEqual([7]);
    expect(requiredCaseVersions(caseEtag(7, 'reasonsWithheld'))).toEqual([7]);
    expect(requiredCaseVersions(`${caseEtag(7, 'reasonsWithheld')}, ${caseEtag(8)}`)).toEqual([7, 8]);
    expect(requiredCaseVersions('"v7-other"')).toEqual([]);
    expect(requiredCaseVersions('W/"v7-withheld"')).toEqual([]);
    expect(requiredCaseVersions('*')).toBeUndefined();
    expect(() => requiredCaseVersions(undefined)).toThrow(ProblemError);
  });
});
