// The escalation's handover note as the API takes it: found by the
// schema-valid API fuzz (test/apiFuzz.test.ts), a note of only spaces passed
// the contract, was trimmed to nothing and broke referrals.note's CHECK
// (1–2000 characters) with a 500.
import { describe, expect, it } from 'vitest';
import { escalateRequestSchema } from './referralContract.js';

describe('the handover note of an escalation', () => {
  it.each([
    ['empty', ''],
    ['spaces only', '   '],
    ['line breaks and tabs only', '\n\t\r\n'],
    ['ideographic spaces only', '\u3000 \u3000'],
    ['direction overrides only', '\u202e\u2066'],
  ])('is refused when %s, naming the field', (_what, note) => {
    expect(escalateRequestSchema.safeParse({ note }).error?.issues.map((i) => i.path.join('.'))).toEqual(['note']);
  });

  it('is kept trimmed, lines and all', () => {
    expect(escalateRequestSchema.parse({ note: '  Hotet har ökat.\nSe förhöret.  ' })).toEqual({ note: 'Hotet har ökat.\nSe förhöret.' });
  });
});
