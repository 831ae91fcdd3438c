// Whom a protection plan protects, chosen in chat (issue 12, item 8). The
// answer to the choice asked before a completed assessment's plan is saved
// saves the plan with that person — rebuilt from what the API stored, so a
// refused or failed save loses nothing: the card stays, and "skapa plan" asks
// again. On the measures card, "Ändra skyddad person" opens the same choice for
// an active plan and sets its person through the API. Never throws for an API
// answer.
import type { Logger } from 'pino';
import type { MethodologySource } from '../methodology/methodologySource.js';
import { ApiError, type AssessmentApi, type OfficerRef } from './assessmentApi.js';
import type { CaseWorkApi } from './caseWorkApi.js';
import { runCompletionFollowUp } from './completionFollowUp.js';
import type { MessageKey } from './messageCatalogue.js';
import { message } from './messageReply.js';
import { NO_PERSON, PLAN_PERSON_INPUT, PLAN_PERSON_VERB, type PlanPersonSubmit } from './planPersonSubmit.js';
import { PLAN_FAILURE_MESSAGES } from './protectionPlanDraft.js';
import { storedFollowUp } from './protectionPlanCommand.js';
import { protectablePersons } from './protectionPlanSaving.js';
import type { Reply } from './reply.js';
import { UUID_PATTERN } from '../api/uuidPattern.js';

export interface PlanPersonDeps {
  methodology: MethodologySource;
  api: AssessmentApi;
  caseWork?: CaseWorkApi;
  log: Logger;
}

/** What a press came to: the replies, and whether the case's measures card follows (after a change of an active plan). */
export interface PlanPersonOutcome {
  replies: Reply[];
  measuresAfter: boolean;
}

const SET_FAILURE_MESSAGES: Readonly<Record<ApiError['reason'], MessageKey>> = {
  unavailable: 'work.actionFailed',
  forbidden: 'planPerson.refused',
  rejected: 'planPerson.rejected',
  invalid_text: 'planPerson.rejected',
  not_draft: 'planPerson.stale',
  stale: 'planPerson.stale',
  case_closed: 'measureForm.caseClosed',
  review_refused: 'planPerson.rejected',
  share_withdrawn: 'planPerson.rejected',
};

/** The chosen person's id, null for "ingen angiven", undefined when nothing (or nothing a person id could be) was chosen. */
function choiceOf(submit: Extract<PlanPersonSubmit, { action: 'create' | 'set' }>): string | null | undefined {
  const chosen = submit[PLAN_PERSON_INPUT]?.trim();
  if (chosen === NO_PERSON) return null;
  return chosen && UUID_PATTERN.test(chosen) ? chosen : undefined;
}

export class PlanPersonCommand {
  constructor(private readonly deps: PlanPersonDeps) {}

  async act(officer: OfficerRef, submit: PlanPersonSubmit): Promise<PlanPersonOutcome> {
    const only = (replies: Reply[]): PlanPersonOutcome => ({ replies, measuresAfter: false });
    try {
      switch (submit.action) {
        case 'create':
          return only(await this.create(officer, submit));
        case 'open':
          return await this.open(officer, submit);
        case 'set':
          return await this.set(officer, submit);
        default: {
          const never: never = submit;
          return never;
        }
      }
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.deps.log.warn({ reason: err.reason, problemType: err.problemType, action: submit.action }, 'protected person of a plan not chosen');
      if (submit.action === 'create') return only([message(PLAN_FAILURE_MESSAGES[err.reason])]);
      return { replies: [message(SET_FAILURE_MESSAGES[err.reason])], measuresAfter: err.reason === 'stale' || err.reason === 'case_closed' };
    }
  }

  /** Saves the completed assessment's plan protecting the person chosen, then records the case if that waited for the plan. */
  private async create(officer: OfficerRef, submit: Extract<PlanPersonSubmit, { action: 'create' }>): Promise<Reply[]> {
    const chosen = choiceOf(submit);
    if (chosen === undefined) return [message('planPerson.choose')];
    const stored = await storedFollowUp(this.deps, officer, submit.assessmentId, submit.recordCase);
    if ('type' in stored) return [stored];
    const { followUp, pack } = stored;
    return runCompletionFollowUp(this.deps, officer, pack, { ...followUp, plan: followUp.plan && { ...followUp.plan, protectedPersonId: chosen } });
  }

  /** The choice for an active plan, its person now preselected; or why there is none to make (a plan closed meanwhile: the measures as they are). */
  private async open(officer: OfficerRef, submit: Extract<PlanPersonSubmit, { action: 'open' }>): Promise<PlanPersonOutcome> {
    if (!this.deps.caseWork) return { replies: [message('work.unavailable')], measuresAfter: false };
    const plan = (await this.deps.caseWork.casePlans(officer, submit.caseNumber)).find((p) => p.id === submit.planId && p.status === 'active');
    if (!plan) return { replies: [message('planPerson.stale')], measuresAfter: true };
    const persons = protectablePersons((await this.deps.api.casePersons?.(officer, submit.caseNumber)) ?? []);
    if (persons.length === 0) return { replies: [message('planPerson.noPersons')], measuresAfter: false };
    const data = { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: submit.caseNumber, planId: plan.id } as const;
    return { replies: [{ type: 'planPerson', view: { caseNumber: submit.caseNumber, persons, chosen: plan.protectedPersonId, submit: data } }], measuresAfter: false };
  }

  /**
   * Sets the active plan's person; the case's measures follow, showing by role whom each plan protects
   * now. A plan closed since the card was shown is refused by the API as stale, and is not changed.
   */
  private async set(officer: OfficerRef, submit: Extract<PlanPersonSubmit, { action: 'set' }>): Promise<PlanPersonOutcome> {
    const chosen = choiceOf(submit);
    if (chosen === undefined) return { replies: [message('planPerson.choose')], measuresAfter: false };
    const setPerson = this.deps.api.setPlanProtectedPerson?.bind(this.deps.api);
    if (!setPerson) return { replies: [message('work.unavailable')], measuresAfter: false };
    await setPerson(officer, submit.planId, chosen);
    return { replies: [message('planPerson.set')], measuresAfter: true };
  }

}
