// Which declaration a snapshot is made under (issue 15, audit finding b): the
// latest assessment's own pack version, the active one when the case has no
// assessment, and a refusal — never another version's declaration — when the
// version named is not loaded.
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import type { CaseShareFacts } from './shareSnapshot.js';
import { shareSnapshotMaker } from './shareSnapshotMaker.js';
import { ShareError } from './sqlShares.js';

const methodology = new FilePackSource();
const make = shareSnapshotMaker(methodology);
const FACTS: CaseShareFacts = {
  latestAssessment: { instrumentId: 'sarasv', completedAt: new Date('2026-11-30T12:00:00Z'), judgements: { overall: 'hog' } },
  measures: [],
  threatActorRoles: [],
  endedContactBans: [],
};

describe('share snapshot maker', () => {
  it('makes the snapshot under the pack version of the latest assessment, labelled with that version', () => {
    const snapshot = make({ ...FACTS, latestPack: { id: 'bops-exempel', version: '1.0.0' } });
    expect(snapshot.pack).toEqual({ id: 'bops-exempel', version: '1.0.0' });
    expect(snapshot.fields.latestJudgements).toMatchObject({ instrumentId: 'sarasv', judgements: { overall: 'hog' } });
  });

  it('uses the active version when the case has no assessment', () => {
    const active = methodology.active(methodology.defaultPackId).pack;
    expect(make({ ...FACTS, latestAssessment: null, latestPack: null }).pack).toEqual({ id: active.id, version: active.version });
  });

  it('refuses a case whose latest assessment names a version not loaded, instead of sharing under the active one', () => {
    const attempt = () => make({ ...FACTS, latestPack: { id: 'bops-exempel', version: '0.9.0' } });
    expect(attempt).toThrow(ShareError);
    expect(attempt).toThrow(/bops-exempel@0\.9\.0/);
    try {
      attempt();
    } catch (err) {
      expect((err as ShareError).reason).toBe('pack_not_loaded');
    }
  });
});
