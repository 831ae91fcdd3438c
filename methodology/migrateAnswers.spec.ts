import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR, FilePackSource } from './filePackSource.js';
import { findInstrument } from './methodologySource.js';
import { migrateAnswers } from './migrateAnswers.js';
import { fileURLToPath } from 'node:url';
import { scriptedCompletion } from '../test/scriptedCompletion.js';

const source = new FilePackSource([DEFAULT_PACKS_DIR, fileURLToPath(new URL('./fixtures/versions/', import.meta.url))]);
const v1 = source.get('bops-exempel', '1.0.0')!.pack;
const v11 = source.get('bops-exempel', '1.1.0')!.pack;

describe('moving a dialog in progress to a newer version', () => {
  it('carries an answer only where the item, its options and its measures are unchanged', () => {
    const answers = {
      sara01: { value: ['nu:j', 'tidigare:n'] },
      sara03: { value: ['nu:d', 'tidigare:d'] },
      atgarder_skydd: { value: ['larmpaket'] },
      atgarder_stod: { value: ['brottsofferstod'] },
      samlad_risk: { value: 'hog', rationale: 'Motivering.' },
    };
    const moved = migrateAnswers(v1, v11, 'sarasv', answers);
    expect(Object.keys(moved.carried).sort()).toEqual(['atgarder_stod', 'samlad_risk', 'sara01']);
    expect(moved.notCarried).toEqual([
      { itemId: 'sara03', reason: 'item_changed' },
      { itemId: 'atgarder_skydd', reason: 'measure_changed' },
    ]);
  });

  it('carries a whole initial assessment whose items did not change, and asks only the new item', () => {
    const initial = findInstrument({ pack: v1, hash: '' }, 'initial');
    const answers = scriptedCompletion(v1, initial, [0]);
    const moved = migrateAnswers(v1, v11, 'initial', answers);
    expect(moved.notCarried).toEqual([]);
    expect(moved.carried).toEqual(answers);
  });

  it('drops answers to items the newer version no longer has, and every answer for a removed instrument', () => {
    const withoutSam = { ...v11, instruments: v11.instruments.filter((i) => i.id !== 'sam') };
    expect(migrateAnswers(v1, withoutSam, 'sam', { sam01: { value: ['nu:j', 'tidigare:j'] } }).notCarried).toEqual([{ itemId: 'sam01', reason: 'item_removed' }]);
  });

  it('does not carry a choice whose answer set changed', () => {
    const relabelled = { ...v11, answerSets: v11.answerSets.map((s) => (s.id === 'riskniva' ? { ...s, options: [...s.options].reverse() } : s)) };
    expect(migrateAnswers(v1, relabelled, 'sarasv', { samlad_risk: { value: 'lag', rationale: 'x' } }).notCarried).toEqual([{ itemId: 'samlad_risk', reason: 'answer_set_changed' }]);
  });
});
