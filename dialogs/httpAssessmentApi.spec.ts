// The client boundary: what the API answers over HTTP becomes the reason the
// dialogs branch on (a refused change of a completed assessment, a case changed
// since it was read, a closed case, any other refusal, an outage), and a plan
// the API holds already is a success. No dialog sees a problem-type URI.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemTypeUri, type ProblemType } from '../api/problem.js';
import { ApiError, type ApiErrorReason } from './assessmentApi.js';
import { HttpAssessmentApi } from './httpAssessmentApi.js';

const officer = { id: 'fiktiv-1' };
/** The problem the stand-in API answers every request with, as [status, problem type]. */
let answer: [number, ProblemType] = [500, 'internal'];
let server: Server;
let api: HttpAssessmentApi;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const [status, type] = answer;
    res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: problemTypeUri(type), title: type, status }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new HttpAssessmentApi({ baseUrl: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`, serviceToken: async () => 'test-token' });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function reasonOf(call: () => Promise<unknown>): Promise<ApiErrorReason> {
  const err: unknown = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(err)}`);
  return err.reason;
}

describe('HTTP assessment API client', () => {
  it.each([
    [409, 'not-draft', 'not_draft'],
    [412, 'precondition-failed', 'stale'],
    [409, 'case-closed', 'case_closed'],
    [409, 'case-transition-refused', 'rejected'],
    [404, 'not-found', 'rejected'],
    [422, 'invalid-answer', 'rejected'],
    [403, 'forbidden', 'forbidden'],
    [503, 'internal', 'unavailable'],
  ] as const)('reads %i %s as %s', async (status, type, reason) => {
    answer = [status, type];
    expect(await reasonOf(() => api.saveAnswer(officer, '11111111-2222-4333-8444-555555555555', 'item', { value: 'ja', rationale: null }))).toBe(reason);
  });

  it('takes a plan the API holds already for a plan saved before', async () => {
    answer = [409, 'plan-exists'];
    expect(await api.createPlan(officer, '5000-K123456-25', { assessmentId: '11111111-2222-4333-8444-555555555555', protectedPersonId: null, reassessOn: '2027-01-10', measures: [] })).toEqual({
      status: 'already_created',
    });
  });

  it('says an API it cannot reach is unavailable', async () => {
    const unreachable = new HttpAssessmentApi({ baseUrl: () => 'http://127.0.0.1:1', serviceToken: async () => 'test-token', timeoutMs: 2000 });
    expect(await reasonOf(() => unreachable.get(officer, '11111111-2222-4333-8444-555555555555'))).toBe('unavailable');
  });
});
