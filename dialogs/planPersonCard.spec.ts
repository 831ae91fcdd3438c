// The choice of whom a plan protects names each person by role: numbered in
// the case's order among several of one role, a protected identity said as
// such — in Swedish and in English — and never by the label the API stores.
import { describe, expect, it } from 'vitest';
import type { CasePerson } from './assessmentApi.js';
import { personChoiceTitles, planPersonCard } from './planPersonCard.js';

const person = (n: number, role: CasePerson['role'], protectedIdentity = false): CasePerson => ({ id: `a000000${n}-2222-4333-8444-555555555555`, role, protectedIdentity });

describe('personChoiceTitles', () => {
  const persons = [person(1, 'malsagande'), person(2, 'barn_i_hushallet'), person(3, 'malsagande', true), person(4, 'skyddsperson', true), person(5, 'barn_i_hushallet')];

  it('numbers a role only among several of it, in the order given, and says a protected identity', () => {
    expect(personChoiceTitles(persons, 'sv')).toEqual(['Målsägande 1', 'Barn i hushållet 1', 'Målsägande 2 (skyddad identitet)', 'Skyddsperson (skyddad identitet)', 'Barn i hushållet 2']);
    expect(personChoiceTitles(persons, 'en')).toEqual(['Injured party 1', 'Child in the household 1', 'Injured party 2 (protected identity)', 'Protected person (protected identity)', 'Child in the household 2']);
  });

  it('puts no label on the card even when the person handed over carries one', () => {
    const withLabel = { ...person(1, 'vittne'), label: 'Erik Fiktivsson' } as CasePerson;
    const card = planPersonCard('1800-K000001-26', [withLabel], null, { verb: 'planPerson', action: 'set', caseNumber: '1800-K000001-26', planId: 'a0000009-2222-4333-8444-555555555555' }, 'sv');
    expect(JSON.stringify(card)).not.toContain('Erik');
    expect(JSON.stringify(card)).toContain('"title":"Vittne"');
  });
});
