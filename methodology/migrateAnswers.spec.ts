import { describe, expect, it } from 'vitest';
import { FilePackSource } from './filePackSource.js';
import { completionProblems, nextItem } from './instrumentEngine.js';
import { findInstrument } from './methodologySource.js';
import { migrateAnswers } from './migrateAnswers.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';

// The shipped versions: a draft begun on 1.0.0, moved to the published 1.1.0.
const source = new FilePackSource();
const v1 = source.get('bops-exempel', '1.0.0')!.pack;
const v11 = source.get('bops-exempel', '1.1.0')!.pack;

describe('moving a dialog in progress from 1.0.0 to 1.1.0', () => {
  it('carries an answer only where the item, its options and its measures are unchanged', () => {
    const answers = {
      sara01: { value: ['nu:j', 'tidigare:n'] },
      sara01_rel: { value: 'hog' },
      sara13: { value: ['nu:d', 'tidigare:d'] },
      atgarder_reducering: { value: ['vapen_aterkallelse'] },
      akut_risk: { value: 'lag', rationale: 'Motivering.' },
      samlad_risk: { value: 'hog', rationale: 'Motivering.' },
    };
    const moved = migrateAnswers(v1, v11, 'sarasv', answers);
    expect(Object.keys(moved.carried).sort()).toEqual(['atgarder_reducering', 'samlad_risk', 'sara01']);
    // The relevance question and scale were reworded, a factor text names the skyddsperson, acute risk now means weeks.
    expect(moved.notCarried).toEqual([
      { itemId: 'sara01_rel', reason: 'item_changed' },
      { itemId: 'sara13', reason: 'item_changed' },
      { itemId: 'akut_risk', reason: 'item_changed' },
    ]);
    const withChangedMeasure = migrateAnswers(v1, v11, 'sarasv', { atgarder_reducering: { value: ['kontaktforbud_gemensam_bostad'] } });
    expect(withChangedMeasure.notCarried).toEqual([{ itemId: 'atgarder_reducering', reason: 'measure_changed' }]);
  });

  it('keeps the unchanged answers of an initial draft and asks the new red flags', () => {
    const initial = findInstrument({ pack: v1, hash: '' }, 'initial');
    const initial11 = findInstrument({ pack: v11, hash: '' }, 'initial');
    const answers = scriptedCompletion(v1, initial, [0]);
    const moved = migrateAnswers(v1, v11, 'initial', answers);
    expect(moved.carried).toMatchObject({ eskalering: answers.eskalering, vapen: answers.vapen, beslut: answers.beslut });
    expect(moved.notCarried.map((n) => n.itemId)).toContain('hotbildsfraga');
    // Under 1.1.0 the draft is not complete: the questions not carried and the new ones are asked.
    expect(completionProblems(v11, initial11, moved.carried).length).toBeGreaterThan(0);
    expect(nextItem(initial11, moved.carried)?.id).toBe('hotbildsfraga');
    const completed = scriptedCompletion(v11, initial11, [0]);
    expect(Object.keys(completed)).toEqual(expect.arrayContaining(['strypvald', 'sjalvmordshot', 'barn']));
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
