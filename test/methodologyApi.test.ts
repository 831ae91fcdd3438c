// The method look-up API over HTTP: any authenticated officer, whatever their
// role, may search the active pack and read a guideline section; nothing of it
// is written to the audit log (method text is no personal data); every answer
// names the pack version it cites; bad input is RFC 9457 problem JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidelineSectionResponseSchema, methodSearchResponseSchema } from '../api/methodologyContract.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';

// Roles that see no case personal data at all: a method look-up is still theirs to make.
const ANALYST: TestOfficer = { id: 'analytiker-1', roles: ['analyst'], region: 'syd' };
const AUDITOR: TestOfficer = { id: 'granskare-1', roles: ['auditor'], region: 'nord' };

describe.each(DATABASE_ENGINES)('methodology look-up API on %s', (engine) => {
  let test: TestServer;
  let token: string;

  beforeAll(async () => {
    test = await startTestServer({ engine });
    token = await test.officerToken(ANALYST);
  });
  afterAll(async () => {
    await test?.close();
  });

  const get = (path: string, bearer: string | null = token) => test.api(path, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
  const auditRows = async () => Number((await test.server.database.query<{ n: string }>('select count(*)::text as n from audit_log')).rows[0]?.n);

  it('refuses a caller without a token', async () => {
    const res = await get('/methodology/search?q=kontaktförbud', null);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers a Swedish question with cited hits, best first, without writing the audit log', async () => {
    const before = await auditRows();
    const res = await get(`/methodology/search?q=${encodeURIComponent('vad innebär utvidgat kontaktförbud?')}`);
    expect(res.status).toBe(200);
    const body = methodSearchResponseSchema.parse(await res.json());
    expect(body.pack).toMatchObject({ id: 'bops-exempel', version: '1.1.1' });
    expect(body.hits).toHaveLength(3);
    expect(body.hits.map((h) => `${h.kind}:${h.id}`)).toContain('measure:kontaktforbud_utvidgat');
    expect(body.hits.map((h) => h.score)).toEqual([...body.hits.map((h) => h.score)].sort((a, b) => b - a));
    for (const hit of body.hits) expect(hit.excerpt.sv.length).toBeGreaterThan(0);
    expect(await auditRows()).toBe(before);
  });

  it('takes a limit, and says when nothing matches with the closest pack words', async () => {
    const one = methodSearchResponseSchema.parse(await (await get('/methodology/search?q=RRI&limit=1')).json());
    expect(one.hits).toHaveLength(1);
    expect(one.hits[0]?.id).toBe('rri');
    const none = methodSearchResponseSchema.parse(await (await get('/methodology/search?q=bopz')).json());
    expect(none.hits).toEqual([]);
    expect(none.suggestions).toContain('Bops');
  });

  it('answers a missing or oversized question with a validation problem', async () => {
    for (const path of ['/methodology/search', '/methodology/search?q=%20', `/methodology/search?q=${'a'.repeat(501)}`, '/methodology/search?q=x&limit=0']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()) as { type: string }).toMatchObject({ type: 'urn:bops:problem:validation' });
    }
  });

  it('reads one guideline section whole, with its parent and children', async () => {
    const auditorToken = await test.officerToken(AUDITOR);
    const res = await get('/methodology/sections/reducering', auditorToken);
    expect(res.status).toBe(200);
    const section = guidelineSectionResponseSchema.parse(await res.json());
    expect(section).toMatchObject({ id: 'reducering', parent: 'riskhantering', pack: { id: 'bops-exempel', version: '1.1.1' } });
    expect(section.body.sv).toMatch(/^Offensiva åtgärder riktas mot hotaktören/);
    expect(section.children.map((c) => c.id)).toEqual(expect.arrayContaining(['rri', 'kontaktforbud']));
  });

  it('answers an unknown or malformed section id with a problem', async () => {
    const missing = await get('/methodology/sections/finns-inte');
    expect(missing.status).toBe(404);
    expect((await missing.json()) as { type: string }).toMatchObject({ type: 'urn:bops:problem:not-found' });
    expect((await get('/methodology/sections/Inte%20ett%20id')).status).toBe(400);
  });
});
