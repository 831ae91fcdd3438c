import { describe, expect, it } from 'vitest';
import { AccessFactsMemo } from './accessFactsMemo.js';
import type { AccessFacts } from './assessmentRepository.js';

const facts = (officerId: string): AccessFacts => ({
  region: 'mitt',
  officerId,
  level: 'initial',
  instrumentId: 'initial',
  pack: { id: 'bops-exempel', version: '1.0.0', hash: 'a'.repeat(64) },
});

describe('AccessFactsMemo', () => {
  it('returns what it was told to remember until told to forget it', () => {
    const memo = new AccessFactsMemo(4);
    memo.remember('x', facts('officer-1'));
    expect(memo.get('x')).toEqual(facts('officer-1'));
    memo.remember('x', facts('officer-2'));
    expect(memo.get('x')?.officerId).toBe('officer-2');
    memo.forget('x');
    expect(memo.get('x')).toBeUndefined();
  });

  it('keeps only the access facts, as a copy the caller cannot change afterwards', () => {
    const memo = new AccessFactsMemo(4);
    const ownership = { ...facts('officer-1'), id: 'x', status: 'draft' as const };
    memo.remember('x', ownership);
    ownership.pack.hash = 'b'.repeat(64);
    ownership.officerId = 'officer-9';
    expect(memo.get('x')).toEqual(facts('officer-1'));
  });

  it('forgets the least recently used entry beyond its capacity', () => {
    const memo = new AccessFactsMemo(2);
    memo.remember('a', facts('1'));
    memo.remember('b', facts('2'));
    memo.get('a'); // a is now more recent than b
    memo.remember('c', facts('3'));
    expect(memo.size).toBe(2);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')?.officerId).toBe('1');
    expect(memo.get('c')?.officerId).toBe('3');
  });

  it('refuses a capacity that cannot hold anything', () => {
    expect(() => new AccessFactsMemo(0)).toThrow(RangeError);
  });
});
