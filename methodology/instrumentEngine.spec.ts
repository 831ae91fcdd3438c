import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../test/fuzzRuns.js';
import fc from 'fast-check';
import { FilePackSource } from './filePackSource.js';
import { findInstrument } from './methodologySource.js';
import {
  applicableItems,
  completionProblems,
  findItem,
  instrumentItems,
  missingRequired,
  rationaleDemand,
  nextItem,
  optionsOf,
  progress,
  staleAnswerIds,
  validateAnswer,
  type Answers,
} from './instrumentEngine.js';
import { scriptedCompletion } from '../test/scriptedCompletion.js';

const PROPERTY_RUNS = propertyRuns();

// Pinned to 1.0.0: these cases count its items; 1.0.0 stays loaded for the drafts and assessments made with it.
const loaded = new FilePackSource().get('bops-exempel', '1.0.0')!;
const pack = loaded.pack;
const initial = findInstrument(loaded, 'initial');
const yesNo = pack.answerSets.find((s) => s.id === 'ja-nej-vetej')!.options;

describe('instrument engine on the initial assessment', () => {
  it('starts with the threat question and counts the questions that can still come', () => {
    expect(nextItem(initial, {})?.id).toBe('hotbildsfraga');
    expect(progress(initial, {}, 'hotbildsfraga')).toEqual({ position: 1, total: 11 });
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

const sarasv = findInstrument(loaded, 'sarasv');
const rated = (now: string, earlier: string) => ({ value: [`nu:${now}`, `tidigare:${earlier}`] });

describe('instrument engine on the structured instruments', () => {
  it('has every instrument of the three levels, with 15, 30, 15 and 15 factors in three domains', () => {
    const factors = (id: string) =>
      findInstrument(loaded, id)
        .sections.map((s) => s.items.filter((i) => i.type === 'presence').length)
        .filter((n) => n > 0);
    expect(pack.instruments.map((i) => [i.id, i.level])).toEqual([
      ['initial', 'initial'],
      ['fordjupad', 'in_depth'],
      ['generell_hotbild', 'structured'],
      ['patriark', 'structured'],
      ['sam', 'structured'],
      ['sarasv', 'structured'],
    ]);
    expect(factors('sarasv')).toEqual([5, 5, 5]);
    expect(factors('sam')).toEqual([10, 10, 10]);
    expect(factors('patriark')).toEqual([5, 5, 5]);
    expect(factors('generell_hotbild')).toEqual([5, 5, 5]);
  });

  it('takes a presence rating as one token per period, each from the J/D/N/– scale', () => {
    const codes = (value: string | string[]) => validateAnswer(pack, sarasv, 'sara01', { value }, {}).map((p) => p.code);
    expect(codes(['nu:j', 'tidigare:d'])).toEqual([]);
    expect(codes(['tidigare:d', 'nu:j'])).toEqual([]);
    expect(codes(['nu:j'])).toEqual(['malformed_presence']);
    expect(codes(['nu:j', 'nu:d'])).toEqual(['malformed_presence']);
    expect(codes('j')).toEqual(['malformed_presence']);
    expect(codes(['nu:ja', 'tidigare:n'])).toEqual(['not_an_option']);
  });

  it('demands a note on what is missing when a factor is rated "not enough information"', () => {
    expect(validateAnswer(pack, sarasv, 'sara01', rated('otillracklig', 'n'), {}).map((p) => p.code)).toEqual(['rationale_required']);
    expect(validateAnswer(pack, sarasv, 'sara01', { ...rated('otillracklig', 'n'), rationale: 'Inga registeruppgifter ännu.' }, {})).toEqual([]);
    expect(validateAnswer(pack, sarasv, 'sara01', { ...rated('n', 'n'), rationale: 'Frivillig kommentar.' }, {})).toEqual([]);
  });

  it('asks the relevance of a factor only when it is present (J or D), now or earlier', () => {
    const ids = (answers: Answers) => applicableItems(sarasv, answers).map((i) => i.id);
    expect(ids({ sara01: rated('n', 'n') })).not.toContain('sara01_rel');
    expect(ids({ sara01: rated('n', 'd') })).toContain('sara01_rel');
    expect(ids({ sara01: rated('j', 'n') })).toContain('sara01_rel');
    expect(staleAnswerIds(sarasv, { sara01: rated('n', 'n'), sara01_rel: { value: 'hog' } })).toEqual(['sara01_rel']);
  });

  it('takes measures from the catalogue part the item offers, or "ingen" with a reason', () => {
    const codes = (value: string | string[], rationale?: string) => validateAnswer(pack, sarasv, 'atgarder_skydd', { value, rationale }, {}).map((p) => p.code);
    expect(codes(['larmpaket', 'sakerhetssamtal'])).toEqual([]);
    expect(codes(['kontaktforbud'])).toEqual(['not_a_measure']);
    expect(codes(['larmpaket', 'larmpaket'])).toEqual(['not_a_measure']);
    expect(codes(['ingen'])).toEqual(['rationale_required']);
    expect(codes(['ingen'], 'Den utsatta avböjer larm.')).toEqual([]);
  });

  it('flags a low overall judgement despite many present factors and demands a reason, without touching the judgement', () => {
    const answers: Record<string, { value: string | string[]; rationale?: string }> = {};
    for (const id of ['sara01', 'sara02', 'sara03', 'sara04', 'sara05']) answers[id] = rated('j', 'j');
    const demand = rationaleDemand(sarasv, findItem(sarasv, 'samlad_risk')!, { ...answers, samlad_risk: { value: 'lag' } });
    expect(demand).toEqual({ kind: 'required', because: 'check', checkIds: ['manga_faktorer_lag_risk'] });
    const problems = validateAnswer(pack, sarasv, 'samlad_risk', { value: 'lag' }, answers);
    expect(problems.map((p) => p.code)).toEqual(['rationale_required']);
    expect(problems[0]!.message).toContain('manga_faktorer_lag_risk');
    // The officer's "låg" stands once explained: the flag asks, it never decides.
    expect(validateAnswer(pack, sarasv, 'samlad_risk', { value: 'lag', rationale: 'Våldet är äldre än fem år; parterna bor långt isär.' }, answers)).toEqual([]);
  });

  it('lists at completion a reason that a later answer made necessary', () => {
    const answers = scriptedCompletion(pack, sarasv, [0]);
    const withoutReason = { ...answers, information_tillracklig: { value: 'nej' } };
    const problems = completionProblems(pack, sarasv, withoutReason);
    expect(problems.map((p) => [p.itemId, p.code])).toEqual([['information_tillracklig', 'rationale_required']]);
    expect(completionProblems(pack, sarasv, answers)).toEqual([]);
  });

  it('drives every instrument of every level to completion from any sequence of valid answers', () => {
    for (const instrument of pack.instruments) {
      fc.assert(
        fc.property(fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 40 }), (picks) => {
          const answers = scriptedCompletion(pack, instrument, picks);
          expect(nextItem(instrument, answers)).toBeUndefined();
          expect(missingRequired(instrument, answers)).toEqual([]);
          expect(completionProblems(pack, instrument, answers)).toEqual([]);
          for (const [itemId, answer] of Object.entries(answers)) {
            // Each answer was valid when it was given; at the end it is valid with everything known.
            expect(validateAnswer(pack, instrument, itemId, answer, answers)).toEqual([]);
          }
        }),
        { numRuns: PROPERTY_RUNS },
      );
    }
  });

  it('reaches every item of every instrument with some sequence of answers (none is dead)', () => {
    for (const instrument of pack.instruments) {
      const seen = new Set<string>();
      for (const picks of fc.sample(fc.array(fc.nat({ max: 1 << 20 }), { minLength: 1, maxLength: 40 }), { numRuns: 60, seed: 4 })) {
        for (const id of Object.keys(scriptedCompletion(pack, instrument, picks))) seen.add(id);
      }
      const never = instrumentItems(instrument).filter((i) => !seen.has(i.id)).map((i) => i.id);
      expect(never, `never reached in ${instrument.id}`).toEqual([]);
    }
  });
});
