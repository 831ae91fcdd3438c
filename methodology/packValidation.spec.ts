import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parsePack } from './packValidation.js';
import { canonicalHash } from './canonicalHash.js';
import { FilePackSource } from './filePackSource.js';

import { readPackDir } from './readPackDir.js';

// The merged raw content of the shipped pack, fresh for each mutation.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const shipped = (): any => readPackDir(fileURLToPath(new URL('./packs/bops-exempel/1.0.0/', import.meta.url))).raw;
const codes = (raw: unknown) => {
  const r = parsePack(raw);
  return r.ok ? [] : r.issues.map((i) => i.code);
};

describe('pack validation', () => {
  it('accepts every shipped pack and freezes it', () => {
    const source = new FilePackSource();
    const loaded = source.active('bops-exempel');
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(loaded.pack.instruments[0]!.sections[0]!.items[0])).toBe(true);
    expect(source.get('bops-exempel', '1.1.1')).toBe(loaded);
    for (const older of ['1.0.0', '1.1.0']) expect(Object.isFrozen(source.get('bops-exempel', older)!.pack.measures)).toBe(true);
  });

  it('names a duplicate item id', () => {
    const raw = shipped();
    raw.instruments[0].sections[1].items[2].id = 'tidigare_vald';
    expect(codes(raw)).toEqual(['duplicate_id']);
  });

  it('names a condition on an item that does not exist or comes later', () => {
    const raw = shipped();
    raw.instruments[0].sections[1].items[0].enableWhen = [{ item: 'saknas', operator: 'answered' }];
    raw.instruments[0].sections[0].items[0].enableWhen = [{ item: 'beslut', operator: 'answered' }];
    expect(codes(raw).sort()).toEqual(['forward_reference', 'unknown_item_reference']);
  });

  it('names a condition value that is not an option of the item', () => {
    const raw = shipped();
    raw.instruments[0].sections[1].items[6].enableWhen = [{ item: 'relation', operator: 'equals', value: 'granne' }];
    expect(codes(raw)).toEqual(['answer_not_in_options']);
  });

  it('names an unknown answer set and a missing Swedish text', () => {
    const raw = shipped();
    raw.instruments[0].sections[1].items[2].answerSet = 'saknas';
    expect(codes(raw)).toEqual(['unknown_answer_set']);
    const noSv = shipped();
    delete noSv.instruments[0].sections[0].items[0].text.sv;
    expect(codes(noSv)).toEqual(['missing_sv_text']);
  });

  it('hashes the same content the same whatever the key order', () => {
    const a = { b: 1, a: [{ y: 2, x: 1 }] };
    const b = { a: [{ x: 1, y: 2 }], b: 1 };
    expect(canonicalHash(a)).toBe(canonicalHash(b));
    expect(canonicalHash(a)).not.toBe(canonicalHash({ ...a, b: 2 }));
  });
});
