import { describe, expect, it } from 'vitest';
import { changeLogLines, describeFields } from './changeLog.js';
import { FilePackSource } from './filePackSource.js';
import { diffPacks } from './packDiff.js';

describe('the change log of a pack diff', () => {
  it('names changed fields in words, with the languages that changed', () => {
    expect(describeFields(['text.sv', 'text.en', 'legalBasis', 'decidedBy'])).toBe('question text (sv, en), legal basis, decided by');
    expect(describeFields(['somethingNew'])).toBe('somethingNew');
  });

  it('names each change with its kind, its id and its Swedish name, removed ones from the older version', () => {
    const source = new FilePackSource();
    const before = source.get('bops-exempel', '1.0.0')!.pack;
    const after = source.get('bops-exempel', '1.1.0')!.pack;
    const lines = changeLogLines(before, after, diffPacks(before, after));
    expect(lines).toContain('+ measure added: orosanmalan «Orosanmälan om barn»');
    expect(lines).toContain('- suggestion rule removed: hot-natverk');
    expect(lines).toContain('+ guideline section added: prioritering «Prioritering»');
    expect(lines.every((l) => /^[+~-] [a-z -]+ (added|removed|changed): \S+/.test(l))).toBe(true);
  });
});
