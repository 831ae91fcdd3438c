import { describe, expect, it } from 'vitest';
import { changeLogLines, changeLogText, describeFields } from './changeLog.js';
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

  it('shows a changed text before and after under its change, so the method owner reads the new wording', () => {
    const source = new FilePackSource();
    const before = source.get('bops-exempel', '1.1.0')!.pack;
    const after = source.get('bops-exempel', '1.1.1')!.pack;
    const text = changeLogText(before, after, diffPacks(before, after));
    const at = text.indexOf('~ measure changed: kontaktforbud_sarskilt_utvidgat «Särskilt utvidgat kontaktförbud» — description (en, sv), legal basis, preconditions (en, sv)');
    expect(at).toBeGreaterThanOrEqual(0);
    const block = text.slice(at + 1, text.findIndex((l, i) => i > at && /^[+~-] /.test(l)));
    const sv = block.indexOf('    description (sv)');
    expect(block[sv + 1]).toBe('      before: Förbud att uppehålla sig inom ett större område. Sedan 1 juli 2025 kan förbudet meddelas som första åtgärd, och områdena kan vara större (prop. 2024/25:123).');
    expect(block[sv + 2]).toMatch(/^ {6}after: {2}Förbud att uppehålla sig inom ett större område\. Förbudet ska förenas med villkor om elektronisk övervakning, om det inte finns särskilda skäl mot det\./);
    // A short value stays on one line; a list of texts is compared per language.
    expect(text).toContain('    decided by: polis → kriminalvarden');
    expect(text).toContain('    term (sv): RRI → RRI (riskreducerande insatser)');
    expect(block.some((l) => l.startsWith('    legal basis (sv)'))).toBe(true);
    // Added and removed parts have no details; every detail line is indented under a change.
    expect(text[text.indexOf('- glossary term removed: rri-begrepp «RRI (riskreducerande insatser)»') + 1]).toMatch(/^[+~-] /);
    expect(text.filter((l) => !/^[+~-] /.test(l)).every((l) => l.startsWith('    '))).toBe(true);
  });

  it('shows a text new in two languages one language a line, never as data', () => {
    const source = new FilePackSource();
    const before = source.get('bops-exempel', '1.0.0')!.pack;
    const after = source.get('bops-exempel', '1.1.0')!.pack;
    const text = changeLogText(before, after, diffPacks(before, after));
    // 1.0.0 gave the death-threat question no guidance; 1.1.0 gives it in Swedish and English.
    const at = text.findIndex((l) => l.startsWith('~ question changed: initial/dodshot «Hot om att döda eller skada allvarligt» — guidance'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(text.slice(at + 1, at + 7)).toEqual([
      '    guidance (sv)',
      '      before: (none)',
      '      after:  Dödshot är ett av de allvarligaste varningstecknen. Remitterar du inte trots dödshot ber bedömningen dig förklara varför; den hindrar dig inte.',
      '    guidance (en)',
      '      before: (none)',
      '      after:  Death threats are among the gravest red flags. If you do not refer despite death threats, the assessment asks you to explain why; it does not stop you.',
    ]);
    // No localised text anywhere in the log is printed as an object.
    expect(text.filter((l) => /\{"(en|sv)":/.test(l))).toEqual([]);
  });
});
