// Which guideline sections an item's guidance points to: its own, its domain's
// shared scale, never a sibling's own section (the red flags of the initial
// assessment each name their own).
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, loadPackDir } from '../methodology/filePackSource.js';
import { guidelinesOf } from './methodLookup.js';

const { pack } = loadPackDir(`${DEFAULT_PACKS_DIR}bops-exempel/1.1.1`);
const instrument = (id: string) => pack.instruments.find((i) => i.id === id)!;
const related = (instrumentId: string, itemId: string) => {
  const ins = instrument(instrumentId);
  return guidelinesOf(ins, ins.sections.flatMap((s) => s.items).find((i) => i.id === itemId)!);
};

describe('guidelinesOf', () => {
  it("gives an item's own sections first", () => {
    expect(related('initial', 'heder')).toEqual(['heder']);
    expect(related('initial', 'barn')).toEqual(['barnperspektiv']);
  });

  it("gives a domain's factors the scale its first factor names", () => {
    expect(related('sam', 'sam02')).toEqual(['skala-narvaro']);
    expect(related('sarasv', 'sara05')).toEqual(['skala-narvaro']);
  });

  it('never lends a red flag the section of the flag beside it: the suicide threat is not about honour or children', () => {
    expect(related('initial', 'sjalvmordshot')).toEqual([]);
    expect(related('initial', 'dodshot')).toEqual([]);
  });
});
