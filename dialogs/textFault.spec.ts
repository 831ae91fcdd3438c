// The chat finds what the API cannot store in a text by the API's own schema of
// the request: a control character named by its code point, a text longer than
// the field holds or empty once direction overrides are removed — and nothing
// the API would take. Fictitious texts.
import { describe, expect, it } from 'vitest';
import { operationOf } from '../api/apiOperations.js';
import { t } from './messageCatalogue.js';
import { textFaultReply, textFaultsNamed, textFaultsOf, textFaultsText } from './textFault.js';

describe('text faults, by the API’s request schema', () => {
  it('names a NUL or another control character by its code point, in the field it is in', () => {
    expect(textFaultsOf('discardAssessment', { reason: 'Fel\u0000 ärende' })).toEqual([{ path: ['reason'], fault: { kind: 'character', character: 'U+0000' } }]);
    expect(textFaultsOf('escalateCase', { note: 'Hög risk\u001b[31m' })).toEqual([{ path: ['note'], fault: { kind: 'character', character: 'U+001B' } }]);
    expect(textFaultsOf('withdrawShare', { reason: 'a\ud800b' })).toEqual([{ path: ['reason'], fault: { kind: 'character', character: 'U+D800' } }]);
  });

  it('takes line breaks where a field has several lines, and names one where it has one', () => {
    expect(textFaultsOf('discardAssessment', { reason: 'Rad ett\nrad två\ttabb' })).toEqual([]);
    expect(textFaultsOf('changeMeasureStatus', { status: 'decided', decisionRef: 'ÅM-2026\n-1', followUpOn: '2026-12-20' })).toEqual([{ path: ['decisionRef'], fault: { kind: 'character', character: 'U+000A' } }]);
  });

  it('counts a text as the API does — overrides removed, ends trimmed — against the field’s own limit', () => {
    expect(textFaultsOf('discardAssessment', { reason: 'x'.repeat(1000) })).toEqual([]);
    expect(textFaultsOf('discardAssessment', { reason: ` ${'x'.repeat(1000)}\u202e ` })).toEqual([]);
    expect(textFaultsOf('discardAssessment', { reason: 'x'.repeat(1001) })).toEqual([{ path: ['reason'], fault: { kind: 'length', max: 1000, length: 1001 } }]);
    expect(textFaultsOf('escalateCase', { note: 'x'.repeat(2001) })).toEqual([{ path: ['note'], fault: { kind: 'length', max: 2000, length: 2001 } }]);
    // A reason of direction overrides alone is empty once they are removed.
    expect(textFaultsOf('discardAssessment', { reason: '\u202e\u2066' })).toEqual([{ path: ['reason'], fault: { kind: 'empty' } }]);
  });

  it('names the character first when a text both holds one and is too long, once per field, each field apart', () => {
    const faults = textFaultsOf('createShare', { investigationNumber: '1900-K\u0000900-26', recipients: ['officer-inv-1', 'inv\u00002'], reason: `${'x'.repeat(1200)}\u0007` });
    expect(faults).toEqual([
      { path: ['investigationNumber'], fault: { kind: 'character', character: 'U+0000' } },
      { path: ['recipients', 1], fault: { kind: 'character', character: 'U+0000' } },
      { path: ['reason'], fault: { kind: 'character', character: 'U+0007' } },
    ]);
  });

  it('finds no fault in what the API takes, and leaves other mismatches (a missing date, a bad status) to the flow', () => {
    expect(textFaultsOf('createShare', { investigationNumber: '1900-K000900-26', recipients: ['officer-inv-1'], reason: 'Inför förhör' })).toEqual([]);
    expect(textFaultsOf('changeMeasureStatus', { status: 'no-such-status', followUpOn: 'sometime' })).toEqual([]);
    // Agrees with the schema: whatever the schema takes has no fault.
    for (const reason of ['Inför förhör', 'rad\nrad', '\u202eabc', 'å ä ö 🙂']) {
      expect(operationOf('discardAssessment').body!.safeParse({ reason }).success).toBe(true);
      expect(textFaultsOf('discardAssessment', { reason })).toEqual([]);
    }
  });

  it('reads an API refusal by the fields it names, the fault worked out from the body sent', () => {
    const body = { investigationNumber: '1900-K000900-26', recipients: ['officer-inv-1'], reason: 'a\u0000b' };
    expect(textFaultsNamed('createShare', body, [{ code: 'invalid_format', path: ['body', 'reason'] }])).toEqual([{ path: ['reason'], fault: { kind: 'character', character: 'U+0000' } }]);
    // A refusal of another field (or of none the client can read) is no text fault.
    expect(textFaultsNamed('createShare', body, [{ code: 'share_to_self', path: ['body', 'recipients', 0] }])).toEqual([]);
  });

  it('tells the officer the field and the character, or how long the text may be, in Swedish and English', () => {
    const faults = textFaultsOf('discardAssessment', { reason: 'a\u0000b' });
    expect(textFaultsText('sv', faults, () => t('sv', 'field.discardReason'))).toBe('Skälet innehåller ett tecken som inte kan sparas (U+0000). Ta bort det och skicka igen.');
    expect(textFaultsText('en', faults, () => t('en', 'field.discardReason'))).toBe('The reason contains a character that cannot be saved (U+0000). Remove it and send again.');
    const long = textFaultsOf('escalateCase', { note: 'x'.repeat(2100) });
    expect(textFaultsText('sv', long, () => t('sv', 'field.escalationNote'))).toBe('Överlämningsanteckningen har 2100 tecken, men högst 2000 får plats. Korta texten och skicka igen.');
    expect(textFaultReply(faults[0]!.fault, 'field.ownDateReason')).toEqual({
      type: 'message',
      key: 'textFault.character',
      params: { field: { sv: 'Skälet för datumet', en: 'The reason for the date' }, character: 'U+0000' },
    });
  });
});
