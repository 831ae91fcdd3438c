// What changed between the card shown and the case now, by kind of field.
import { describe, expect, it } from 'vitest';
import type { ShareFields } from '../api/shareSnapshot.js';
import { changedShareFields } from './shareFieldChanges.js';

const SHOWN: ShareFields = {
  latestJudgements: { instrumentId: 'sarasv', completedOn: '2026-11-30', judgements: { overall: 'hog' } },
  activeMeasures: [{ measureId: 'larmpaket', part: 'skydd', status: 'decided' }],
  contactBans: [],
  threatActorRoles: ['misstankt'],
};

describe('changed share fields', () => {
  it('names the kinds that differ, in the card’s order, whatever the key order', () => {
    const now: ShareFields = { threatActorRoles: ['misstankt', 'hotaktor'], contactBans: [], activeMeasures: [{ status: 'in_progress', part: 'skydd', measureId: 'larmpaket' }], latestJudgements: SHOWN.latestJudgements };
    expect(changedShareFields(SHOWN, now)).toEqual(['activeMeasures', 'threatActorRoles']);
  });

  it('names nothing when only the key order differs, and a kind that appeared or went', () => {
    expect(changedShareFields(SHOWN, { ...SHOWN, latestJudgements: { judgements: { overall: 'hog' }, completedOn: '2026-11-30', instrumentId: 'sarasv' } })).toEqual([]);
    const { contactBans: _gone, ...without } = SHOWN;
    expect(changedShareFields(SHOWN, without)).toEqual(['contactBans']);
    expect(changedShareFields(SHOWN, { ...SHOWN, latestJudgements: null })).toEqual(['latestJudgements']);
  });
});
