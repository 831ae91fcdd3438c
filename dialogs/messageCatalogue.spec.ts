// The message catalogue's one piece of grammar: a word that follows a number
// ("{days|dag|dagar}") takes the form the language's plural rule gives that
// number, so the officer never reads "1 dagar" or "1 days".
import { describe, expect, it } from 'vitest';
import { t } from './messageCatalogue.js';

describe('message catalogue', () => {
  it('writes a counted word in the singular for one and in the plural otherwise, in Swedish and English', () => {
    expect(t('sv', 'changes.early', { on: '2026-12-01', days: 1 })).toBe('Omprövningen var planerad till 2026-12-01 och gjordes 1 dag före.');
    expect(t('sv', 'changes.early', { on: '2026-12-01', days: 3 })).toBe('Omprövningen var planerad till 2026-12-01 och gjordes 3 dagar före.');
    expect(t('en', 'changes.late', { on: '2026-12-01', days: 1 })).toBe('The re-assessment was due on 2026-12-01 and was done 1 day late.');
    expect(t('en', 'changes.late', { on: '2026-12-01', days: 0 })).toBe('The re-assessment was due on 2026-12-01 and was done 0 days late.');
    expect(t('en', 'rri.summary', { contacts: 1, accepted: 1, outcomes: 2 })).toBe('1 contact with the threat actor, 1 of them accepted; 2 outcomes at follow-up.');
    expect(t('sv', 'rri.summary', { contacts: 2, accepted: 1, outcomes: 0 })).toBe('2 kontakter med hotaktören, varav 1 accepterad; 0 utfall vid uppföljning.');
  });

  it('leaves a counted word whose number is not given as it stands, as it does a missing parameter', () => {
    expect(t('en', 'changes.late', { on: '2026-12-01' })).toBe('The re-assessment was due on 2026-12-01 and was done {days} {days|day|days} late.');
  });
});
