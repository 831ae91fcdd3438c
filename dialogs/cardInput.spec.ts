// Every card's data reads a text input whole, however far over its field's
// limit — the limit is told by field afterwards, with the card again — up to
// the bound that protects the server; beyond it the data is no card of ours.
// Before, each card capped its inputs itself (200 to 20 000 characters) and a
// longer paste made the whole press "not recognised", what was written lost.
import { describe, expect, it } from 'vitest';
import { CARD_INPUT_MAX_LENGTH } from './cardInput.js';
import { measureDecisionSubmitOf } from './measureDecisionSubmit.js';
import { phaseInputOf } from './runnerInput.js';
import { rriSubmitOf } from './rriSubmit.js';
import { shareSubmitOf } from './shareSubmit.js';
import { workListSubmitOf } from './workListSubmit.js';

const CASE = '5000-K123456-25';
const ID = '11111111-2222-4333-8444-555555555555';
const longest = 'å'.repeat(CARD_INPUT_MAX_LENGTH);
const beyond = `${longest}x`;

/** Each card's press with one text input filled, by the input's id. */
const presses: [string, (text: string) => unknown][] = [
  ['a discard reason', (text) => workListSubmitOf({ verb: 'workList', action: 'confirmDiscard', assessmentId: ID, caseNumber: CASE, version: 1, discardReason: text })],
  ['a handover note', (text) => workListSubmitOf({ verb: 'workList', action: 'escalate', caseNumber: CASE, escalationNote: text })],
  ['a decline reason', (text) => measureDecisionSubmitOf({ verb: 'measureDecision', action: 'save', caseNumber: CASE, measureId: ID, version: 1, measureStatus: 'declined', declineReason: text })],
  ['a decision reference', (text) => measureDecisionSubmitOf({ verb: 'measureDecision', action: 'save', caseNumber: CASE, measureId: ID, version: 1, measureStatus: 'decided', decisionRef: text })],
  ['a share reason', (text) => shareSubmitOf({ verb: 'share', action: 'confirm', caseNumber: CASE, fingerprint: 'a'.repeat(64), investigationNumber: '5000-K000001-25', recipients: 'inv-1', shareReason: text })],
  ['a withdrawal reason', (text) => shareSubmitOf({ verb: 'share', action: 'withdraw', caseNumber: CASE, shareId: ID, investigationNumber: '5000-K000001-25', withdrawReason: text })],
  ['a blind review’s reason', (text) => shareSubmitOf({ verb: 'review', action: 'submit', caseNumber: CASE, assessmentId: ID, grade_overall: 'hog', reviewReason: text })],
  ['a regrade reason', (text) => shareSubmitOf({ verb: 'review', action: 'regrade', caseNumber: CASE, assessmentId: ID, grade_overall: 'hog', reason_overall: text })],
  ['a blind regrade’s reason', (text) => shareSubmitOf({ verb: 'review', action: 'blindReason', caseNumber: CASE, assessmentId: ID, reviewId: ID, reason_acute: text })],
  ['an RRI field', (text) => rriSubmitOf({ verb: 'rriRecord', action: 'contact', caseNumber: CASE, rriKind: text })],
];

/** The assessment's cards, read as the runner reads them. */
const runnerPresses: [string, (text: string) => unknown][] = [
  ['a text answer', (text) => phaseInputOf({ type: 'submit', data: { verb: 'answer', itemId: 'fritext', value: text } })],
  ['a step-by-step reason', (text) => phaseInputOf({ type: 'submit', data: { verb: 'rationale', itemId: 'beslut', rationale: text } })],
  ['a compact card’s reason', (text) => phaseInputOf({ type: 'submit', data: { verb: 'compact', group: 'sara-vald', 'sara05:nu': 'otillracklig', 'sara05:reason': text } })],
  ['the compact menu’s case number', (text) => phaseInputOf({ type: 'submit', data: { verb: 'instrument', instrumentId: 'sarasv', caseNumber: text } })],
];

describe('a card’s text inputs, read whole up to the server’s bound', () => {
  it.each(presses)('reads %s of 4001 and of the bound’s length as sent; one character more is no card', (_what, press) => {
    for (const text of ['x'.repeat(4001), longest]) expect(JSON.stringify(press(text))).toContain(JSON.stringify(text).slice(1, -1));
    expect(press(beyond)).toBeUndefined();
  });

  it.each(runnerPresses)('reads %s of 20 001 and of the bound’s length as sent; one character more is a card not recognised', (_what, press) => {
    for (const text of ['x'.repeat(20_001), longest]) {
      const read = press(text) as { type: string };
      expect(read.type).not.toBe('badCard');
      expect(JSON.stringify(read)).toContain(JSON.stringify(text).slice(1, -1));
    }
    expect(press(beyond)).toEqual({ type: 'badCard' });
  });
});
