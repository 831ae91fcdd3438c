// A completed structured assessment of the active example pack, for tests about
// what follows completion (plans, reviews, shares, reminders, escalation). It
// goes through the repository, not the API: the dialog's completion flow is
// proven in api.test.ts, and the judgements are given as the derived values
// instead of computed from answers, so a test picks them directly.
import type { AnswerInput, AssessmentRecord } from '../api/assessmentRepository.js';
import type { PoliceRegion } from '../api/policeRegions.js';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import type { RunningServer } from '../bot/server.js';

export interface StructuredAssessment {
  caseNumber: string;
  region: PoliceRegion;
  /** Who made it; also the actor of its audit rows. */
  officerId: string;
  /** No default: the tests use both 'sarasv' (the pack's SARA:SV) and 'sara-sv' (no instrument of the pack). */
  instrumentId: string;
  /** The derived judgements, e.g. { overall: 'hog' }. */
  judgements: Record<string, string>;
  /** Saved in order before completion. */
  answers?: AnswerInput[];
  /** 'structured' unless given: an in-depth assessment ('fordjupad') is made and completed alike. */
  level?: 'structured' | 'in_depth';
  /** An omprövning of this earlier completed assessment. */
  reassessmentOf?: string;
  /** The re-assessment the method derived, as a plan made in chat reads it from the assessment. */
  reassessment?: { level: string; days: number; dueOn: string };
}

export async function completeStructuredAssessment(server: Pick<RunningServer, 'database' | 'methodology'>, assessment: StructuredAssessment): Promise<AssessmentRecord> {
  const { caseNumber, region, officerId, instrumentId, judgements, answers = [], reassessmentOf, reassessment, level = 'structured' } = assessment;
  const { pack, hash } = server.methodology.active('bops-exempel');
  const repository = new SqlAssessmentRepository(server.database);
  const audit = { actorId: officerId, viaId: null, purpose: 'test setup' };
  const created = await repository.create({ caseNumber, region, level, instrumentId, pack: { id: pack.id, version: pack.version, hash }, officerId, reassessmentOf }, audit);
  for (const answer of answers) await repository.saveAnswer(created.id, answer, audit);
  const derived = { packId: pack.id, packVersion: pack.version, instrumentId, domains: [], judgements, flags: [], suggestedMeasures: [], ...(reassessment ? { reassessment } : {}) };
  return repository.complete(created.id, audit, () => ({ discard: [], derived }));
}
