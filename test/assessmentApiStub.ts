// The bot's API client reduced to what dialog specs that are not about the API need: one draft,
// answers recorded, a completion without a due date, no plan work, a Bops case. Specs extend it
// and override only the calls their story is about (an outage, keyed drafts), so a new client
// method is stubbed once here instead of in every double.
import { ApiError, type AssessmentApi, type CaseRecord, type CompletedAssessment } from '../dialogs/assessmentApi.js';

export const STUB_ASSESSMENT_ID = '11111111-2222-4333-8444-555555555555';
export const STUB_CASE_NUMBER = '5000-K123456-25';

export class AssessmentApiStub implements AssessmentApi {
  /** Item ids in the order they were saved. */
  saved: string[] = [];

  async create(..._args: Parameters<AssessmentApi['create']>): Promise<{ id: string }> {
    return { id: STUB_ASSESSMENT_ID };
  }
  async saveAnswer(_officer: unknown, _assessmentId: string, itemId: string, _request: Parameters<AssessmentApi['saveAnswer']>[3]): Promise<void> {
    this.saved.push(itemId);
  }
  async complete(): Promise<CompletedAssessment> {
    return { caseNumber: STUB_CASE_NUMBER, reassessOn: null };
  }
  async get(): Promise<never> {
    throw new ApiError('rejected', undefined, 'no drafts in this stub');
  }
  async listForCase() {
    return [];
  }
  async caseAssignees(): Promise<string[]> {
    return [];
  }
  async assign(): Promise<void> {}
  async createPlan() {
    return { status: 'already_created' } as const;
  }
  async readCase(): Promise<CaseRecord> {
    return { status: 'bops', violenceType: null, etag: '"v1"' };
  }
  async changeCase(): Promise<never> {
    throw new Error('not used by this spec');
  }
}
