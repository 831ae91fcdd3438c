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
/** The problem the stand-in API answers every request with, as [status, problem type, its errors]. */
let answer: [number, ProblemType, unknown[]?] = [500, 'internal'];
let server: Server;
let api: HttpAssessmentApi;

beforeAll(async () => {
  server = createServer((_req, res) => {
    const [status, type, errors] = answer;
    res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: problemTypeUri(type), title: type, status, ...(errors ? { errors } : {}) }));
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
    [409, 'review-refused', 'review_refused'],
    [409, 'case-transition-refused', 'rejected'],
    [404, 'not-found', 'rejected'],
    [422, 'invalid-answer', 'rejected'],
    [403, 'forbidden', 'forbidden'],
    [503, 'internal', 'unavailable'],
  ] as const)('reads %i %s as %s', async (status, type, reason) => {
    answer = [status, type];
    expect(await reasonOf(() => api.saveAnswer(officer, '11111111-2222-4333-8444-555555555555', 'item', { value: 'ja', rationale: null }))).toBe(reason);
  });

  it('reads a 400 validation problem naming a text it cannot store as invalid_text, with the field and the character or length worked out from the body sent', async () => {
    answer = [400, 'validation', [{ code: 'invalid_format', path: ['body', 'reason'], message: 'must not contain control characters' }]];
    const refused = await api.discardDraft(officer, '11111111-2222-4333-8444-555555555555', 'Fel\u0000 ärende', 3).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'invalid_text', textFaults: [{ path: ['reason'], fault: { kind: 'character', character: 'U+0000' } }] });
    answer = [400, 'validation', [{ code: 'too_big', path: ['body', 'note'], message: 'too big' }]];
    expect(await api.escalate(officer, '5000-K123456-25', 'x'.repeat(2001)).catch((e: unknown) => e)).toMatchObject({ reason: 'invalid_text', textFaults: [{ path: ['note'], fault: { kind: 'length', max: 2000, length: 2001 } }] });
    // A validation problem about something else stays a refusal as before.
    answer = [400, 'validation', [{ code: 'date_in_future', path: ['body', 'contactedOn'], message: 'future' }]];
    expect(await reasonOf(() => api.addRriContact(officer, '5000-K123456-25', { contactedOn: '2026-01-01', kind: 'telefon', accepted: true }))).toBe('rejected');
  });

  it('hands the dialogs the code and place of each value a refusal names, never the message, and none of a malformed list', async () => {
    answer = [422, 'validation', [{ code: 'not_an_investigator', path: ['body', 'recipients', 1], message: 'no active investigator with that id' }]];
    const refused = await api.createShare(officer, '5000-K123456-25', { investigationNumber: '5000-K000001-26', recipients: ['a', 'b'], reason: 'Inför förhör' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).issues).toEqual([{ code: 'not_an_investigator', path: ['body', 'recipients', 1] }]);
    answer = [409, 'case-closed', [{ code: 7 }]];
    const malformed = await api.createShare(officer, '5000-K123456-25', { investigationNumber: '5000-K000001-26', recipients: ['a'], reason: 'x' }).catch((e: unknown) => e);
    expect(malformed).toMatchObject({ reason: 'case_closed', issues: [] });
  });

  it('takes a plan the API holds already for a plan saved before', async () => {
    answer = [409, 'plan-exists'];
    expect(await api.createPlan(officer, '5000-K123456-25', { assessmentId: '11111111-2222-4333-8444-555555555555', protectedPersonId: null, reassessOn: '2027-01-10', measures: [] })).toEqual({
      status: 'already_created',
    });
  });

  it('takes no previous assessment (404), or one the officer may not read (403), as no omprövning, and an outage as an outage', async () => {
    answer = [404, 'not-found'];
    expect(await api.previousAssessment(officer, '5000-K123456-25', 'sarasv')).toBeUndefined();
    answer = [403, 'forbidden'];
    expect(await api.previousAssessment(officer, '5000-K123456-25', 'sarasv')).toBeUndefined();
    answer = [503, 'internal'];
    expect(await reasonOf(() => api.previousAssessment(officer, '5000-K123456-25', 'sarasv'))).toBe('unavailable');
  });

  it('says the API is unavailable when the bot cannot get its own token for it, and sends nothing', async () => {
    let requests = 0;
    server.once('request', () => (requests += 1));
    const tokenless = new HttpAssessmentApi({ baseUrl: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`, serviceToken: async () => Promise.reject(new Error('identity platform down')) });
    expect(await reasonOf(() => tokenless.get(officer, '11111111-2222-4333-8444-555555555555'))).toBe('unavailable');
    expect(requests).toBe(0);
  });

  it('requests each operation with the method and path of the API\'s operation table, parameters encoded', async () => {
    const seen: string[] = [];
    const record = (req: { method?: string; url?: string }) => seen.push(`${req.method} ${req.url}`);
    server.on('request', record);
    answer = [422, 'invalid-answer'];
    try {
      await reasonOf(() => api.saveAnswer(officer, '11111111-2222-4333-8444-555555555555', 'hot bild', { value: 'ja', rationale: null }));
      await reasonOf(() => api.listForCase(officer, '5000-K123456-25'));
      await reasonOf(() => api.assign(officer, '5000-K123456-25', 'a:b'));
    } finally {
      server.off('request', record);
    }
    expect(seen).toEqual([
      'PUT /api/v1/assessments/11111111-2222-4333-8444-555555555555/answers/hot%20bild',
      'GET /api/v1/cases/5000-K123456-25/assessments?limit=100',
      'PUT /api/v1/cases/5000-K123456-25/assignments/a%3Ab',
    ]);
  });

  it('says an API it cannot reach is unavailable', async () => {
    const unreachable = new HttpAssessmentApi({ baseUrl: () => 'http://127.0.0.1:1', serviceToken: async () => 'test-token', timeoutMs: 2000 });
    expect(await reasonOf(() => unreachable.get(officer, '11111111-2222-4333-8444-555555555555'))).toBe('unavailable');
  });
});
