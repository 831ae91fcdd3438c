import { describe, expect, it } from 'vitest';
import { assessmentChanges, type AssessmentSide } from './assessmentChanges.js';
import { FilePackSource } from './filePackSource.js';
import type { Answers } from './instrumentEngine.js';
import { findInstrument } from './methodologySource.js';

const loaded = new FilePackSource().get('bops-exempel', '1.1.1')!;
const sarasv = findInstrument(loaded, 'sarasv');
const rated = (now: string, earlier: string) => ({ value: [`nu:${now}`, `tidigare:${earlier}`] });

const previousAnswers: Answers = {
  sara01: rated('j', 'j'),
  sara02: rated('n', 'n'),
  sara03: rated('d', 'n'),
  sara01_rel: { value: 'hog' },
  sara03_rel: { value: 'lag' },
  samlad_risk: { value: 'hog' },
  risk_allvarligt_vald: { value: 'medel' },
  akut_risk: { value: 'lag' },
};
const previous: AssessmentSide = {
  answers: previousAnswers,
  measures: [
    { part: 'reducering', measureId: 'kontaktforbud', status: 'decided' },
    { part: 'skydd', measureId: 'larmpaket', status: 'proposed' },
  ],
};

describe('what changed since the previous assessment', () => {
  it('is nothing when the re-assessment rates, judges and plans as before', () => {
    const changes = assessmentChanges(sarasv, previous, { answers: previousAnswers, measures: [{ part: 'reducering', measureId: 'kontaktforbud' }, { part: 'skydd', measureId: 'larmpaket' }] });
    expect(changes.factors).toEqual([]);
    expect(changes.unchangedFactors).toBe(5);
    expect(changes.judgements.every((j) => !j.changed)).toBe(true);
    expect(changes.measures).toEqual({ added: [], removed: [], kept: [{ part: 'reducering', measureId: 'kontaktforbud' }, { part: 'skydd', measureId: 'larmpaket' }] });
  });

  it('lists a factor rated differently from → to, in instrument order, whatever the order of the period tokens', () => {
    const answers: Answers = { ...previousAnswers, sara01: { value: ['tidigare:j', 'nu:j'] }, sara03: rated('j', 'n') };
    const changes = assessmentChanges(sarasv, previous, { answers, measures: [] });
    expect(changes.factors).toEqual([{ itemId: 'sara03', from: ['nu:d', 'tidigare:n'], to: ['nu:j', 'tidigare:n'] }]);
    expect(changes.unchangedFactors).toBe(4);
  });

  it('counts a factor that applies on one side only as changed from or to nothing, and leaves out answers that do not apply', () => {
    // sara02 now present: its relevance applies and is new; sara03 now absent: its relevance no longer applies,
    // and the answer to it still held in the draft is no rating.
    const answers: Answers = { ...previousAnswers, sara02: rated('j', 'n'), sara02_rel: { value: 'medel' }, sara03: rated('n', 'n') };
    const changes = assessmentChanges(sarasv, previous, { answers, measures: [] });
    expect(changes.factors).toEqual([
      { itemId: 'sara02', from: ['nu:n', 'tidigare:n'], to: ['nu:j', 'tidigare:n'] },
      { itemId: 'sara03', from: ['nu:d', 'tidigare:n'], to: ['nu:n', 'tidigare:n'] },
      { itemId: 'sara02_rel', from: undefined, to: 'medel' },
      { itemId: 'sara03_rel', from: 'lag', to: undefined },
    ]);
  });

  it("sets the officer's judgements side by side, marking those judged otherwise", () => {
    const answers: Answers = { ...previousAnswers, samlad_risk: { value: 'medel' } };
    const { judgements } = assessmentChanges(sarasv, previous, { answers, measures: [] });
    expect(judgements).toEqual([
      { kind: 'overall', itemId: 'samlad_risk', from: 'hog', to: 'medel', changed: true },
      { kind: 'seriousViolence', itemId: 'risk_allvarligt_vald', from: 'medel', to: 'medel', changed: false },
      { kind: 'acute', itemId: 'akut_risk', from: 'lag', to: 'lag', changed: false },
    ]);
  });

  it("compares the plans' measures by id: added, no longer planned (with the status it had), kept", () => {
    const { measures } = assessmentChanges(sarasv, previous, { answers: previousAnswers, measures: [{ part: 'reducering', measureId: 'kontaktforbud' }, { part: 'stod', measureId: 'socialtjansten' }] });
    expect(measures).toEqual({
      added: [{ part: 'stod', measureId: 'socialtjansten' }],
      removed: [{ part: 'skydd', measureId: 'larmpaket', status: 'proposed' }],
      kept: [{ part: 'reducering', measureId: 'kontaktforbud' }],
    });
  });

  it('counts the days from the planned re-assessment date to the day it was done, negative when early', () => {
    const side = { answers: previousAnswers, measures: [] };
    expect(assessmentChanges(sarasv, side, side, { previousDueOn: '2026-12-10', doneOn: '2026-12-04' }).daysFromDue).toBe(-6);
    expect(assessmentChanges(sarasv, side, side, { previousDueOn: '2026-11-30', doneOn: '2026-12-04' }).daysFromDue).toBe(4);
    expect(assessmentChanges(sarasv, side, side, { previousDueOn: '2027-03-30', doneOn: '2027-03-31' }).daysFromDue).toBe(1);
    expect(assessmentChanges(sarasv, side, side, { doneOn: '2026-12-04' }).daysFromDue).toBeUndefined();
  });
});
