// The text rules the API stores by, and the hint a client gives before sending.
import { describe, expect, it } from 'vitest';
import { forbiddenCharacterIn, manyLinesText, oneLineText } from './freeText.js';

describe('free text', () => {
  it('names the first character the API would refuse, line breaks allowed only where text has several lines', () => {
    expect(forbiddenCharacterIn('fiktiv motivering', 'many')).toBeUndefined();
    expect(forbiddenCharacterIn('rad ett\n\trad två\r\n', 'many')).toBeUndefined();
    expect(forbiddenCharacterIn('rad ett\nrad två', 'one')).toBe('U+000A');
    expect(forbiddenCharacterIn('a\u0000b', 'many')).toBe('U+0000');
    expect(forbiddenCharacterIn('a\u0007b\u0000', 'many')).toBe('U+0007');
    expect(forbiddenCharacterIn('a\ud800b', 'many')).toBe('U+D800');
    expect(forbiddenCharacterIn('a\u0085b', 'one')).toBe('U+0085');
  });

  it('agrees with the schemas: what it names is refused, what it passes is stored', () => {
    for (const text of ['fiktiv', 'rad\nrad', 'a\u0000b', 'a\ud800', 'a\u001bb', 'tab\there']) {
      expect(manyLinesText(100).safeParse(text).success, JSON.stringify(text)).toBe(forbiddenCharacterIn(text, 'many') === undefined);
      expect(oneLineText(100).safeParse(text).success, JSON.stringify(text)).toBe(forbiddenCharacterIn(text, 'one') === undefined);
    }
  });

  it('removes direction overrides and isolates instead of refusing them', () => {
    expect(manyLinesText(100).parse('\u202eabc\u2066d\u2069')).toBe('abcd');
    expect(oneLineText(100).parse(' MÄ \u202e1 ')).toBe('MÄ 1');
  });
});
