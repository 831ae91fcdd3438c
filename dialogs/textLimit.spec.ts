// A card's Input.Text holds the officer to the limit the API parses the field
// with, read from the operation's own schema: the numbers below are the
// contract's, so a limit changed there fails here and changes every card.
import { describe, expect, it } from 'vitest';
import { MAX_RATIONALE_LENGTH } from '../methodology/instrumentEngine.js';
import { textFaultsOf } from './textFault.js';
import { textLimitOf } from './textLimit.js';

describe('the limit of a text field, by the API’s request schema', () => {
  it('reads each card field’s limit from its operation, through optional and nullable fields and unions of shapes', () => {
    expect(textLimitOf('discardAssessment', 'reason')).toBe(1000);
    expect(textLimitOf('escalateCase', 'note')).toBe(2000);
    expect(textLimitOf('changeMeasureStatus', 'declineReason')).toBe(1000);
    // Nullable, with a default.
    expect(textLimitOf('changeMeasureStatus', 'decisionRef')).toBe(80);
    expect(textLimitOf('createShare', 'reason')).toBe(1000);
    expect(textLimitOf('createShare', 'investigationNumber')).toBe(40);
    expect(textLimitOf('withdrawShare', 'reason')).toBe(1000);
    // A union of the review's shapes (agree, regrade, blind), two of them with a reason.
    expect(textLimitOf('createReview', 'reason')).toBe(1000);
    expect(textLimitOf('giveReviewReason', 'reason')).toBe(1000);
    // A text or a list of codes: the text's limit.
    expect(textLimitOf('saveAnswer', 'value')).toBe(4000);
  });

  it('is the very limit the API refuses a text over, as the chat tells it', () => {
    const reason = textLimitOf('discardAssessment', 'reason');
    expect(textFaultsOf('discardAssessment', { reason: 'x'.repeat(reason) })).toEqual([]);
    expect(textFaultsOf('discardAssessment', { reason: 'x'.repeat(reason + 1) })).toEqual([{ path: ['reason'], fault: { kind: 'length', max: reason, length: reason + 1 } }]);
  });

  it('agrees with the method engine, which cannot import the API: a reason the runner takes the API stores', () => {
    expect(MAX_RATIONALE_LENGTH).toBe(textLimitOf('saveAnswer', 'rationale'));
  });

  it('refuses a field the contract does not hold as bounded text: a card naming it is a mistake found on load', () => {
    expect(() => textLimitOf('discardAssessment', 'note')).toThrow('discardAssessment has no text field note with a limit');
    expect(() => textLimitOf('createShare', 'recipients')).toThrow('no text field recipients');
  });
});
