// The rules of a case's status as a table: every status to every status, the
// violence type of a closed case, and the work that keeps a case from closing.
import { describe, expect, it } from 'vitest';
import { caseChangeRefusal, closesCase, NO_OPEN_WORK } from './caseChangeRules.js';
import { CASE_STATUSES, type CaseStatus } from './caseDomain.js';

type Expected = 'allowed' | 'refused';
const Y: Expected = 'allowed';
const N: Expected = 'refused';

// prettier-ignore
const TRANSITIONS: [from: CaseStatus, to: CaseStatus, Expected][] = [
  ['intake', 'intake', Y], ['intake', 'bops', Y], ['intake', 'closed', Y],
  ['bops',   'intake', N], ['bops',   'bops', Y], ['bops',   'closed', Y],
  // Reopening is closed → bops; nothing goes back to intake.
  ['closed', 'intake', N], ['closed', 'bops', Y], ['closed', 'closed', Y],
];

describe('case change rules', () => {
  it('has a line for every status × status', () => {
    expect(TRANSITIONS.map(([from, to]) => `${from}→${to}`).sort()).toEqual(CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => `${from}→${to}`)).sort());
  });

  it.each(TRANSITIONS)('%s → %s is %s', (from, to, expected) => {
    const refusal = caseChangeRefusal(from, { status: to }, NO_OPEN_WORK);
    expect(refusal === undefined ? 'allowed' : 'refused').toBe(expected);
    if (refusal) expect(refusal).toEqual({ code: 'transition_not_allowed', from, to });
  });

  it('keeps the violence type of a closed case unless the same change reopens it', () => {
    expect(caseChangeRefusal('closed', { violenceType: 'heder' }, NO_OPEN_WORK)).toEqual({ code: 'case_closed' });
    expect(caseChangeRefusal('closed', { status: 'closed', violenceType: 'heder' }, NO_OPEN_WORK)).toEqual({ code: 'case_closed' });
    expect(caseChangeRefusal('closed', { status: 'bops', violenceType: 'heder' }, NO_OPEN_WORK)).toBeUndefined();
    expect(caseChangeRefusal('intake', { violenceType: 'heder' }, NO_OPEN_WORK)).toBeUndefined();
  });

  it('refuses to close a case with a draft assessment or an unsettled measure, and counts neither otherwise', () => {
    const drafts = { draftAssessments: 1, unsettledMeasures: 0 };
    const measures = { draftAssessments: 0, unsettledMeasures: 2 };
    expect(caseChangeRefusal('bops', { status: 'closed' }, drafts)).toEqual({ code: 'open_work', openWork: drafts });
    expect(caseChangeRefusal('intake', { status: 'closed' }, measures)).toEqual({ code: 'open_work', openWork: measures });
    // Open work matters only to closing: a change of an open case, or of a closed one that stays closed, ignores it.
    expect(caseChangeRefusal('intake', { status: 'bops' }, drafts)).toBeUndefined();
    expect(caseChangeRefusal('closed', { status: 'closed' }, drafts)).toBeUndefined();
    expect(closesCase('bops', { status: 'closed' })).toBe(true);
    expect(closesCase('closed', { status: 'closed' })).toBe(false);
    expect(closesCase('bops', { violenceType: 'heder' })).toBe(false);
  });
});
