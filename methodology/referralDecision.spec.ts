// Which completed assessments refer their case to Bops, and with which red
// flags (issue 12, item 1), on both versions of the example pack.
import { describe, expect, it } from 'vitest';
import { FilePackSource } from './filePackSource.js';
import { findInstrument } from './methodologySource.js';
import { redFlagLabels, referralOf } from './referralDecision.js';

const source = new FilePackSource();

describe.each(['1.0.0', '1.1.0', '1.1.1'])('referral decision on bops-exempel %s', (version) => {
  const loaded = source.get('bops-exempel', version)!;
  const initial = findInstrument(loaded, 'initial');
  const answers = (decision: string) => ({
    hotbildsfraga: { value: 'ja' },
    dodshot: { value: 'ja' },
    strypvald: { value: 'vet_ej' },
    separation: { value: 'ja' },
    vapen: { value: 'nej' },
    beslut: { value: decision, rationale: 'Fiktivt skäl.' },
  });

  it('refers an initial assessment decided "remittera", naming the red flags answered yes in the pack’s order', () => {
    expect(referralOf(initial, answers('remittera'))).toEqual({ redFlagItemIds: ['dodshot', 'separation'] });
    expect(redFlagLabels(initial, ['separation', 'dodshot']).map((l) => l.sv)).toEqual(
      initial.sections.flatMap((s) => s.items).filter((i) => i.id === 'dodshot' || i.id === 'separation').map((i) => i.shortText.sv),
    );
  });

  it('makes no referral when the decision is not to refer, or the assessment is not an initial one', () => {
    expect(referralOf(initial, answers('remittera_inte'))).toBeUndefined();
    const structured = loaded.pack.instruments.find((i) => i.level === 'structured')!;
    expect(referralOf(structured, answers('remittera'))).toBeUndefined();
  });
});
