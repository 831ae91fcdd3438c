// "Ändra skyddad person" on the measures card: the choice lists the case's persons a plan may
// protect, the plan's person preselected; saving sets it through the API and the measures follow;
// a plan closed meanwhile changes nothing; a case with no one to protect says so. Fictitious case,
// officer and persons (labels are pseudonyms).
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { problemTypeUri } from '../api/problem.js';
import { CaseApiDouble, methodology } from '../test/planFixtures.js';
import { ApiError } from './assessmentApi.js';
import type { CaseWorkApi, PlanResponse } from './caseWorkApi.js';
import { PlanPersonCommand } from './planPersonCommand.js';
import { PLAN_PERSON_VERB } from './planPersonSubmit.js';

const OFFICER = { id: 'fiktiv-2' };
const CASE = '5000-K100012-26';
const PLAN = 'b0000000-0000-4000-8000-000000000012';
const CHILD = { id: 'a2222222-2222-4333-8444-555555555555', role: 'barn_i_hushallet', label: 'B 1', protectedIdentity: false } as const;
const THREAT_ACTOR = { id: 'a3333333-2222-4333-8444-555555555555', role: 'hotaktor', label: 'HA 1', protectedIdentity: false } as const;

function harness(planStatus: 'active' | 'closed' = 'active') {
  const api = new CaseApiDouble();
  const set: (string | null)[] = [];
  let refusal: ApiError | undefined;
  Object.assign(api, {
    setPlanProtectedPerson: async (_o: unknown, planId: string, personId: string | null) => {
      if (refusal) throw refusal;
      if (planId === PLAN) set.push(personId);
    },
  });
  const caseWork = { casePlans: async () => [{ id: PLAN, status: planStatus, protectedPersonId: CHILD.id, protectedPerson: { role: CHILD.role, protectedIdentity: false }, measures: [] } as unknown as PlanResponse] } as unknown as CaseWorkApi;
  const command = new PlanPersonCommand({ methodology, api, caseWork, log: pino({ level: 'silent' }) });
  return { api, set, command, refuse: (err: ApiError) => (refusal = err) };
}

describe('changing whom an active plan protects from the measures card', () => {
  it('lists the persons a plan may protect, the plan\'s person chosen, and saves the new choice with the measures after', async () => {
    const h = harness();
    h.api.persons = [THREAT_ACTOR, CHILD];
    const opened = await h.command.act(OFFICER, { verb: PLAN_PERSON_VERB, action: 'open', caseNumber: CASE, planId: PLAN });
    expect(opened.replies).toEqual([{ type: 'planPerson', view: { caseNumber: CASE, persons: [CHILD], chosen: CHILD.id, submit: { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: CASE, planId: PLAN } } }]);
    const saved = await h.command.act(OFFICER, { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: CASE, planId: PLAN, protectedPerson: 'none' });
    expect(saved).toEqual({ replies: [{ type: 'message', key: 'planPerson.set' }], measuresAfter: true });
    expect(h.set).toEqual([null]);
  });

  it('says so when the case has no one a plan may protect, and changes nothing without a choice', async () => {
    const h = harness();
    h.api.persons = [THREAT_ACTOR];
    expect((await h.command.act(OFFICER, { verb: PLAN_PERSON_VERB, action: 'open', caseNumber: CASE, planId: PLAN })).replies).toEqual([{ type: 'message', key: 'planPerson.noPersons' }]);
    expect((await h.command.act(OFFICER, { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: CASE, planId: PLAN })).replies).toEqual([{ type: 'message', key: 'planPerson.choose' }]);
    expect(h.set).toEqual([]);
  });

  it('changes nothing on a plan closed meanwhile, and shows the measures as they are', async () => {
    expect(await harness('closed').command.act(OFFICER, { verb: PLAN_PERSON_VERB, action: 'open', caseNumber: CASE, planId: PLAN })).toEqual({ replies: [{ type: 'message', key: 'planPerson.stale' }], measuresAfter: true });
    const h = harness();
    h.refuse(new ApiError('stale', problemTypeUri('plan-closed'), 'API 409'));
    expect(await h.command.act(OFFICER, { verb: PLAN_PERSON_VERB, action: 'set', caseNumber: CASE, planId: PLAN, protectedPerson: CHILD.id })).toEqual({ replies: [{ type: 'message', key: 'planPerson.stale' }], measuresAfter: true });
  });
});
