import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalHash, canonicalJson } from './canonicalHash.js';

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
    );
  });

  it('changes with any change of content, including list order', () => {
    expect(canonicalHash({ a: [1, 2] })).not.toBe(canonicalHash({ a: [2, 1] }));
    expect(canonicalHash({ a: '1' })).not.toBe(canonicalHash({ a: 1 }));
    expect(canonicalJson({ b: 1, a: undefined, c: { y: null, x: 'å' } })).toBe('{"b":1,"c":{"x":"å","y":null}}');
  });
});
