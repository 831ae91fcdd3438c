// The order of /api/messages, with the adapter's two steps stood in for: an
// unauthenticated caller gets 401 whatever its body; an authenticated one gets
// the body problem or the gate's answer; a turn runs only for an admitted
// activity; an authenticator that cannot check is 503; every refusal is one
// log line with a reason code and nothing of the activity.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { problemHandler } from '../api/problem.js';
import { activityEndpoint } from './activityEndpoint.js';
import { createLogger } from './logger.js';
import type { AuthenticateRequestResult, StepwiseTeamsAdapter } from './stepwiseTeamsAdapter.js';

const TOKEN = 'Bearer giltig-fiktiv-token';
const SECRET_TEXT = 'fiktiv hemlig text';

/** What botbuilder throws for a caller it refuses (AuthenticationError carries a status code). */
class RefusedCaller extends Error {
  readonly statusCode = 401;
}
class KeysUnreachable extends Error {
  override readonly name = 'FetchError';
  readonly code = 'ENOTFOUND';
}

const activity = (extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'fiktiv-1',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
  from: { id: '29:fiktiv', aadObjectId: '6f1c2a9e-0b7d-4c3e-9a51-2d8e7f6a5b40' },
  recipient: { id: '28:bops' },
  conversation: { id: 'a:fiktiv' },
  text: SECRET_TEXT,
  ...extra,
});

describe('activityEndpoint', () => {
  let server: Server;
  let url = '';
  const lines: Record<string, unknown>[] = [];
  const calls: { authenticated: unknown[]; turns: unknown[] } = { authenticated: [], turns: [] };
  let outage = false;
  let authenticatorCrash = false;
  let invokeResponse: { status: number; body?: unknown } | undefined;

  const adapter: Pick<StepwiseTeamsAdapter, 'authenticate' | 'runAuthenticated'> = {
    async authenticate(authorization, claims) {
      calls.authenticated.push(claims);
      if (outage) throw new KeysUnreachable('request to the Bot Framework failed');
      if (authenticatorCrash) throw new TypeError("Cannot read properties of undefined (reading 'trim')");
      if (authorization !== TOKEN) throw new RefusedCaller('Unauthorized. No valid identity.');
      return { audience: 'aud' } as AuthenticateRequestResult;
    },
    async runAuthenticated(_authentication, turnActivity) {
      calls.turns.push(turnActivity);
      return invokeResponse;
    },
  };

  beforeAll(async () => {
    const log = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    const app = express();
    app.post(
      '/api/messages',
      ...activityEndpoint({ adapter, allowList: { kind: 'hosts', protocols: ['https:'], hosts: [{ host: 'smba.trafficmanager.net', subdomains: false, port: undefined }] }, authRequired: true, log, logic: async () => undefined }),
    );
    app.use(problemHandler(log));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    lines.length = 0;
    calls.authenticated = [];
    calls.turns = [];
    outage = false;
    authenticatorCrash = false;
    invokeResponse = undefined;
  });

  const post = async (body: string, authorization?: string) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
    const text = await res.text();
    return { status: res.status, problem: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };

  it('refuses a request without a bearer token before reading its body', async () => {
    expect((await post('{not json')).status).toBe(401);
    expect(calls.authenticated).toEqual([]);
  });

  it('answers 401 to a caller the authenticator refuses, however malformed the body, and runs no turn', async () => {
    for (const body of ['{not json', '{}', '[]', JSON.stringify(activity({ type: undefined })), JSON.stringify(activity({ serviceUrl: { href: 'x' } })), JSON.stringify(activity({ serviceUrl: 'http://169.254.169.254/' }))]) {
      expect((await post(body, 'Bearer annan')).status, body).toBe(401);
    }
    expect(calls.turns).toEqual([]);
  });

  it('authenticates with the activity\'s channelId and serviceUrl only when they are text', async () => {
    await post(JSON.stringify(activity()), TOKEN);
    await post(JSON.stringify(activity({ channelId: 7, serviceUrl: { href: 'https://smba.trafficmanager.net/emea/' } })), TOKEN);
    await post('[1]', TOKEN);
    expect(calls.authenticated).toEqual([
      { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/' },
      { channelId: '', serviceUrl: '' },
      { channelId: '', serviceUrl: '' },
    ]);
  });

  it('gives an authenticated caller the body problem, or the gate\'s reason and field, and runs no turn for either', async () => {
    expect(await post('{not json', TOKEN)).toMatchObject({ status: 400, problem: { type: 'urn:bops:problem:malformed-json' } });
    expect(await post(JSON.stringify(activity({ type: undefined })), TOKEN)).toEqual({
      status: 400,
      problem: { type: 'urn:bops:problem:activity-invalid', title: expect.any(String), status: 400, instance: '/api/messages', reason: 'unknown-type', field: 'type' },
    });
    expect(await post(JSON.stringify(activity({ conversation: { id: 42 } })), TOKEN)).toMatchObject({ status: 400, problem: { reason: 'invalid-field', field: 'conversation.id' } });
    expect(await post(JSON.stringify(activity({ serviceUrl: 'https://smba.trafficmanager.net@evil.example/' })), TOKEN)).toEqual({
      status: 403,
      problem: { type: 'urn:bops:problem:service-url-not-allowed', title: expect.any(String), status: 403, instance: '/api/messages', reason: 'service-url-not-allowed', check: 'userinfo' },
    });
    expect(calls.turns).toEqual([]);
  });

  it('runs the turn of an admitted activity and answers its invoke response, or 200', async () => {
    expect(await post(JSON.stringify(activity()), TOKEN)).toEqual({ status: 200, problem: undefined });
    invokeResponse = { status: 200, body: { composeExtension: { type: 'result' } } };
    expect(await post(JSON.stringify(activity({ type: 'invoke', name: 'composeExtension/query' })), TOKEN)).toEqual({ status: 200, problem: { composeExtension: { type: 'result' } } });
    expect(calls.turns).toHaveLength(2);
  });

  it('answers an invoke the bot does not handle with 400, not botbuilder\'s 501: input never gets a 5xx', async () => {
    invokeResponse = { status: 501 };
    expect(await post(JSON.stringify(activity({ type: 'invoke', name: 'task/fetch' })), TOKEN)).toEqual({
      status: 400,
      problem: { type: 'urn:bops:problem:invoke-not-handled', title: expect.any(String), status: 400, instance: '/api/messages' },
    });
    expect(lines.filter((l) => l['msg'] === 'activity refused')).toEqual([expect.objectContaining({ reason: 'invoke-not-handled' })]);
  });

  it('answers 503 when authentication could not be checked, logging the error\'s name and code only', async () => {
    outage = true;
    expect(await post(JSON.stringify(activity()), TOKEN)).toMatchObject({ status: 503, problem: { type: 'urn:bops:problem:authentication-unavailable' } });
    expect(lines.map(({ level, msg, reason, err }) => ({ level, msg, reason, err }))).toEqual([
      { level: 40, msg: 'activity refused', reason: 'authentication-unavailable', err: { name: 'FetchError', code: 'ENOTFOUND' } },
    ]);
    expect(calls.turns).toEqual([]);
  });

  it('answers 401, not 5xx, when the authenticator fails on a token in any other way', async () => {
    authenticatorCrash = true;
    expect(await post(JSON.stringify(activity()), TOKEN)).toMatchObject({ status: 401, problem: { type: 'urn:bops:problem:unauthenticated' } });
    expect(calls.turns).toEqual([]);
  });

  it('logs each refusal as one line with its reason code, never the activity, its URL or a stack trace', async () => {
    await post(JSON.stringify(activity()), 'Bearer annan');
    await post(JSON.stringify(activity({ conversation: { id: 42 } })), TOKEN);
    await post(JSON.stringify(activity({ serviceUrl: 'http://169.254.169.254/latest/meta-data/' })), TOKEN);
    expect(lines.map(({ level, msg, reason, field, check }) => ({ level, msg, reason, field, check }))).toEqual([
      { level: 30, msg: 'activity refused', reason: 'unauthenticated', field: undefined, check: undefined },
      { level: 30, msg: 'activity refused', reason: 'invalid-field', field: 'conversation.id', check: undefined },
      { level: 40, msg: 'activity refused', reason: 'service-url-not-allowed', field: undefined, check: 'scheme' },
    ]);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(SECRET_TEXT);
    expect(logged).not.toContain('169.254');
    expect(logged).not.toContain('stack');
  });
});
