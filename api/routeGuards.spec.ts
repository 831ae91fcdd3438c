// The route guards' refusals as the audit sees them: authorise() and
// authoriseOrHide() throw an AccessDeniedError that carries the action, the
// policy's code, the entity and how the client is answered — 404 only where
// a 403 would confirm that a protected person exists. Ids are fictitious.
import { describe, expect, it } from 'vitest';
import { AccessDeniedError } from './accessDenial.js';
import type { Caller } from './principal.js';
import { ProblemError } from './problem.js';
import { authorise, authoriseInCase, authoriseOrHide, requireNewCaseNumber } from './routeGuards.js';

const caller = (roles: Caller['officer']['roles'], region: Caller['officer']['region'] = 'vast'): Caller => ({ officer: { id: 'officer-guard-1', roles, region }, viaId: null });
const PERSON = { type: 'person', id: '00000000-0000-4000-8000-0000000000a1' } as const;

function thrownBy(fn: () => void): AccessDeniedError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AccessDeniedError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('route guards', () => {
  it('let an allowed request through without a trace', () => {
    expect(() => authorise(caller(['bops_officer']), 'case.read', { region: 'vast' })).not.toThrow();
    expect(() => authoriseOrHide(caller(['bops_officer']), 'person.read', { region: 'vast', caseMember: true, protectedClearance: true, protectedIdentity: true }, PERSON, 'no person')).not.toThrow();
  });

  it('answer an unassigned officer 404 for a protected person, recording the refusal as protected_identity', () => {
    const denied = thrownBy(() => authoriseOrHide(caller(['bops_officer']), 'person.read', { region: 'vast', caseMember: false, protectedIdentity: true }, PERSON, 'no person with that id'));
    expect(denied.type).toBe('not-found');
    expect(denied.detail).toBe('no person with that id');
    expect(denied.denial).toEqual({ action: 'person.read', code: 'protected_identity', target: PERSON, answeredAs: 'not-found' });
  });

  it('answer an officer of another region 404 in the words a missing one of what the route names gets, protected person or not, recording the refusal', () => {
    const denied = thrownBy(() => authoriseOrHide(caller(['bops_officer'], 'nord'), 'person.read', { region: 'vast', caseMember: false, protectedIdentity: true }, PERSON, 'no person'));
    expect(denied.type).toBe('not-found');
    expect(denied.detail).toBe('no person');
    expect(denied.denial).toMatchObject({ code: 'no_role_for_region', answeredAs: 'not-found' });
    // Named by its case number (a person a body names is refused as invalid-reference only within the case): the case's words.
    expect(thrownBy(() => authoriseInCase(caller(['bops_officer'], 'nord'), 'person.read', { region: 'vast' }, PERSON)).detail).toBe('no case with that number');
    expect(thrownBy(() => authoriseOrHide(caller(['bops_officer'], 'nord'), 'rri.write', { region: 'vast', protectedIdentity: true }, PERSON, 'not a threat actor', 'invalid-reference')).detail).toBe('no case with that number');
  });

  it('answer 403, saying why, to a role that never reads cases, and to an officer who may read the case but not do this', () => {
    expect(thrownBy(() => authoriseInCase(caller(['analyst']), 'person.read', { region: 'vast' }, PERSON)).denial).toMatchObject({ code: 'statistics_only', answeredAs: 'forbidden' });
    expect(thrownBy(() => authoriseInCase(caller(['intake_officer']), 'case.update', { region: 'vast' }, PERSON)).denial).toMatchObject({ code: 'no_role_for_region', answeredAs: 'forbidden' });
  });

  it('record no entity when the route knows none', () => {
    const denied = thrownBy(() => authorise(caller(['intake_officer']), 'statistics.read', { region: 'vast' }));
    expect(denied.denial).toEqual({ action: 'statistics.read', code: 'statistics_roles_only', target: null, answeredAs: 'forbidden' });
  });

  it('report a case number off the pattern at the body field it came in', () => {
    const pattern = /^\d{4}-K\d{1,7}-\d{2}$/;
    const issuesOf = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        if (err instanceof ProblemError) return err.errors;
        throw err;
      }
      throw new Error('expected a problem');
    };
    expect(issuesOf(() => requireNewCaseNumber(pattern, 'inte-ett-nummer'))).toEqual([expect.objectContaining({ code: 'case_number_pattern', path: ['body', 'caseNumber'] })]);
    expect(issuesOf(() => requireNewCaseNumber(pattern, 'inte-ett-nummer', 'investigationNumber'))).toEqual([expect.objectContaining({ code: 'case_number_pattern', path: ['body', 'investigationNumber'] })]);
    expect(() => requireNewCaseNumber(pattern, '1500-K000900-26', 'investigationNumber')).not.toThrow();
  });
});
