import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FilePackSource } from './filePackSource.js';
import { findInstrument } from './methodologySource.js';
import {
  applicableItems,
  missingRequired,
  nextItem,
  optionsOf,
  progress,
  recogniseChoice,
  staleAnswerIds,
  validateAnswer,
  type Answers,
} from './instrumentEngine.js';

const loaded = new FilePackSource().active('bops-exempel');
const pack = loaded.pack;
const initial = findInstrument(loaded, 'initial');
const yesNo = pack.answerSets.find((s) => s.id === 'ja-nej-vetej')!.options;

describe('instrument engine on the initial assessment', () => {
  it('starts with the threat question and counts only items that apply', () => {
    expect(nextItem(initial, {})?.id).toBe('hotbildsfraga');
    expect(progress(initial, {}, 'hotbildsfraga')).toEqual({ position: 1, total: 9 });
  });

  it('asks about separation and honour-related control only for a partner relationship', () => {
    const partner: Answers = { relation: { value: 'nara_relation' } };
    const ids = applicableItems(initial, partner).map((i) => i.id);
    expect(ids).toContain('separation');
    expect(ids).toContain('heder');
    const stranger = applicableItems(initial, { relation: { value: 'okand' } }).map((i) => i.id);
    expect(stranger).not.toContain('separation');
    expect(stranger).not.toContain('heder');
    expect(applicableItems(initial, { relation: { value: 'familj' } }).map((i) => i.id)).toContain('heder');
  });

  it('reports answers to items that no longer apply after a gate answer changed', () => {
    expect(staleAnswerIds(initial, { relation: { value: 'okand' }, separation: { value: 'ja' } })).toEqual(['separation']);
  });

  it('recognises a typed number, a label in either language and ignores case and diacritics', () => {
    expect(recogniseChoice(yesNo, '2')?.code).toBe('nej');
    expect(recogniseChoice(yesNo, ' 3. ')?.code).toBe('vet_ej');
    expect(recogniseChoice(yesNo, 'VET EJ')?.code).toBe('vet_ej');
    expect(recogniseChoice(yesNo, 'yes')?.code).toBe('ja');
    const relation = pack.answerSets.find((s) => s.id === 'relation')!.options;
    expect(recogniseChoice(relation, 'okand eller ingen kand person')?.code).toBe('okand');
  });

  it('recognises nothing for an out-of-range number, empty text or an unknown word', () => {
    expect(recogniseChoice(yesNo, '0')).toBeUndefined();
    expect(recogniseChoice(yesNo, '4')).toBeUndefined();
    expect(recogniseChoice(yesNo, '   ')).toBeUndefined();
    expect(recogniseChoice(yesNo, 'kanske')).toBeUndefined();
  });

  it('demands a rationale for the referral decision and rejects values outside the options', () => {
    const codes = (itemId: string, answer: { value: string; rationale?: string }) =>
      validateAnswer(pack, initial, itemId, answer, {}).map((p) => p.code);
    expect(codes('beslut', { value: 'remittera' })).toEqual(['rationale_required']);
    expect(codes('beslut', { value: 'remittera', rationale: 'Upprepade dödshot.' })).toEqual([]);
    expect(codes('hotbildsfraga', { value: 'kanske' })).toEqual(['not_an_option']);
    expect(codes('hotbildsfraga', { value: 'ja', rationale: 'x' })).toEqual(['rationale_not_allowed']);
    expect(codes('finns_inte', { value: 'ja' })).toEqual(['unknown_item']);
    expect(codes('separation', { value: 'ja' })).toEqual(['item_not_applicable']);
  });

  it('reaches completion from any sequence of valid answers', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), (choices) => {
        const answers: Record<string, { value: string; rationale?: string }> = {};
        for (let step = 0; step < 20; step++) {
          const item = nextItem(initial, answers);
          if (!item) break;
          if (item.type !== 'choice') throw new Error('initial assessment has only choice items');
          const options = optionsOf(pack, item);
          const option = options[choices[step]! % options.length]!;
          const answer = { value: option.code, ...(item.rationale === 'required' ? { rationale: 'Motivering.' } : {}) };
          expect(validateAnswer(pack, initial, item.id, answer, answers)).toEqual([]);
          answers[item.id] = answer;
        }
        expect(nextItem(initial, answers)).toBeUndefined();
        expect(missingRequired(initial, answers)).toEqual([]);
      }),
    );
  });
});
