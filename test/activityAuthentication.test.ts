// /api/messages with bot authentication on (BOPS_MODE=production), over real
// HTTP: an activity is authenticated before it is answered with anything but
// 401, so an unsigned or falsely signed request learns nothing of the shape
// checks — a missing `type` is 401 like everything else, never the 500 with a
// stack trace CloudAdapter.process gave it — no turn runs, nothing is sent
// anywhere, and each refusal is one log line with a reason code. An activity
// the Bot Connector signed (its token service stood in for) is answered; if
// it is malformed the gate says why (400), if it names a serviceUrl off the
// allow-list it is refused (403) and nothing is called.
import { t as catalogueText } from '../dialogs/messageCatalogue.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { inboundActivity } from './botConnectorStandIn.js';
import { captureLog } from './capturedLog.js';
import { startProductionTestServer, type ProductionTestServer } from './productionTestServer.js';
import { startRecordingListener, type RecordingListener } from './recordingListener.js';
import { tableContents } from './tableContents.js';

const OFFICER = '00000000-0000-4000-8000-0000000a0701'; // fictitious Entra object id
const SECRET_TEXT = 'Fiktiv hemlig text som aldrig får loggas';

describe('/api/messages in production mode (bot authentication on)', () => {
  let t: ProductionTestServer;
  let listener: RecordingListener;
  const captured = captureLog('info');
  let consoleError: MockInstance;
  /** A JWT with the right shape from an issuer and key id nobody trusts (refused before any signature check; see the forged signature below). */
  let forged = '';

  beforeAll(async () => {
    [t, listener] = await Promise.all([startProductionTestServer({}, { log: captured.log }), startRecordingListener(['127.0.0.1'])]);
    const { privateKey } = await generateKeyPair('RS256');
    forged = await new SignJWT({ serviceurl: 'https://smba.trafficmanager.net/emea/' })
      .setProtectedHeader({ alg: 'RS256', kid: 'forged' })
      .setIssuer('https://evil.example/')
      .setAudience(t.env.MicrosoftAppId!)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await listener?.close();
  });
  beforeEach(() => {
    captured.take();
    // Silent, but recorded: botbuilder writes some token failures to the console itself.
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => consoleError.mockRestore());

  const activity = (extra: Record<string, unknown> = {}) => ({
    ...inboundActivity({ serviceUrl: 'https://smba.trafficmanager.net/emea/', conversationId: 'a:fiktiv-prod', officer: OFFICER }, { type: 'message', text: SECRET_TEXT }),
    ...extra,
  });
  const post = (body: string, authorization?: string) =>
    fetch(`${t.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
      body,
    });

  const AUTHORIZATIONS: [string, string | undefined][] = [
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['a garbage bearer token', 'Bearer garbage'],
    ['three garbage segments', 'Bearer a.b.c'],
    ['Basic credentials', `Basic ${Buffer.from('bops:secret').toString('base64')}`],
    ['a JWT of an unknown issuer and key id', 'forged'],
  ];
  const BODIES: [string, () => string][] = [
    ['a well-formed Teams activity', () => JSON.stringify(activity())],
    ['an activity without type', () => JSON.stringify(activity({ type: undefined }))],
    ['an activity whose type is a number', () => JSON.stringify(activity({ type: 7 }))],
    ['an empty object', () => '{}'],
    ['an array', () => '[]'],
    ['an object serviceUrl', () => JSON.stringify(activity({ serviceUrl: { href: 'http://169.254.169.254/' } }))],
    ['a serviceUrl off the allow-list (a trap on loopback)', () => JSON.stringify(activity({ serviceUrl: `http://127.0.0.1:${listener.ports['127.0.0.1']}/` }))],
    ['a channelId of the ASE channel', () => JSON.stringify(activity({ channelId: 'ase' }))],
    ['a channelId of the emulator', () => JSON.stringify(activity({ channelId: 'emulator', recipient: { id: 'b', role: 'skill' } }))],
    ['text that is not JSON', () => '{not json'],
    ['a body over the limit', () => JSON.stringify(activity({ text: 'x'.repeat(300_000) }))],
  ];

  it.each(AUTHORIZATIONS)('refuses %s with 401 whatever the body, runs no turn and sends nothing', async (_what, authorization) => {
    const before = await tableContents(t.server.database);
    for (const [bodyName, body] of BODIES) {
      const res = await post(body(), authorization === 'forged' ? `Bearer ${forged}` : authorization);
      expect({ body: bodyName, status: res.status }).toEqual({ body: bodyName, status: 401 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      const problem = (await res.json()) as Record<string, unknown>;
      expect(problem).toEqual({ type: 'urn:bops:problem:unauthenticated', title: expect.any(String), status: 401, instance: '/api/messages' });
    }
    expect(listener.connections()).toEqual([]);
    expect(await tableContents(t.server.database)).toEqual(before);
  });

  it('logs each refusal as one line with its reason code: no stack trace, no activity content, nothing on the console', async () => {
    await post(JSON.stringify(activity({ type: undefined })));
    await post(JSON.stringify(activity()), 'Bearer garbage');
    await post(JSON.stringify(activity()), `Bearer ${forged}`);
    const lines = captured.take();
    expect(lines.map(({ level, msg, reason }) => ({ level, msg, reason }))).toEqual([
      { level: 30, msg: 'activity refused', reason: 'unauthenticated' },
      { level: 30, msg: 'activity refused', reason: 'unauthenticated' },
      { level: 30, msg: 'activity refused', reason: 'unauthenticated' },
    ]);
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(SECRET_TEXT);
    expect(logged).not.toContain('smba.trafficmanager.net');
    expect(logged).not.toMatch(/stack|at .*\.js:\d+/);
    expect(consoleError).not.toHaveBeenCalled();
  });

  describe('an activity the Bot Connector signed', () => {
    const TEAMS = 'https://smba.trafficmanager.net/emea/';
    const signedPost = async (body: Record<string, unknown>, signedFor: string = TEAMS, options?: { audience?: string }) => {
      const res = await post(JSON.stringify(body), `Bearer ${await t.botConnector.token(signedFor, options)}`);
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
    };

    it('is answered: a help request, its replies in the response (deliveryMode expectReplies, so nothing leaves the machine)', async () => {
      const res = await signedPost(activity({ text: 'hjälp', deliveryMode: 'expectReplies' }));
      expect(res.status).toBe(200);
      expect((res.body?.activities as { text?: string }[] | undefined)?.map((a) => a.text)).toEqual([expect.stringMatching(/^Kommandon:/)]);
    });

    it('invents no officer for one without an Entra identity: refused in one line, nothing asked of the API, no officer row', async () => {
      const officers = async () => (await t.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM officers')).rows[0]!.n;
      const before = await officers();
      const base = activity({ text: 'ny bedömning', deliveryMode: 'expectReplies' });
      const from = { ...(base.from as Record<string, unknown>) };
      delete from.aadObjectId;
      const res = await signedPost({ ...base, from });
      expect(res.status).toBe(200);
      expect((res.body?.activities as { text?: string }[] | undefined)?.map((a) => a.text)).toEqual([catalogueText('sv', 'error.notAllowed')]);
      expect(await officers()).toBe(before);
    });

    it.each<[string, Record<string, unknown>, Record<string, string>]>([
      ['without type', { type: undefined }, { reason: 'unknown-type', field: 'type' }],
      ['with a type that is a number', { type: 7 }, { reason: 'unknown-type', field: 'type' }],
      ['without conversation', { conversation: undefined }, { reason: 'invalid-field', field: 'conversation' }],
      ['with a channelId that is an object', { channelId: { id: 'msteams' } }, { reason: 'invalid-field', field: 'channelId' }],
      ['with a serviceUrl that is an object', { serviceUrl: { href: TEAMS } }, { reason: 'invalid-field', field: 'serviceUrl' }],
      ['with a NUL in its conversation id', { conversation: { id: 'a:1\u0000' } }, { reason: 'invalid-field', field: 'conversation.id' }],
    ])('is refused with 400 and the reason when it comes %s', async (_what, change, refusal) => {
      const res = await signedPost(activity(change));
      expect(res).toEqual({ status: 400, body: { type: 'urn:bops:problem:activity-invalid', title: expect.any(String), status: 400, instance: '/api/messages', ...refusal } });
    });

    it('is refused with 403 when it names a serviceUrl off the allow-list, even signed for it, and nothing is called', async () => {
      const trap = `http://127.0.0.1:${listener.ports['127.0.0.1']}/`;
      expect(await signedPost(activity({ serviceUrl: trap }), trap)).toMatchObject({ status: 403, body: { reason: 'service-url-not-allowed', check: 'scheme' } });
      const userinfo = 'https://smba.trafficmanager.net@127.0.0.1/';
      expect(await signedPost(activity({ serviceUrl: userinfo }), userinfo)).toMatchObject({ status: 403, body: { reason: 'service-url-not-allowed', check: 'userinfo' } });
      const otherPort = 'https://smba.trafficmanager.net:8443/emea/';
      expect(await signedPost(activity({ serviceUrl: otherPort }), otherPort)).toMatchObject({ status: 403, body: { reason: 'service-url-not-allowed', check: 'port' } });
      expect(listener.connections()).toEqual([]);
    });

    it('is 401, with no turn run and nothing stored, when another key signed it under the trusted issuer, key id and audience', async () => {
      const before = await tableContents(t.server.database);
      const { privateKey: otherKey } = await generateKeyPair('RS256');
      const forgedToken = await t.botConnector.token(TEAMS, { signingKey: otherKey });
      const genuineToken = await t.botConnector.token(TEAMS);
      // Everything a check before the signature looks at is as trusted: only the signature is wrong.
      expect(decodeProtectedHeader(forgedToken)).toEqual(decodeProtectedHeader(genuineToken));
      const { iss, aud, serviceurl } = decodeJwt(genuineToken);
      expect(decodeJwt(forgedToken)).toMatchObject({ iss, aud, serviceurl });

      const help = JSON.stringify(activity({ text: 'hjälp', deliveryMode: 'expectReplies' }));
      const refused = await post(help, `Bearer ${forgedToken}`);
      expect({ status: refused.status, body: await refused.json() }).toEqual({ status: 401, body: { type: 'urn:bops:problem:unauthenticated', title: expect.any(String), status: 401, instance: '/api/messages' } });
      expect(await tableContents(t.server.database)).toEqual(before);
      expect(listener.connections()).toEqual([]);
      // The same activity with the trusted key's signature is answered.
      expect((await post(help, `Bearer ${genuineToken}`)).status).toBe(200);
    });

    it('is 401 when it names another serviceUrl than the token was signed for, when the token is for another bot, or for another channel than its key is endorsed for', async () => {
      expect((await signedPost(activity({ serviceUrl: 'https://smba.trafficmanager.net/amer/' }))).status).toBe(401);
      expect((await signedPost(activity(), TEAMS, { audience: '00000000-0000-4000-8000-0000000a0799' })).status).toBe(401);
      expect((await signedPost(activity({ channelId: 'webchat' }))).status).toBe(401);
      // botbuilder itself prints "Error finding key for token" with the public key on a failed endorsement; nothing of the activity.
      expect(JSON.stringify(consoleError.mock.calls)).not.toContain(SECRET_TEXT);
    });
  });
});
