// The follow-up of a completed assessment run against an API double: the plan
// first, then the case record, replies in that order; at completion the case is
// recorded whatever became of the plan, on the "skapa plan" retry only once the
// plan is there; failures logged by their reason, never with the case number.
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { CASE, CaseApiDouble, DUE, ID, OFFICER, pack } from '../test/planFixtures.js';
import { ApiError } from './assessmentApi.js';
import { runCompletionFollowUp } from './completionFollowUp.js';
import type { CompletionFollowUp } from './runnerEffect.js';

const officer = { id: OFFICER };
const atCompletion: CompletionFollowUp = {
  caseNumber: CASE,
  instrumentId: 'hot_test',
  plan: { assessmentId: ID, reassessOn: DUE, measures: [{ part: 'skydd', measureId: 'larmpaket' }] },
  caseRecord: { violenceType: null },
  recordCase: 'whatever_the_plan',
};
const onRetry: CompletionFollowUp = { ...atCompletion, recordCase: 'once_plan_is_there' };
const caseRecorded = { type: 'caseRecord', view: { instrument: { sv: 'Hot (test)' }, outcome: { status: 'recorded', statusChanged: true, violenceTypeSet: null, keptViolenceType: null, chosen: null } } };
const types = (replies: { type: string; key?: string }[]) => replies.map((r) => r.key ?? r.type);

describe('the follow-up of a completed assessment', () => {
  let api: CaseApiDouble;
  let logs: Record<string, unknown>[];
  const run = (followUp: CompletionFollowUp) => runCompletionFollowUp({ api, log: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) }) }, officer, pack, followUp);
  beforeEach(() => {
    api = new CaseApiDouble();
    api.status = 'completed';
    logs = [];
  });

  it('saves the plan, then records the case, and tells the officer both in that order', async () => {
    const replies = await run(atCompletion);
    expect(types(replies)).toEqual(['plan', 'caseRecord']);
    expect(replies[1]).toEqual(caseRecorded);
    expect(api.calls).toEqual(['read case', `assign ${OFFICER}`, 'create plan', 'read case record', 'change case']);
  });

  it('records the case at completion although the plan failed, and logs the reason without the case', async () => {
    api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    expect(types(await run(atCompletion))).toEqual(['plan.failed.unavailable', 'caseRecord']);
    expect(api.caseChanges).toEqual([{ status: 'bops' }]);
    expect(logs.find((l) => l.msg === 'protection plan not saved; the assessment stays completed')).toMatchObject({ reason: 'unavailable' });
    expect(JSON.stringify(logs)).not.toContain(CASE);
  });

  it('records the case on the retry only once the plan is there', async () => {
    api.planFailure = new ApiError('unavailable', undefined, 'API 503');
    expect(types(await run(onRetry))).toEqual(['plan.failed.unavailable']);
    expect(api.calls.at(-1)).toBe('create plan');
    api.planFailure = undefined;
    expect(types(await run(onRetry))).toEqual(['plan', 'caseRecord']);
    // A second retry finds the plan there and records the case again, which changes nothing now.
    expect(await run(onRetry)).toEqual([
      { type: 'message', key: 'plan.alreadySaved' },
      { ...caseRecorded, view: { ...caseRecorded.view, outcome: { ...caseRecorded.view.outcome, statusChanged: false } } },
    ]);
    expect(api.caseChanges).toEqual([{ status: 'bops' }]);
  });

  it('records the case without a plan when the method gave no date', async () => {
    expect(await run({ ...atCompletion, plan: undefined })).toEqual([caseRecorded]);
    expect(api.plans).toEqual([]);
  });

  it('logs a failed case record by its reason and problem type, never the case', async () => {
    api.caseFailure = new ApiError('forbidden', 'urn:test:forbidden', 'API 403');
    const replies = await run(atCompletion);
    expect(replies.at(-1)).toMatchObject({ type: 'caseRecord', view: { outcome: { status: 'failed', reason: 'forbidden' } } });
    expect(logs.find((l) => l.msg === 'case status not updated; the assessment and its plan stand')).toMatchObject({ reason: 'forbidden', problemType: 'urn:test:forbidden' });
    expect(JSON.stringify(logs)).not.toContain(CASE);
  });
});
