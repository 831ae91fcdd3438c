// The snapshot a share sends (issue 15): exactly the declared field kinds —
// an undeclared kind is absent, not empty — only declared measures that are
// active, a sensitive measure never (even if a declaration named it), and the
// judgements of a declared instrument only; a contact ban an earlier share
// sent that has ended since, with its status and the day it ended.
import { describe, expect, it } from 'vitest';
import { sharingDeclarationSchema } from '../methodology/sharingDeclaration.js';
import { shareSnapshot, type CaseShareFacts } from './shareSnapshot.js';

const FACTS: CaseShareFacts = {
  latestAssessment: { instrumentId: 'sarasv', completedAt: new Date('2026-11-30T23:30:00Z'), judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } },
  measures: [
    { measureId: 'kontaktforbud', part: 'reducering', status: 'decided', expiresOn: '2027-06-30' },
    { measureId: 'larmpaket', part: 'skydd', status: 'in_progress', expiresOn: null },
    { measureId: 'personskydd', part: 'skydd', status: 'declined', expiresOn: null },
    { measureId: 'skyddat_boende', part: 'stod', status: 'decided', expiresOn: null },
    { measureId: 'socialtjanst', part: 'stod', status: 'proposed', expiresOn: null },
  ],
  threatActorRoles: ['hotaktor', 'misstankt'],
  endedContactBans: [],
};
const date = (at: Date) => at.toISOString().slice(0, 10);

describe('share snapshot', () => {
  it('holds the declared fields and nothing else', () => {
    const declaration = sharingDeclarationSchema.parse({
      sensitive: { measures: ['skyddat_boende'] },
      shareable: { judgements: [{ instrument: 'sarasv', judgements: ['overall', 'acute'] }], measures: ['larmpaket', 'personskydd', 'skyddat_boende'], contactBans: ['kontaktforbud'], threatActorRole: true },
    });
    expect(shareSnapshot(declaration, FACTS, date)).toEqual({
      latestJudgements: { instrumentId: 'sarasv', completedOn: '2026-11-30', judgements: { overall: 'hog', acute: 'lag' } },
      // Declined is not active; skyddat_boende is sensitive; socialtjanst is not declared.
      activeMeasures: [{ measureId: 'larmpaket', part: 'skydd', status: 'in_progress' }],
      contactBans: [{ measureId: 'kontaktforbud', status: 'decided', expiresOn: '2027-06-30' }],
      threatActorRoles: ['misstankt', 'hotaktor'],
    });
  });

  it('drops a protected-identity or protected-address measure even from a declaration that marks nothing sensitive and names it shareable', () => {
    const declaration = sharingDeclarationSchema.parse({ sensitive: {}, shareable: { measures: ['larmpaket', 'skyddat_boende'], contactBans: ['skyddat_boende'] } });
    const fields = shareSnapshot(declaration, FACTS, date);
    expect(fields.activeMeasures).toEqual([{ measureId: 'larmpaket', part: 'skydd', status: 'in_progress' }]);
    expect(fields.contactBans).toEqual([]);
  });

  it('leaves out every kind not declared, and the judgements of an instrument not declared', () => {
    const declaration = sharingDeclarationSchema.parse({ sensitive: {}, shareable: { judgements: [{ instrument: 'patriark', judgements: ['overall'] }] } });
    expect(shareSnapshot(declaration, FACTS, date)).toEqual({ latestJudgements: null });
    expect(shareSnapshot(sharingDeclarationSchema.parse({ sensitive: {}, shareable: {} }), FACTS, date)).toEqual({});
  });

  it('keeps a contact ban an earlier share sent that has ended since, with its status and the day it ended — unless the ban runs again', () => {
    const declaration = sharingDeclarationSchema.parse({ sensitive: { measures: ['skyddat_boende'] }, shareable: { contactBans: ['kontaktforbud', 'kontaktforbud_utvidgat', 'skyddat_boende'] } });
    const ended = (measureId: string, status: 'cancelled' | 'done' | 'decided') => ({ measureId, status, expiresOn: '2027-06-30', endedAt: new Date('2027-01-09T23:30:00Z') });
    const lifted: CaseShareFacts = { ...FACTS, measures: [], endedContactBans: [ended('kontaktforbud', 'cancelled'), ended('kontaktforbud_utvidgat', 'decided')] };
    expect(shareSnapshot(declaration, lifted, date)).toEqual({
      contactBans: [
        { measureId: 'kontaktforbud', status: 'cancelled', expiresOn: '2027-06-30', endedOn: '2027-01-09' },
        // Left in a closed plan while decided: ended all the same, the status as it stood.
        { measureId: 'kontaktforbud_utvidgat', status: 'decided', expiresOn: '2027-06-30', endedOn: '2027-01-09' },
      ],
    });
    // The same ban decided again in the active plan: the running one only. A sensitive or undeclared one never.
    const again: CaseShareFacts = { ...FACTS, endedContactBans: [ended('kontaktforbud', 'cancelled'), ended('skyddat_boende', 'cancelled'), ended('larmpaket', 'cancelled')] };
    expect(shareSnapshot(declaration, again, date).contactBans).toEqual([{ measureId: 'kontaktforbud', status: 'decided', expiresOn: '2027-06-30' }]);
  });
});
