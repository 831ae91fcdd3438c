import { describe, expect, it } from 'vitest';
import { FilePackSource } from './filePackSource.js';
import { findInstrument } from './methodologySource.js';
import { presentFactors } from './presentFactors.js';

const loaded = new FilePackSource().get('bops-exempel', '1.1.1')!;
const sarasv = findInstrument(loaded, 'sarasv');
const rated = (now: string, earlier: string) => ({ value: [`nu:${now}`, `tidigare:${earlier}`] });

describe('the factors an assessment judged present', () => {
  it('lists the factors rated present now or earlier, in instrument order, with the relevance given', () => {
    const answers = { sara03: rated('n', 'd'), sara01: rated('j', 'n'), sara02: rated('n', 'n'), sara01_rel: { value: 'hog' } };
    expect(presentFactors(sarasv, answers)).toEqual([
      { itemId: 'sara01', relevance: 'hog' },
      { itemId: 'sara03', relevance: undefined },
    ]);
  });

  it('leaves out factors rated absent or without enough information, and carries no rationale', () => {
    const answers = { sara01: { value: ['nu:otillracklig', 'tidigare:n'], rationale: 'fri text' }, sara02: rated('n', 'n') };
    expect(presentFactors(sarasv, answers)).toEqual([]);
  });
});
