// Sharing a case with an investigation over real HTTP, on PostgreSQL and
// PGlite (issue 15): an assigned Bops officer shares with a reason; the
// recipient investigator reads exactly the fields the pack version declares
// (sharing.yaml) — not a label, not a protected person, not a sensitive
// measure, no free text — and nothing after withdrawal (404, audited as a
// denial); every other role and region gets nothing from the share, and no
// case route opens to the recipient; refresh keeps the old snapshot; every
// share, refresh, view, listing and withdrawal is one audit row, and the chain
// verifies. The case's shares are listed whole to its Bops officers.
// Officers and cases are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PURPOSE_HEADER } from '../api/assessmentContract.js';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { tableContents, withoutAuditTrail } from './tableContents.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const SHARER: TestOfficer = { id: 'officer-share-1', roles: ['bops_officer'], region: 'syd' };
const COLLEAGUE: TestOfficer = { id: 'officer-share-2', roles: ['bops_officer'], region: 'syd' };
const INVESTIGATOR: TestOfficer = { id: 'officer-share-3', roles: ['investigator'], region: 'syd' };
const OTHER_INVESTIGATOR: TestOfficer = { id: 'officer-share-4', roles: ['investigator'], region: 'syd' };
const AWAY_BOPS: TestOfficer = { id: 'officer-share-5', roles: ['bops_officer'], region: 'nord' };
const ANALYST: TestOfficer = { id: 'officer-share-6', roles: ['analyst'], region: 'syd' };
const INTAKE: TestOfficer = { id: 'officer-share-7', roles: ['intake_officer'], region: 'syd' };
const AUDITOR: TestOfficer = { id: 'officer-share-8', roles: ['auditor'], region: 'syd' };
/** A specialist of the region not assigned to the case and a method owner: no share is theirs. */
const SPECIALIST: TestOfficer = { id: 'officer-share-9', roles: ['specialist'], region: 'syd' };
const METHOD_OWNER: TestOfficer = { id: 'officer-share-10', roles: ['method_owner'], region: 'syd' };
/**
 * The API has no administrator role (officers are administered from the command line,
 * api/officerAdministration.ts): a token claiming one is no officer's, whatever it asks for.
 */
const ADMINISTRATOR = { id: 'officer-share-11', roles: ['administrator'], region: 'syd' } as unknown as TestOfficer;
const OFFICERS = [SHARER, COLLEAGUE, INVESTIGATOR, OTHER_INVESTIGATOR, AWAY_BOPS, ANALYST, INTAKE, AUDITOR, SPECIALIST, METHOD_OWNER];

const INVESTIGATION = '1500-K000900-26';
const REASON = 'Förundersökningsledaren behöver riskbilden inför förhör.';
/** The purposes a row is recorded under when no bops-purpose header says otherwise (the operations' purposes, api/apiOperations.ts). */
const SHARING = 'bops.sharing_with_investigation';
const INVESTIGATION_PURPOSE = 'investigation';

interface Share {
  id: string;
  recipients: string[];
  snapshots: { seq: number; pack: { id: string; version: string }; fields: Record<string, unknown> }[];
  withdrawn: unknown;
}
interface Received {
  id: string;
  investigationNumber: string;
  sharedBy: string;
  takenAt: string;
  pack: { id: string; version: string };
  fields: Record<string, unknown>;
}

describe.each(DATABASE_ENGINES)('sharing with an investigation on %s', (engine) => {
  let t: TestServer;
  let serial = 0;
  const newCaseNumber = () => `1500-K${String(++serial).padStart(6, '0')}-26`;

  const auditRows = async (since: number) =>
    (
      await t.server.database.query<{ actor_id: string; action: string; entity_type: string | null; entity_id: string | null; purpose: string; detail: Record<string, unknown> }>(
        'SELECT actor_id, action, entity_type, entity_id, purpose, detail FROM audit_log WHERE id > $1 ORDER BY id',
        [since],
      )
    ).rows;
  const lastAuditId = async () => Number((await t.server.database.query<{ id: string }>('SELECT COALESCE(MAX(id), 0)::text AS id FROM audit_log')).rows[0]!.id);

  beforeAll(async () => {
    t = await startTestServer({ engine });
    await t.provision(OFFICERS);
  });
  afterAll(() => t?.close());

  /**
   * A case in syd with a completed SARA:SV assessment (judged hög/medel/låg), a suspect, a protected
   * injured party and a plan protecting them: a contact ban decided with an expiry, an alarm, a
   * protected registration (sensitive), support from social services (not declared shareable) and a
   * declined measure. Assigned to the sharer by a colleague.
   */
  async function sharedCase(): Promise<string> {
    const caseNumber = newCaseNumber();
    await expectJson(await t.as(SHARER, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
    await expectJson(await t.as(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${SHARER.id}`), 200);
    const created = await completeStructuredAssessment(t.server, { caseNumber, region: 'syd', officerId: SHARER.id, instrumentId: 'sarasv', judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } });
    await expectJson(await t.as(SHARER, 'POST', `/cases/${caseNumber}/persons`, { role: 'misstankt', label: 'Hotaktör A', protectedIdentity: false }), 201);
    const victim = await expectJson<{ id: string }>(await t.as(SHARER, 'POST', `/cases/${caseNumber}/persons`, { role: 'malsagande', label: 'MÄ 1', protectedIdentity: true }), 201);
    const plan = await expectJson<{ measures: { id: string; measureId: string }[] }>(
      await t.as(SHARER, 'POST', `/cases/${caseNumber}/plans`, {
        assessmentId: created.id,
        protectedPersonId: null,
        reassessOn: '2027-03-01',
        measures: [
          { part: 'reducering', measureId: 'kontaktforbud', responsible: 'aklagare' },
          { part: 'skydd', measureId: 'larmpaket', responsible: SHARER.id, status: 'decided', decisionRef: 'Beslut 1', followUpOn: '2027-02-01' },
          { part: 'skydd', measureId: 'skyddad_folkbokforing', responsible: 'skatteverket' },
          { part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjanst' },
          { part: 'skydd', measureId: 'personskydd', responsible: SHARER.id, status: 'declined' },
        ],
      }),
      201,
    );
    expect(victim.id).toBeTruthy();
    const ban = plan.measures.find((m) => m.measureId === 'kontaktforbud')!;
    await expectJson(await t.as(SHARER, 'PUT', `/measures/${ban.id}/status`, { status: 'decided', decisionRef: 'ÅM 2026-77', followUpOn: '2027-01-15', expiresOn: '2027-06-30' }), 200);
    return caseNumber;
  }

  const share = (caseNumber: string, body: Record<string, unknown> = {}, officer = SHARER) =>
    t.as(officer, 'POST', `/cases/${caseNumber}/shares`, { investigationNumber: INVESTIGATION, recipients: [INVESTIGATOR.id], reason: REASON, ...body });

  /** What the pack's sharing.yaml lets cross for the case above, worked out by hand. */
  const DECLARED_FIELDS = {
    latestJudgements: { instrumentId: 'sarasv', completedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), judgements: { overall: 'hog', seriousViolence: 'medel', acute: 'lag' } },
    activeMeasures: [{ measureId: 'larmpaket', part: 'skydd', status: 'decided' }],
    contactBans: [{ measureId: 'kontaktforbud', status: 'decided', expiresOn: '2027-06-30' }],
    threatActorRoles: ['misstankt'],
  };

  it('shares a snapshot of exactly the declared fields, and the recipient reads exactly those, audited', async () => {
    const caseNumber = await sharedCase();
    const since = await lastAuditId();
    // The preview shows exactly what a share sends, and stores nothing but its case.read row.
    const preview = await expectJson<{ pack: unknown; fields: unknown; snapshotHash: string }>(await t.as(SHARER, 'GET', `/cases/${caseNumber}/shares/preview`), 200);
    expect(preview).toEqual({ pack: { id: 'bops-exempel', version: '1.1.1' }, fields: DECLARED_FIELDS, snapshotHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const created = await expectJson<Share>(await share(caseNumber, { snapshotHash: preview.snapshotHash }), 201);
    expect(created.snapshots).toHaveLength(1);
    expect(created.snapshots[0]!.pack).toEqual({ id: 'bops-exempel', version: '1.1.1' });
    expect(created.snapshots[0]!.fields).toEqual(DECLARED_FIELDS);

    const list = await expectJson<{ items: Received[] }>(await t.as(INVESTIGATOR, 'GET', '/shares', undefined, { [PURPOSE_HEADER]: 'förundersökning' }), 200);
    const mine = list.items.filter((i) => i.id === created.id);
    expect(mine).toHaveLength(1);
    expect(Object.keys(mine[0]!).sort()).toEqual(['fields', 'id', 'investigationNumber', 'pack', 'sharedBy', 'takenAt']);
    expect(mine[0]).toMatchObject({ investigationNumber: INVESTIGATION, sharedBy: SHARER.id, pack: { id: 'bops-exempel', version: '1.1.1' } });
    expect(mine[0]!.fields).toEqual(DECLARED_FIELDS);
    // Nothing else of the case crosses: no label, no case number, no reason, no sensitive or undeclared measure.
    const text = JSON.stringify(list);
    for (const hidden of ['Hotaktör A', 'MÄ 1', caseNumber, REASON, 'skyddad_folkbokforing', 'socialtjanst', 'personskydd', 'malsagande', 'ÅM 2026-77']) expect(text).not.toContain(hidden);

    const one = await expectJson<Received>(await t.as(INVESTIGATOR, 'GET', `/shares/${created.id}`), 200);
    expect(one).toEqual(mine[0]);

    const rows = await auditRows(since);
    const caseId = (await t.server.database.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber])).rows[0]!.id;
    // The sharer's rows are for sharing with the investigation; the investigator's for their investigation,
    // or for what their bops-purpose header said.
    expect(rows.map((r) => [r.actor_id, r.action, r.entity_type, r.entity_id, r.purpose])).toEqual([
      [SHARER.id, 'case.read', 'case', caseId, SHARING],
      [SHARER.id, 'share.create', 'share', created.id, SHARING],
      ...list.items.map((i) => [INVESTIGATOR.id, 'share.read', 'share', i.id, 'förundersökning']),
      [INVESTIGATOR.id, 'share.read', 'share', created.id, INVESTIGATION_PURPOSE],
    ]);
    expect(rows[0]!.detail).toEqual({ view: 'share_preview' });
    expect(rows[1]!.detail).toEqual({ caseId, snapshot: 1, recipients: [INVESTIGATOR.id] });
    // The reason is the share row's; the audit rows name the share and never copy it.
    const stored = await t.server.database.query<{ reason: string; shared_by: string }>('SELECT reason, shared_by FROM case_shares WHERE id = $1', [created.id]);
    expect(stored.rows).toEqual([{ reason: REASON, shared_by: SHARER.id }]);
    expect(JSON.stringify(rows)).not.toContain(REASON);
  });

  it('stores a share or refresh naming a preview (snapshotHash) only while the snapshot is exactly that preview — else 412 and nothing stored', async () => {
    const caseNumber = await sharedCase();
    const previewHash = async () => (await expectJson<{ snapshotHash: string }>(await t.as(SHARER, 'GET', `/cases/${caseNumber}/shares/preview`), 200)).snapshotHash;
    const seen = await previewHash();
    // Between the card and the confirmation, a new threat actor joins the case: the officer never saw that role.
    await expectJson(await t.as(SHARER, 'POST', `/cases/${caseNumber}/persons`, { role: 'hotaktor', label: 'Hotaktör B', protectedIdentity: false }), 201);
    const before = await tableContents(t.server.database);
    const stale = await expectProblem(await share(caseNumber, { snapshotHash: seen }), 412, 'precondition-failed');
    expect(stale.detail).toContain('snapshotHash');
    await expectProblem(await share(caseNumber, { snapshotHash: 'not-a-hash' }), 400, 'validation');
    const after = await tableContents(t.server.database);
    expect(withoutAuditTrail(after)).toEqual(withoutAuditTrail(before));
    expect(after['audit_log']!.rows).toBe(before['audit_log']!.rows);

    // Shown the new preview and confirmed, it is shared as shown.
    const created = await expectJson<Share>(await share(caseNumber, { snapshotHash: await previewHash() }), 201);
    expect(created.snapshots[0]!.fields.threatActorRoles).toEqual(['misstankt', 'hotaktor']);

    // A refresh likewise: a stale preview stores no snapshot; the current one, or none named, does.
    const confirmed = await previewHash();
    const alarmId = (await t.server.database.query<{ id: string }>(
      `SELECT m.id FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id WHERE c.case_number = $1 AND m.measure_id = 'larmpaket'`,
      [caseNumber],
    )).rows[0]!.id;
    await expectJson(await t.as(SHARER, 'PUT', `/measures/${alarmId}/status`, { status: 'cancelled' }), 200);
    await expectProblem(await t.as(SHARER, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`, { snapshotHash: confirmed }), 412, 'precondition-failed');
    expect((await expectJson<{ items: Share[] }>(await t.as(SHARER, 'GET', `/cases/${caseNumber}/shares`), 200)).items[0]!.snapshots).toHaveLength(1);
    const refreshed = await expectJson<Share>(await t.as(SHARER, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`, { snapshotHash: await previewHash() }), 200);
    expect(refreshed.snapshots.map((s) => s.seq)).toEqual([1, 2]);
    expect(refreshed.snapshots[1]!.fields.activeMeasures).toEqual([]);
    expect((await expectJson<Share>(await t.as(SHARER, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`, {}), 200)).snapshots).toHaveLength(3);
  });

  it('refreshes a share into a new snapshot, keeping the old; the recipient sees the newest', async () => {
    const caseNumber = await sharedCase();
    const created = await expectJson<Share>(await share(caseNumber), 201);
    // The suspect's role changes nothing visible, a new threat actor does.
    await expectJson(await t.as(SHARER, 'POST', `/cases/${caseNumber}/persons`, { role: 'hotaktor', label: 'Hotaktör B', protectedIdentity: false }), 201);
    const since = await lastAuditId();
    const refreshed = await expectJson<Share>(await t.as(COLLEAGUE, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`), 403);
    expect(refreshed).toBeTruthy();
    await expectJson(await t.as(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${COLLEAGUE.id}`), 200);
    const again = await expectJson<Share>(await t.as(COLLEAGUE, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`), 200);
    expect(again.snapshots.map((s) => s.seq)).toEqual([1, 2]);
    expect(again.snapshots[0]!.fields).toEqual(created.snapshots[0]!.fields);
    expect(again.snapshots[1]!.fields).toEqual({ ...DECLARED_FIELDS, threatActorRoles: ['misstankt', 'hotaktor'] });
    const seen = await expectJson<Received>(await t.as(INVESTIGATOR, 'GET', `/shares/${created.id}`), 200);
    expect(seen.fields.threatActorRoles).toEqual(['misstankt', 'hotaktor']);
    const actions = (await auditRows(since)).map((r) => [r.action, r.entity_id, r.detail.attemptedAction ?? null, r.purpose]);
    expect(actions).toEqual([
      ['access.denied', created.id, 'share.refresh', SHARING],
      ['case.assign', expect.any(String), null, 'bops.case'],
      ['share.refresh', created.id, null, SHARING],
      ['share.read', created.id, null, INVESTIGATION_PURPOSE],
    ]);
  });

  it('lists the case’s shares, withdrawn ones too, newest first, for its Bops officers — one audited share.list row; nothing to other roles or regions', async () => {
    const caseNumber = await sharedCase();
    const first = await expectJson<Share>(await share(caseNumber), 201);
    const second = await expectJson<Share>(await share(caseNumber, { recipients: [INVESTIGATOR.id, OTHER_INVESTIGATOR.id] }), 201);
    await expectJson(await t.as(SHARER, 'DELETE', `/cases/${caseNumber}/shares/${first.id}`, { reason: 'Fel utredning' }), 200);
    // Another case's share does not appear.
    await expectJson(await share(await sharedCase()), 201);
    const since = await lastAuditId();
    // A colleague of the region not assigned to the case finds them too (to tell the sharer, or to take over).
    const listed = await expectJson<{ items: (Share & { investigationNumber: string; withdrawn: { reason: string } | null })[] }>(await t.as(COLLEAGUE, 'GET', `/cases/${caseNumber}/shares`), 200);
    expect(listed.items.map((i) => i.id)).toEqual([second.id, first.id]);
    expect(listed.items[0]).toMatchObject({ investigationNumber: INVESTIGATION, recipients: [INVESTIGATOR.id, OTHER_INVESTIGATOR.id].sort(), withdrawn: null });
    expect(listed.items[0]!.snapshots).toHaveLength(1);
    expect(listed.items[1]!.withdrawn).toMatchObject({ reason: 'Fel utredning' });
    expect(Object.keys(listed.items[0]!)).not.toContain('caseId');
    const caseId = (await t.server.database.query<{ id: string }>('SELECT id FROM cases WHERE case_number = $1', [caseNumber])).rows[0]!.id;
    expect((await auditRows(since)).map((r) => [r.actor_id, r.action, r.entity_type, r.entity_id, r.purpose, r.detail])).toEqual([[COLLEAGUE.id, 'share.list', 'case', caseId, SHARING, { shares: [second.id, first.id] }]]);

    // Investigators read only their received shares; other roles, and other regions (as if no case), nothing — each refusal audited.
    for (const officer of [INVESTIGATOR, ANALYST, INTAKE, AUDITOR]) await expectProblem(await t.as(officer, 'GET', `/cases/${caseNumber}/shares`), 403, 'forbidden');
    await expectProblem(await t.as(AWAY_BOPS, 'GET', `/cases/${caseNumber}/shares`), 404, 'not-found');
    const denied = (await auditRows(since)).slice(1);
    expect(denied.map((r) => [r.actor_id, r.action, r.detail.attemptedAction])).toEqual([INVESTIGATOR, ANALYST, INTAKE, AUDITOR, AWAY_BOPS].map((o) => [o.id, 'access.denied', 'share.list']));
  });

  it('keeps a contact ban an earlier share sent after it is lifted, with its status and the day it ended; one never shared does not appear', async () => {
    const caseNumber = await sharedCase();
    const created = await expectJson<Share>(await share(caseNumber), 201);
    const banId = async (number: string) =>
      (await t.server.database.query<{ id: string }>(
        `SELECT m.id FROM protection_measures m JOIN protection_plans p ON p.id = m.plan_id JOIN cases c ON c.id = p.case_id WHERE c.case_number = $1 AND m.measure_id = 'kontaktforbud'`,
        [number],
      )).rows[0]!.id;
    await expectJson(await t.as(SHARER, 'PUT', `/measures/${await banId(caseNumber)}/status`, { status: 'cancelled' }), 200);
    const refreshed = await expectJson<Share>(await t.as(SHARER, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`), 200);
    const lifted = { measureId: 'kontaktforbud', status: 'cancelled', expiresOn: null, endedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) };
    expect(refreshed.snapshots[1]!.fields.contactBans).toEqual([lifted]);
    expect(refreshed.snapshots[0]!.fields.contactBans).toEqual(DECLARED_FIELDS.contactBans);
    expect((await expectJson<Received>(await t.as(INVESTIGATOR, 'GET', `/shares/${created.id}`), 200)).fields.contactBans).toEqual([lifted]);
    // Nothing more of the measure crosses than its status and dates.
    expect(JSON.stringify(refreshed.snapshots[1]!.fields)).not.toContain('ÅM 2026-77');

    // A case whose ban was lifted before any share of it: the investigation was never told, nothing to tell now.
    const unshared = await sharedCase();
    await expectJson(await t.as(SHARER, 'PUT', `/measures/${await banId(unshared)}/status`, { status: 'cancelled' }), 200);
    expect((await expectJson<Share>(await share(unshared), 201)).snapshots[0]!.fields.contactBans).toEqual([]);
  });

  it('withdraws a share (its sharer only, with a reason): the recipient then reads nothing, and the attempt is audited', async () => {
    const caseNumber = await sharedCase();
    const created = await expectJson<Share>(await share(caseNumber), 201);
    await expectJson(await t.as(COLLEAGUE, 'PUT', `/cases/${caseNumber}/assignments/${COLLEAGUE.id}`), 200);
    await expectProblem(await t.as(COLLEAGUE, 'DELETE', `/cases/${caseNumber}/shares/${created.id}`, { reason: 'Fel utredning' }), 403, 'forbidden');
    await expectProblem(await t.as(SHARER, 'DELETE', `/cases/${caseNumber}/shares/${created.id}`, {}), 400, 'validation');
    const since = await lastAuditId();
    const withdrawn = await expectJson<Share & { withdrawn: { by: string; reason: string } }>(await t.as(SHARER, 'DELETE', `/cases/${caseNumber}/shares/${created.id}`, { reason: 'Utredningen är nedlagd' }), 200);
    expect(withdrawn.withdrawn).toMatchObject({ by: SHARER.id, reason: 'Utredningen är nedlagd' });
    await expectProblem(await t.as(SHARER, 'DELETE', `/cases/${caseNumber}/shares/${created.id}`, { reason: 'Igen' }), 409, 'share-withdrawn');
    await expectProblem(await t.as(SHARER, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`), 409, 'share-withdrawn');

    const list = await expectJson<{ items: Received[] }>(await t.as(INVESTIGATOR, 'GET', '/shares'), 200);
    expect(list.items.map((i) => i.id)).not.toContain(created.id);
    await expectProblem(await t.as(INVESTIGATOR, 'GET', `/shares/${created.id}`), 404, 'not-found');
    const rows = await auditRows(since);
    expect(rows[0]).toEqual({ actor_id: SHARER.id, action: 'share.withdraw', entity_type: 'share', entity_id: created.id, purpose: SHARING, detail: { caseId: expect.any(String) } });
    // The withdrawal's reason is the share row's, not the audit row's.
    const stored = await t.server.database.query<{ withdrawn_by: string; withdraw_reason: string }>('SELECT withdrawn_by, withdraw_reason FROM case_shares WHERE id = $1', [created.id]);
    expect(stored.rows).toEqual([{ withdrawn_by: SHARER.id, withdraw_reason: 'Utredningen är nedlagd' }]);
    expect(JSON.stringify(rows)).not.toContain('Utredningen är nedlagd');
    expect(rows.filter((r) => r.action === 'share.read').map((r) => r.entity_id)).not.toContain(created.id);
    expect(rows.at(-1)).toMatchObject({ actor_id: INVESTIGATOR.id, action: 'access.denied', entity_type: 'share', entity_id: created.id, detail: { attemptedAction: 'share.read', reason: 'share_withdrawn', answeredAs: 'not-found' } });
  });

  it('gives every other role and region nothing from a share, and opens no case route to the recipient', async () => {
    const caseNumber = await sharedCase();
    const created = await expectJson<Share>(await share(caseNumber), 201);
    // Another investigator: not theirs, as if it did not exist (audited).
    expect((await expectJson<{ items: Received[] }>(await t.as(OTHER_INVESTIGATOR, 'GET', '/shares'), 200)).items.map((i) => i.id)).not.toContain(created.id);
    await expectProblem(await t.as(OTHER_INVESTIGATOR, 'GET', `/shares/${created.id}`), 404, 'not-found');
    // Every other role: shares are not theirs to read at all.
    for (const officer of [SHARER, COLLEAGUE, AWAY_BOPS, ANALYST, INTAKE, AUDITOR, SPECIALIST, METHOD_OWNER]) {
      await expectProblem(await t.as(officer, 'GET', '/shares'), 403, 'forbidden');
      await expectProblem(await t.as(officer, 'GET', `/shares/${created.id}`), 403, 'forbidden');
    }
    await expectProblem(await t.as(ADMINISTRATOR, 'GET', '/shares'), 401, 'unauthenticated');
    await expectProblem(await t.as(ADMINISTRATOR, 'GET', `/shares/${created.id}`), 401, 'unauthenticated');
    // The recipient: no route of the case or its assessments opens because of the share.
    for (const path of [`/cases/${caseNumber}`, `/cases/${caseNumber}/assessments`, `/cases/${caseNumber}/plans`]) {
      await expectProblem(await t.as(INVESTIGATOR, 'GET', path), 403, 'forbidden');
    }
    await expectProblem(await t.as(INVESTIGATOR, 'GET', `/cases/${caseNumber}/persons`, undefined, { [PURPOSE_HEADER]: 'förundersökning' }), 403, 'forbidden');
    const assessmentId = (await t.server.database.query<{ id: string }>('SELECT a.id FROM assessments a JOIN cases c ON c.id = a.case_id WHERE c.case_number = $1', [caseNumber])).rows[0]!.id;
    await expectProblem(await t.as(INVESTIGATOR, 'GET', `/assessments/${assessmentId}`), 403, 'forbidden');
    // Nor can a recipient or another region manage the share.
    await expectProblem(await t.as(INVESTIGATOR, 'POST', `/cases/${caseNumber}/shares/${created.id}/refresh`), 403, 'forbidden');
    await expectProblem(await t.as(AWAY_BOPS, 'DELETE', `/cases/${caseNumber}/shares/${created.id}`, { reason: 'Prov' }), 404, 'not-found');
  });

  it('refuses a share to an unknown investigator, to a non-investigator, to oneself, without a reason, or by an officer not assigned — storing nothing', async () => {
    const caseNumber = await sharedCase();
    const before = await tableContents(t.server.database);
    const unknown = await expectProblem(await share(caseNumber, { recipients: [INVESTIGATOR.id, 'officer-share-99'] }), 422, 'invalid-reference');
    expect(unknown.errors).toEqual([expect.objectContaining({ code: 'not_an_investigator', path: ['body', 'recipients', 1] })]);
    await expectProblem(await share(caseNumber, { recipients: [COLLEAGUE.id] }), 422, 'invalid-reference');
    const self = await expectProblem(await share(caseNumber, { recipients: [SHARER.id] }), 400, 'validation');
    expect(self.errors?.[0]?.code).toBe('share_to_self');
    await expectProblem(await t.as(SHARER, 'POST', `/cases/${caseNumber}/shares`, { investigationNumber: INVESTIGATION, recipients: [INVESTIGATOR.id] }), 400, 'validation');
    await expectProblem(await share(caseNumber, { reason: '' }), 400, 'validation');
    const offPattern = await expectProblem(await share(caseNumber, { investigationNumber: 'inte-ett-nummer' }), 400, 'validation');
    expect(offPattern.errors).toEqual([expect.objectContaining({ code: 'case_number_pattern', path: ['body', 'investigationNumber'] })]);
    const after = await tableContents(t.server.database);
    expect(withoutAuditTrail(after)).toEqual(withoutAuditTrail(before));
    expect(after['audit_log']!.rows).toBe(before['audit_log']!.rows);
    // Not assigned: refused and audited, nothing else stored.
    await expectProblem(await share(caseNumber, {}, COLLEAGUE), 403, 'forbidden');
    await expectProblem(await share(caseNumber, {}, AWAY_BOPS), 404, 'not-found');
    await expectProblem(await share(caseNumber, {}, INVESTIGATOR), 403, 'forbidden');
    const denied = await tableContents(t.server.database);
    expect(withoutAuditTrail(denied)).toEqual(withoutAuditTrail(before));
    expect(denied['audit_log']!.rows).toBe(before['audit_log']!.rows + 3);
  });

  it('refuses a case whose latest assessment was made with a pack version the server has not loaded — a pack-mismatch problem, nothing stored', async () => {
    const caseNumber = await sharedCase();
    // As if the version had been withdrawn from this server's packs: the assessment still names it.
    await t.server.database.query(`UPDATE assessments SET pack_version = '0.9.0' WHERE case_id = (SELECT id FROM cases WHERE case_number = $1)`, [caseNumber]);
    const before = await tableContents(t.server.database);
    const refused = await expectProblem(await share(caseNumber), 409, 'pack-mismatch');
    expect(refused.detail).toContain('bops-exempel@0.9.0');
    await expectProblem(await t.as(SHARER, 'GET', `/cases/${caseNumber}/shares/preview`), 409, 'pack-mismatch');
    const after = await tableContents(t.server.database);
    expect(withoutAuditTrail(after)).toEqual(withoutAuditTrail(before));
    expect(after['audit_log']!.rows).toBe(before['audit_log']!.rows);
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAuditChain(t.server.database)).toMatchObject({ ok: true });
  });
});
