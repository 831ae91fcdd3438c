// The RRI log over real HTTP, on real PostgreSQL and on PGlite (issue 16,
// item 1): an officer assigned to the case records contacts offered to its
// threat actor and outcomes at follow-up, and reads them back; every write and
// read is audited; officers not assigned, of another region or without a Bops
// role are refused (and the refusal audited); bad entries never reach the
// database. Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const BOPS: TestOfficer = { id: 'officer-rri-1', roles: ['bops_officer'], region: 'syd' };
const UNASSIGNED: TestOfficer = { id: 'officer-rri-2', roles: ['bops_officer'], region: 'syd' };
const AWAY: TestOfficer = { id: 'officer-rri-3', roles: ['bops_officer'], region: 'nord' };
const INTAKE: TestOfficer = { id: 'officer-rri-4', roles: ['intake_officer'], region: 'syd' };
/** A colleague who made a contact the case's officer records. */
const PARTNER: TestOfficer = { id: 'officer-rri-9', roles: ['bops_officer'], region: 'syd' };
const RETIRED: TestOfficer = { id: 'officer-rri-5', roles: ['bops_officer'], region: 'syd' };

describe.each(DATABASE_ENGINES)('RRI log on %s', (engine) => {
  let t: TestServer;
  let serial = 0;
  const newCaseNumber = () => `1600-K${String(++serial).padStart(6, '0')}-26`;
  const auditCount = async (action: string, actor: string) =>
    (await t.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND actor_id = $2', [action, actor])).rows[0]!.n;

  /** A case of region syd with BOPS assigned to it (by themself). */
  async function assignedCase(): Promise<string> {
    const caseNumber = newCaseNumber();
    await expectJson(await t.as(BOPS, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await t.as(BOPS, 'PUT', `/cases/${caseNumber}/assignments/${BOPS.id}`), 200);
    return caseNumber;
  }

  beforeAll(async () => {
    t = await startTestServer({ engine });
    await t.provision([BOPS, UNASSIGNED, AWAY, INTAKE, PARTNER, RETIRED]);
    await t.server.database.query('UPDATE officers SET active = false WHERE id = $1', [RETIRED.id]);
  });
  afterAll(() => t?.close());

  it('records contacts and outcomes for the threat actor and reads them back in order, each audited', async () => {
    const caseNumber = await assignedCase();
    const actor = await expectJson<{ id: string }>(await t.as(BOPS, 'POST', `/cases/${caseNumber}/persons`, { role: 'hotaktor', label: 'HA 1', protectedIdentity: false }), 201);
    const contactsBefore = await auditCount('rri.contact.add', BOPS.id);
    const declined = await expectJson<{ id: string; officerId: string }>(
      await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'brev', accepted: false, threatActorId: actor.id }),
      201,
    );
    expect(declined.officerId).toBe(BOPS.id);
    await expectJson(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-02-01', kind: 'personligt_mote', accepted: true, talksHeld: 3, officerId: PARTNER.id, threatActorId: actor.id }), 201);
    await expectJson(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/outcomes`, { followedUpOn: '2026-05-01', outcome: 'decreased', source: 'skyddsperson' }), 201);
    expect(await auditCount('rri.contact.add', BOPS.id)).toBe(contactsBefore + 2);
    expect(await auditCount('rri.outcome.add', BOPS.id)).toBeGreaterThanOrEqual(1);

    const readsBefore = await auditCount('rri.read', BOPS.id);
    const log = await expectJson<{ contacts: { contactedOn: string; kind: string; accepted: boolean; talksHeld: number; officerId: string; threatActorId: string | null }[]; outcomes: { followedUpOn: string; outcome: string; source: string }[] }>(
      await t.as(BOPS, 'GET', `/cases/${caseNumber}/rri`),
      200,
    );
    expect(log.contacts.map((c) => [c.contactedOn, c.kind, c.accepted, c.talksHeld, c.officerId, c.threatActorId])).toEqual([
      ['2026-01-10', 'brev', false, 0, BOPS.id, actor.id],
      ['2026-02-01', 'personligt_mote', true, 3, PARTNER.id, actor.id],
    ]);
    expect(log.outcomes).toMatchObject([{ followedUpOn: '2026-05-01', outcome: 'decreased', source: 'skyddsperson' }]);
    expect(await auditCount('rri.read', BOPS.id)).toBe(readsBefore + 1);
  });

  it('lets a Bops officer of the region read the log but only an assigned one write it', async () => {
    const caseNumber = await assignedCase();
    await expectJson(await t.as(UNASSIGNED, 'GET', `/cases/${caseNumber}/rri`), 200);
    const denialsBefore = await auditCount('access.denied', UNASSIGNED.id);
    const refused = await expectProblem(await t.as(UNASSIGNED, 'POST', `/cases/${caseNumber}/rri/outcomes`, { followedUpOn: '2026-05-01', outcome: 'stopped', source: 'hotaktor' }), 403, 'forbidden');
    expect(refused.detail).toMatch(/assigned/);
    expect(await auditCount('access.denied', UNASSIGNED.id)).toBe(denialsBefore + 1);
    const { rows } = await t.server.database.query<{ detail: { action: string; code: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'access.denied' AND actor_id = $1 ORDER BY id DESC LIMIT 1`,
      [UNASSIGNED.id],
    );
    expect(rows[0]!.detail).toMatchObject({ attemptedAction: 'rri.write', reason: 'not_assigned', answeredAs: 'forbidden' });
  });

  it('keeps a threat actor with protected identity to the cleared: the log leaves out contacts naming them, and recording one takes clearance (issue 18, finding 4)', async () => {
    const caseNumber = await assignedCase();
    // BOPS records the case's first protected person, so is cleared; UNASSIGNED assigns themself, so is a member without clearance.
    const actor = await expectJson<{ id: string }>(await t.as(BOPS, 'POST', `/cases/${caseNumber}/persons`, { role: 'hotaktor', label: 'HA 1', protectedIdentity: true }), 201);
    const named = await expectJson<{ id: string }>(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'brev', accepted: false, threatActorId: actor.id }), 201);
    const unnamed = await expectJson<{ id: string }>(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-11', kind: 'brev', accepted: false }), 201);
    await expectJson(await t.as(UNASSIGNED, 'PUT', `/cases/${caseNumber}/assignments/${UNASSIGNED.id}`), 200);
    const contactIds = async (officer: TestOfficer) => (await expectJson<{ contacts: { id: string }[] }>(await t.as(officer, 'GET', `/cases/${caseNumber}/rri`), 200)).contacts.map((c) => c.id);
    expect(await contactIds(BOPS)).toEqual([named.id, unnamed.id]);
    expect(await contactIds(UNASSIGNED)).toEqual([unnamed.id]);
    const contacts = async () => (await t.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM rri_contacts WHERE person_id = $1', [actor.id])).rows[0]!.n;
    const before = await contacts();
    // Answered as for a person not in the case, so the answer confirms no hidden person.
    const hidden = await expectProblem(await t.as(UNASSIGNED, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-12', kind: 'brev', accepted: false, threatActorId: actor.id }), 422, 'invalid-reference');
    const nobody = await expectProblem(await t.as(UNASSIGNED, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-12', kind: 'brev', accepted: false, threatActorId: '00000000-0000-4000-8000-00000000dead' }), 422, 'invalid-reference');
    expect(hidden.detail).toBe(nobody.detail);
    expect(await contacts()).toBe(before);
    const denied = await t.server.database.query<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_log WHERE action = 'access.denied' AND actor_id = $1 AND entity_id = $2`, [UNASSIGNED.id, actor.id]);
    expect(denied.rows.map((r) => r.detail)).toEqual([{ attemptedAction: 'rri.write', reason: 'protected_identity', answeredAs: 'invalid-reference' }]);
  });

  it('refuses a contact naming an officer nobody provisioned, or one deactivated, naming the field, and stores nothing', async () => {
    const caseNumber = await assignedCase();
    const stored = async () => (await t.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM rri_contacts c JOIN cases k ON k.id = c.case_id WHERE k.case_number = $1', [caseNumber])).rows[0]!.n;
    const contactsBefore = await auditCount('rri.contact.add', BOPS.id);
    for (const officerId of ['officer-rri-nobody', RETIRED.id]) {
      const refused = await expectProblem(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'telefon', accepted: true, talksHeld: 1, officerId }), 422, 'invalid-reference');
      expect(refused.errors).toEqual([{ code: 'unknown_officer', path: ['body', 'officerId'], message: expect.any(String) }]);
    }
    expect(await stored()).toBe(0);
    expect(await auditCount('rri.contact.add', BOPS.id)).toBe(contactsBefore);
    // The caller named as themself, like the default, is recorded.
    await expectJson(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'telefon', accepted: true, talksHeld: 1, officerId: BOPS.id }), 201);
    expect(await stored()).toBe(1);
  });

  it('answers an officer of another region as if the case did not exist, and refuses an intake officer with 403', async () => {
    const caseNumber = await assignedCase();
    await expectProblem(await t.as(AWAY, 'GET', `/cases/${caseNumber}/rri`), 404, 'not-found');
    await expectProblem(await t.as(INTAKE, 'GET', `/cases/${caseNumber}/rri`), 403, 'forbidden');
    await expectProblem(await t.as(INTAKE, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'telefon', accepted: true, talksHeld: 1 }), 403, 'forbidden');
  });

  it('refuses talks under a declined offer, a date in the future, a threat actor who is not one, and a closed case', async () => {
    const caseNumber = await assignedCase();
    const declinedTalks = await expectProblem(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'telefon', accepted: false, talksHeld: 2 }), 400, 'validation');
    expect(declinedTalks.errors?.map((e) => e.path.join('.'))).toContain('body.talksHeld');
    const future = await expectProblem(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/outcomes`, { followedUpOn: '2199-01-01', outcome: 'stopped', source: 'hotaktor' }), 400, 'validation');
    expect(future.errors?.[0]).toMatchObject({ code: 'date_in_future', path: ['body', 'followedUpOn'] });
    const victim = await expectJson<{ id: string }>(await t.as(BOPS, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: false }), 201);
    await expectProblem(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/contacts`, { contactedOn: '2026-01-10', kind: 'telefon', accepted: true, talksHeld: 1, threatActorId: victim.id }), 422, 'invalid-reference');
    const read = await t.as(BOPS, 'GET', `/cases/${caseNumber}`);
    await expectJson(await t.as(BOPS, 'PATCH', `/cases/${caseNumber}`, { status: 'closed' }, { 'if-match': read.headers.get('etag')! }), 200);
    await expectProblem(await t.as(BOPS, 'POST', `/cases/${caseNumber}/rri/outcomes`, { followedUpOn: '2026-05-01', outcome: 'stopped', source: 'hotaktor' }), 409, 'case-closed');
    const stored = await t.server.database.query<{ n: number }>('SELECT count(*)::int AS n FROM rri_contacts c JOIN cases k ON k.id = c.case_id WHERE k.case_number = $1', [caseNumber]);
    expect(stored.rows[0]!.n).toBe(0);
  });
});
