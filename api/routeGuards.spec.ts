// The route guards' refusals as the audit sees them: authorise() and
// authoriseOrHide() throw an AccessDeniedError that carries the action, the
// policy's code, the entity and how the client is answered — 404 only where
// a 403 would confirm that a protected person exists. Ids are fictitious.
import { describe, expect, it } from 'vitest';
import { AccessDeniedError } from './accessDenial.js';
import type { Caller } from './principal.js';
import { authorise, authoriseOrHide } from './routeGuards.js';

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

  it('answer 403 when the officer would be refused the person anyway, protected or not', () => {
    const denied = thrownBy(() => authoriseOrHide(caller(['bops_officer'], 'nord'), 'person.read', { region: 'vast', caseMember: false, protectedIdentity: true }, PERSON, 'no person'));
    expect(denied.type).toBe('forbidden');
    expect(denied.denial).toMatchObject({ code: 'no_role_for_region', answeredAs: 'forbidden' });
  });

  it('record no entity when the route knows none', () => {
    const denied = thrownBy(() => authorise(caller(['intake_officer']), 'statistics.read', { region: 'vast' }));
    expect(denied.denial).toEqual({ action: 'statistics.read', code: 'statistics_roles_only', target: null, answeredAs: 'forbidden' });
  });
});
