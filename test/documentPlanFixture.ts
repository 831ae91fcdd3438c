// A fictitious protection plan for the case-file document's bench and specs:
// all three parts, measures decided, declined (with the reason), proposed and
// time-limited, protecting the case's injured party by role. No personal data.
import type { PlanOfDocument } from '../api/assessmentDocument.js';
import type { PlanRecord } from '../api/caseRepository.js';

const at = new Date('2026-12-04T10:20:00Z');
const measure = (id: string, fields: Partial<PlanRecord['measures'][number]> & Pick<PlanRecord['measures'][number], 'part' | 'measureId' | 'status'>): PlanRecord['measures'][number] => ({
  id,
  planId: '9b1d4f7a-2c3e-4a5b-8c6d-7e8f9a0b1c2d',
  responsible: 'handlaggare-exempel',
  followUpOn: null,
  decisionRef: null,
  decidedBy: null,
  decidedOn: null,
  declineReason: null,
  expiresOn: null,
  version: 2,
  updatedBy: 'handlaggare-exempel',
  updatedAt: at,
  ...fields,
});

const PROTECTED_PERSON_ID = '5b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';

export function documentPlanFixture(assessmentId: string): PlanOfDocument {
  return { plan: planRecord(assessmentId), persons: [{ id: PROTECTED_PERSON_ID, role: 'malsagande', protectedIdentity: false, recordedAt: at }] };
}

function planRecord(assessmentId: string): PlanRecord {
  return {
    id: '9b1d4f7a-2c3e-4a5b-8c6d-7e8f9a0b1c2d',
    caseId: '4a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    assessmentId,
    protectedPersonId: PROTECTED_PERSON_ID,
    protectedPerson: { role: 'malsagande', protectedIdentity: false },
    status: 'active',
    createdBy: 'handlaggare-exempel',
    createdAt: at,
    updatedAt: at,
    closedAt: null,
    closeReason: null,
    reassessment: { id: '6c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f', dueOn: '2026-12-18', status: 'planned', derivedDueOn: '2026-12-18', ownDateReason: null, doneAssessmentId: null, doneOn: null, daysFromDue: null },
    measures: [
      measure('7d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80', { part: 'skydd', measureId: 'larmpaket', status: 'in_progress', decidedBy: 'handlaggare-exempel', decidedOn: '2026-12-04', decisionRef: 'LP-2026-0412', followUpOn: '2026-12-11' }),
      measure('8e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091', { part: 'skydd', measureId: 'skyddad_folkbokforing', status: 'declined', decidedBy: 'skatteverket', decidedOn: '2026-12-03', declineReason: 'Skyddspersonen avstod efter samtal; frågan tas upp igen vid omprövningen.' }),
      measure('9f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8091a2', { part: 'stod', measureId: 'brottsofferstod', status: 'proposed', responsible: 'brottsofferjouren' }),
      measure('a08b9c0d-1e2f-4a3b-8c5d-6e7f8091a2b3', { part: 'reducering', measureId: 'kontaktforbud', status: 'decided', decidedBy: 'aklagare', decidedOn: '2026-12-04', decisionRef: 'AM-12345-26', followUpOn: '2026-12-15', expiresOn: '2027-06-04' }),
      measure('b19c0d1e-2f3a-4b4c-9d6e-7f8091a2b3c4', { part: 'reducering', measureId: 'rri', status: 'proposed' }),
    ],
  };
}
