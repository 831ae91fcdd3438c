// A fictitious completed SARA:SV assessment record for the case-file document's
// bench and specs, built in process from the active pack (no database): every
// item answered as scriptedCompletion picks, with reasons; `status: 'draft'`
// gives the same answers unfinished. No personal data.
import type { AssessmentRecord } from '../api/assessmentRepository.js';
import { calendarDate } from '../methodology/calendarDate.js';
import { deriveValues } from '../methodology/deriveValues.js';
import { findInstrument, type LoadedPack } from '../methodology/methodologySource.js';
import { scriptedCompletion } from './scriptedCompletion.js';

export function documentRecordFixture(loaded: LoadedPack, status: 'completed' | 'draft' = 'completed'): AssessmentRecord {
  const instrument = findInstrument(loaded, 'sarasv');
  const answers = scriptedCompletion(loaded.pack, instrument, [3, 1, 4, 1, 5, 9, 2, 6]);
  const at = new Date('2026-12-04T10:15:00Z');
  return {
    id: '3f6c2b1e-8a4d-4c1b-9e2f-5a7b8c9d0e1f', caseNumber: '1400-K000901-26', region: 'stockholm', level: 'structured', instrumentId: 'sarasv',
    pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash }, status, officerId: 'handlaggare-exempel',
    createdAt: new Date('2026-12-04T09:02:00Z'), updatedAt: at, completedAt: status === 'completed' ? at : null, discardedAt: null, discardReason: null, versionChoice: null, reassessmentOf: null, version: 40, mode: 'step', activeSeconds: 540,
    derived: deriveValues(loaded.pack, instrument, answers, calendarDate(at)),
    answers: Object.entries(answers).map(([itemId, a]) => ({ itemId, value: a.value, rationale: a.rationale ?? null, answeredBy: 'handlaggare-exempel', answeredAt: at })),
  };
}
