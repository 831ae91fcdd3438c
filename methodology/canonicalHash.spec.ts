import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../test/fuzzRuns.js';
import { fileURLToPath } from 'node:url';
import { canonicalHash, canonicalJson } from './canonicalHash.js';
import { FilePackSource } from './filePackSource.js';
import { parsePack } from './packValidation.js';
import { readPackDir } from './readPackDir.js';

const PROPERTY_RUNS = propertyRuns();

/** The same value with every object's keys in a different order. */
function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => shuffleKeys(v, seed + i));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const rotated = entries.map((_, i) => entries[(i + seed) % entries.length]!);
  return Object.fromEntries((seed % 2 ? rotated.reverse() : rotated).map(([k, v]) => [k, shuffleKeys(v, seed + 1)]));
}

describe('canonical hash', () => {
  it('is the same whatever the key order, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        expect(canonicalHash(shuffleKeys(value, seed))).toBe(canonicalHash(value));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('changes with any change of content, including list order', () => {
    expect(canonicalHash({ a: [1, 2] })).not.toBe(canonicalHash({ a: [2, 1] }));
    expect(canonicalHash({ a: '1' })).not.toBe(canonicalHash({ a: 1 }));
    expect(canonicalJson({ b: 1, a: undefined, c: { y: null, x: 'å' } })).toBe('{"b":1,"c":{"x":"å","y":null}}');
  });
});

describe('pack content hash', () => {
  const raw = readPackDir(fileURLToPath(new URL('./packs/bops-exempel/1.0.0/', import.meta.url))).raw;
  const recorded = new FilePackSource().get('bops-exempel', '1.0.0')!.hash;

  it('is the same for the shipped pack authored with its keys in any order', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const parsed = parsePack(shuffleKeys(raw, seed));
        expect(parsed.ok && canonicalHash(parsed.pack)).toBe(recorded);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it('differs when a single text changes', () => {
    const edited = structuredClone(raw) as { glossary: { definition: { sv: string } }[] };
    edited.glossary[0]!.definition.sv += ' Ändrad.';
    const parsed = parsePack(edited);
    expect(parsed.ok && canonicalHash(parsed.pack)).not.toBe(recorded);
  });
});
