// Saves the protection plan of a completed assessment through the API: the one
// place that turns the plan draft (measures per part, due date) into the
// API's request and knows what the API's access policy asks of the officer.
// Run by the follow-up of a completed assessment (completionFollowUp.ts), in
// chat and on "skapa plan <diarienummer>", the retry after a failure. It never
// throws for an API answer: a failure is an outcome, because the completed
// assessment stands whatever becomes of it.
import type { CreatePlanRequest } from '../api/caseContract.js';
import { PROTECTABLE_ROLES } from '../api/caseDomain.js';
import { ApiError, type AssessmentApi, type CasePerson, type OfficerRef } from './assessmentApi.js';
import type { PlanDraft, PlanOutcome } from './protectionPlanDraft.js';

/**
 * The API's plan request: every measure proposed (the software suggests, the officer decides), the
 * officer responsible, followed up on the re-assessment date; protecting the person the officer chose,
 * or no one named when they chose none or the case has no person a plan may protect.
 */
export function planRequestOf(plan: PlanDraft, officer: OfficerRef): CreatePlanRequest {
  return {
    assessmentId: plan.assessmentId,
    protectedPersonId: plan.protectedPersonId ?? null,
    reassessOn: plan.reassessOn,
    measures: plan.measures.map((m) => ({ part: m.part, measureId: m.measureId, responsible: officer.id, status: 'proposed', followUpOn: plan.reassessOn, decisionRef: null })),
  };
}

/**
 * Creates the plan for the officer. The API's policy ('plan.write') lets only officers assigned to the
 * case change its plan. An officer who is not assigned is assigned first, by their own request through
 * the API ('case.assign'): the policy grants that to a Bops officer of the case's region and to a
 * specialist — exactly who may make a structured (or in-depth) assessment there, so the officer who
 * just assessed the case may also take it on. The API decides both steps and audits the assignment
 * as the officer's act; nothing is bypassed, and a refusal is told to the officer as such.
 * Membership is read first (not learnt from a refused plan) so that no 'access.denied' row is written
 * for the ordinary case of a first plan. Before any of it, a plan whose person is not chosen yet is
 * not saved when the case has persons a plan may protect: the officer is asked whom it protects.
 */
export async function saveProtectionPlan(api: AssessmentApi, officer: OfficerRef, caseNumber: string, plan: PlanDraft): Promise<PlanOutcome> {
  try {
    if (plan.protectedPersonId === undefined && api.casePersons) {
      const persons = protectablePersons(await api.casePersons(officer, caseNumber));
      if (persons.length) return { status: 'choose_person', persons };
    }
    let assigned = false;
    if (!(await api.caseAssignees(officer, caseNumber)).includes(officer.id)) {
      await api.assign(officer, caseNumber, officer.id);
      assigned = true;
    }
    const created = await api.createPlan(officer, caseNumber, planRequestOf(plan, officer));
    return created.status === 'created' ? { status: 'created', assigned, planId: created.planId } : { status: 'already_created' };
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    return { status: 'failed', reason: err.reason };
  }
}

/** The persons a plan may protect (never the threat actor or the suspect), in the order the API lists them. */
export function protectablePersons(persons: readonly CasePerson[]): CasePerson[] {
  return persons.filter((p) => (PROTECTABLE_ROLES as readonly string[]).includes(p.role));
}
