import { describe, expect, it } from 'vitest';
import { FilePackSource } from './filePackSource.js';
import { changedFields, diffPacks } from './packDiff.js';
import type { Pack } from './packSchema.js';

const v1 = new FilePackSource().get('bops-exempel', '1.0.0')!.pack;
const edit = (change: (p: Pack) => void): Pack => {
  const copy = structuredClone(v1) as Pack;
  change(copy);
  return copy;
};

describe('pack diff', () => {
  it('finds nothing between a version and itself', () => {
    expect(diffPacks(v1, structuredClone(v1) as Pack)).toEqual([]);
  });

  it('names added, removed and changed options, items and texts by their ids', () => {
    const next = edit((p) => {
      p.answerSets.find((s) => s.id === 'narvaro')!.options[0]!.text.en = 'Y – present now';
      const sam = p.instruments.find((i) => i.id === 'sam')!;
      sam.sections[1]!.items.splice(0, 1);
      p.instruments[0]!.sections[0]!.items[0]!.guidance!.sv = 'Ny vägledning.';
      p.glossary.push({ id: 'fred', term: { sv: 'FREDA' }, definition: { sv: 'Socialtjänstens bedömningsmetod.' }, guidelines: [] });
    });
    expect(diffPacks(v1, next)).toEqual([
      { kind: 'changed', area: 'option', id: 'narvaro/j', fields: ['text.en'] },
      { kind: 'changed', area: 'item', id: 'initial/hotbildsfraga', fields: ['guidance.sv'] },
      { kind: 'removed', area: 'item', id: 'sam/sam01' },
      { kind: 'added', area: 'glossary', id: 'fred' },
    ]);
  });

  it('reports a changed condition or rule as a change of that field', () => {
    const next = edit((p) => {
      p.suggestionRules[0]!.suggest = ['brottsofferstod'];
      p.instruments[0]!.sections[1]!.items[6]!.enableWhen = [];
    });
    expect(diffPacks(v1, next)).toEqual([
      { kind: 'changed', area: 'item', id: 'initial/separation', fields: ['enableWhen'] },
      { kind: 'changed', area: 'rule', id: 'initial-hot-stod', fields: ['suggest'] },
    ]);
  });

  it('compares nested fields by name and lists as wholes', () => {
    expect(changedFields({ a: { sv: 'x', en: 'y' }, b: [1, 2] }, { a: { sv: 'x', en: 'z' }, b: [2, 1] })).toEqual(['a.en', 'b']);
    expect(changedFields({ a: 1 }, { a: 1, b: 2 })).toEqual(['b']);
  });
});
