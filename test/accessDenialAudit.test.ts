// Refused requests are audited (directive 2016/680 art. 25: access attempts
// are logged too), over real HTTP on PostgreSQL and PGlite. For every route
// whose policy can refuse: exactly one 'access.denied' row naming the officer,
// the carrier (the bot), the entity tried where known, the purpose (the one
// stated, else the operation's), the action tried and the policy's reason
// code — and nothing else stored. A protected person or plan answered 404
// instead of 403 is audited the same; a plain "not found" is not. The hash
// chain verifies afterwards. Officers, cases and persons are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DenialCode } from '../api/accessPolicy.js';
import type { PolicyAction as Action } from '../api/auditLog.js';
import { ON_BEHALF_OF_HEADER, PURPOSE_HEADER } from '../api/assessmentContract.js';
import { verifyAuditChain } from '../api/auditChainVerifier.js';
import { API_OPERATIONS, operationOf, type OperationId } from '../api/apiOperations.js';
import { SqlAssessmentRepository } from '../api/sqlAssessmentRepository.js';
import { SqlReferrals } from '../api/sqlReferrals.js';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { tableContents, withoutAuditTrail } from './tableContents.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { BOT_SERVICE_ID, startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const MEMBER: TestOfficer = { id: 'officer-deny-1', roles: ['bops_officer'], region: 'vast' };
const COLLEAGUE: TestOfficer = { id: 'officer-deny-2', roles: ['bops_officer'], region: 'vast' };
const OTHER_REGION: TestOfficer = { id: 'officer-deny-3', roles: ['bops_officer'], region: 'nord' };
const INTAKE: TestOfficer = { id: 'officer-deny-4', roles: ['intake_officer'], region: 'vast' };
const INVESTIGATOR: TestOfficer = { id: 'officer-deny-5', roles: ['investigator'], region: 'vast' };
const ANALYST: TestOfficer = { id: 'officer-deny-6', roles: ['analyst'], region: 'vast' };
const OFFICERS = [MEMBER, COLLEAGUE, OTHER_REGION, INTAKE, INVESTIGATOR, ANALYST];

const CASE_NUMBER = '1490-K000001-26';
const UNKNOWN_CASE_NUMBER = '1490-K000099-26';
const PURPOSE = 'kontroll av skyddsplan';

interface Refusal {
  /** The operation refused. */
  operation: OperationId;
  officer: TestOfficer;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Through the bot's service token, acting for the officer. */
  viaBot?: boolean;
  answered: 403 | 404;
  action: Action;
  code: DenialCode;
  /** The entity the row must name; null for none. */
  entity: () => { type: string; id: string } | null;
  /** The purpose the request states; without one the row names the operation's. */
  purpose?: string;
}

describe.each(DATABASE_ENGINES)('audit of refused requests on %s', (engine) => {
  let t: TestServer;
  const ids = { caseId: '', draft: '', openPerson: '', hiddenPerson: '', openPlan: '', hiddenPlan: '', measure: '', referral: '', escalation: '', share: '', withdrawnShare: '', completed: '' };

  const send = async (r: Pick<Refusal, 'officer' | 'method' | 'path' | 'body' | 'headers' | 'viaBot'>) => {
    const auth: Record<string, string> = r.viaBot
      ? { authorization: `Bearer ${await t.serviceToken()}`, [ON_BEHALF_OF_HEADER]: r.officer.id }
      : { authorization: `Bearer ${await t.officerToken(r.officer)}` };
    return t.api(r.path, {
      method: r.method,
      headers: { ...auth, ...r.headers, ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: r.body === undefined ? undefined : JSON.stringify(r.body),
    });
  };

  const lastAuditId = async () => (await t.server.database.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM audit_log')).rows[0]!.id;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    const db = t.server.database;
    await t.provision(OFFICERS);
    const created = await expectJson<{ id: string }>(await send({ officer: MEMBER, method: 'POST', path: '/cases', body: { caseNumber: CASE_NUMBER } }), 201);
    ids.caseId = created.id;
    // Assigned by a Bops colleague of the region, so the case's protected persons are open to MEMBER.
    await expectJson(await send({ officer: COLLEAGUE, method: 'PUT', path: `/cases/${CASE_NUMBER}/assignments/${MEMBER.id}` }), 200);
    ids.openPerson = (await expectJson<{ id: string }>(await send({ officer: MEMBER, method: 'POST', path: `/cases/${CASE_NUMBER}/persons`, body: { role: 'malsagande', label: 'MÄ 1' } }), 201)).id;
    ids.hiddenPerson = (await expectJson<{ id: string }>(await send({ officer: MEMBER, method: 'POST', path: `/cases/${CASE_NUMBER}/persons`, body: { role: 'vittne', label: 'V 1', protectedIdentity: true } }), 201)).id;
    // Assessments are set up through the repository: their flow is proven in api.test.ts.
    const repository = new SqlAssessmentRepository(db);
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    const setup = { actorId: MEMBER.id, viaId: null, purpose: 'test setup' };
    const assessment = () => repository.create({ caseNumber: CASE_NUMBER, region: 'vast', level: 'structured', instrumentId: 'sara-sv', pack: { id: pack.id, version: pack.version, hash }, officerId: MEMBER.id }, setup);
    ids.draft = (await assessment()).id;
    const completed = async () => {
      const a = await assessment();
      await repository.complete(a.id, setup);
      return a.id;
    };
    const openPlan = await expectJson<{ id: string; measures: { id: string }[] }>(
      await send({ officer: MEMBER, method: 'POST', path: `/cases/${CASE_NUMBER}/plans`, body: { assessmentId: await completed(), protectedPersonId: ids.openPerson, reassessOn: '2027-02-01', measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: MEMBER.id }] } }),
      201,
    );
    ids.openPlan = openPlan.id;
    ids.completed = await completed();
    // Issue 15: a live share to the investigator, and one withdrawn.
    const shareBody = { investigationNumber: '1490-K000500-26', recipients: [INVESTIGATOR.id], reason: 'Underlag till förundersökningen' };
    ids.share = (await expectJson<{ id: string }>(await send({ officer: MEMBER, method: 'POST', path: `/cases/${CASE_NUMBER}/shares`, body: shareBody }), 201)).id;
    ids.withdrawnShare = (await expectJson<{ id: string }>(await send({ officer: MEMBER, method: 'POST', path: `/cases/${CASE_NUMBER}/shares`, body: shareBody }), 201)).id;
    await expectJson(await send({ officer: MEMBER, method: 'DELETE', path: `/cases/${CASE_NUMBER}/shares/${ids.withdrawnShare}`, body: { reason: 'Fel utredning' } }), 200);
    ids.measure = openPlan.measures[0]!.id;
    // A referral to Bops (issue 12): an initial assessment completed as referred.
    const initial = await repository.create({ caseNumber: CASE_NUMBER, region: 'vast', level: 'initial', instrumentId: 'initial', pack: { id: pack.id, version: pack.version, hash }, officerId: MEMBER.id }, setup);
    await repository.complete(initial.id, setup, () => ({ discard: [], referral: { redFlagItemIds: [] } }));
    ids.referral = (await db.query<{ id: string }>('SELECT id FROM referrals WHERE assessment_id = $1', [initial.id])).rows[0]!.id;
    // An escalation to in-depth (issue 12, item 6), which only a specialist takes.
    const escalated = await new SqlReferrals(db).escalate(ids.caseId, 'Fiktiv anteckning', setup);
    if (!('referral' in escalated)) throw new Error('no structured assessment to escalate');
    ids.escalation = escalated.referral.id;
    ids.hiddenPlan = (await expectJson<{ id: string }>(await send({ officer: MEMBER, method: 'POST', path: `/cases/${CASE_NUMBER}/plans`, body: { assessmentId: await completed(), protectedPersonId: ids.hiddenPerson, reassessOn: '2027-02-01' } }), 201)).id;
  });
  afterAll(() => t?.close());

  const caseEntity = () => ({ type: 'case', id: ids.caseId });
  const packBody = () => {
    const { pack, hash } = t.server.methodology.active('bops-exempel');
    return { id: pack.id, version: pack.version, hash };
  };

  // One refusal per operation that can be refused, plus the variants (404 for hidden, no entity, via the bot).
  const REFUSALS: Refusal[] = [
    { operation: 'createAssessment', officer: ANALYST, method: 'POST', path: '/assessments', body: { caseNumber: CASE_NUMBER, level: 'initial', instrumentId: 'initial', pack: {} }, answered: 403, action: 'assessment.create', code: 'no_role_for_level', entity: caseEntity },
    { operation: 'createAssessment', officer: OTHER_REGION, method: 'POST', path: '/assessments', body: { caseNumber: CASE_NUMBER, level: 'initial', instrumentId: 'initial', pack: {} }, answered: 404, action: 'assessment.create', code: 'no_role_for_level', entity: caseEntity },
    { operation: 'saveAnswer', officer: COLLEAGUE, method: 'PUT', path: '/assessments/{draft}/answers/hotbildsfraga', body: { value: 'ja' }, answered: 403, action: 'assessment.answer', code: 'not_owner', entity: () => ({ type: 'assessment', id: ids.draft }) },
    { operation: 'completeAssessment', officer: COLLEAGUE, method: 'POST', path: '/assessments/{draft}/complete', answered: 403, action: 'assessment.complete', code: 'not_owner', entity: () => ({ type: 'assessment', id: ids.draft }) },
    { operation: 'discardAssessment', officer: COLLEAGUE, method: 'POST', path: '/assessments/{draft}/discard', body: { reason: 'Fel ärende' }, answered: 403, action: 'assessment.discard', code: 'not_owner', entity: () => ({ type: 'assessment', id: ids.draft }) },
    { operation: 'choosePackVersion', officer: COLLEAGUE, method: 'POST', path: '/assessments/{draft}/pack-version', body: { version: '1.1.1', move: true }, answered: 403, action: 'assessment.version_choice', code: 'not_owner', entity: () => ({ type: 'assessment', id: ids.draft }) },
    { operation: 'getAssessment', officer: OTHER_REGION, method: 'GET', path: '/assessments/{draft}', headers: { [PURPOSE_HEADER]: PURPOSE }, answered: 404, action: 'assessment.read', code: 'no_role_for_region', entity: () => ({ type: 'assessment', id: ids.draft }), purpose: PURPOSE },
    { operation: 'getAssessmentDocument', officer: OTHER_REGION, method: 'GET', path: '/assessments/{draft}/document', headers: { [PURPOSE_HEADER]: PURPOSE }, answered: 404, action: 'assessment.read', code: 'no_role_for_region', entity: () => ({ type: 'assessment', id: ids.draft }), purpose: PURPOSE },
    { operation: 'createDocumentLink', officer: OTHER_REGION, method: 'POST', path: '/assessments/{draft}/document-link', headers: { [PURPOSE_HEADER]: PURPOSE }, answered: 404, action: 'assessment.read', code: 'no_role_for_region', entity: () => ({ type: 'assessment', id: ids.draft }), purpose: PURPOSE },
    { operation: 'getAssessmentAuditTrail', officer: MEMBER, method: 'GET', path: '/assessments/{draft}/audit', answered: 403, action: 'audit.read', code: 'auditors_only', entity: () => ({ type: 'assessment', id: ids.draft }) },
    { operation: 'listCaseAssessments', officer: OTHER_REGION, method: 'GET', path: `/cases/${CASE_NUMBER}/assessments`, answered: 404, action: 'case.assessments.list', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'getLatestCompletedAssessment', officer: OTHER_REGION, method: 'GET', path: `/cases/${CASE_NUMBER}/assessments/latest-completed?instrumentId=sara-sv`, answered: 404, action: 'case.assessments.list', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'createCase', officer: OTHER_REGION, method: 'POST', path: '/cases', body: { caseNumber: UNKNOWN_CASE_NUMBER, region: 'vast' }, answered: 403, action: 'case.create', code: 'no_role_for_region', entity: () => null },
    { operation: 'getCase', officer: INVESTIGATOR, method: 'GET', path: `/cases/${CASE_NUMBER}`, viaBot: true, answered: 403, action: 'case.read', code: 'nothing_shared_yet', entity: caseEntity },
    { operation: 'getCase', officer: OTHER_REGION, method: 'GET', path: `/cases/${CASE_NUMBER}`, viaBot: true, answered: 404, action: 'case.read', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'changeCase', officer: INTAKE, method: 'PATCH', path: `/cases/${CASE_NUMBER}`, body: { status: 'closed' }, headers: { 'if-match': '"v1"' }, answered: 403, action: 'case.update', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'assignOfficer', officer: INTAKE, method: 'PUT', path: `/cases/${CASE_NUMBER}/assignments/${INTAKE.id}`, answered: 403, action: 'case.assign', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'openProtectedAccess', officer: INTAKE, method: 'POST', path: `/cases/${CASE_NUMBER}/protected-access`, body: { reason: 'Fiktivt' }, answered: 403, action: 'case.break_glass', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'addPerson', officer: COLLEAGUE, method: 'POST', path: `/cases/${CASE_NUMBER}/persons`, body: { role: 'anhorig', label: 'A 1', protectedIdentity: true }, answered: 403, action: 'person.add', code: 'protected_identity', entity: caseEntity },
    { operation: 'listPersons', officer: ANALYST, method: 'GET', path: `/cases/${CASE_NUMBER}/persons`, headers: { [PURPOSE_HEADER]: PURPOSE }, answered: 403, action: 'person.read', code: 'statistics_only', entity: caseEntity, purpose: PURPOSE },
    { operation: 'getPerson', officer: OTHER_REGION, method: 'GET', path: '/persons/{openPerson}', headers: { [PURPOSE_HEADER]: PURPOSE }, answered: 404, action: 'person.read', code: 'no_role_for_region', entity: () => ({ type: 'person', id: ids.openPerson }), purpose: PURPOSE },
    { operation: 'getPerson', officer: COLLEAGUE, method: 'GET', path: '/persons/{hiddenPerson}', headers: { [PURPOSE_HEADER]: PURPOSE }, answered: 404, action: 'person.read', code: 'protected_identity', entity: () => ({ type: 'person', id: ids.hiddenPerson }), purpose: PURPOSE },
    { operation: 'createPlan', officer: COLLEAGUE, method: 'POST', path: `/cases/${CASE_NUMBER}/plans`, body: { assessmentId: '00000000-0000-4000-8000-000000000001', reassessOn: '2027-02-01' }, answered: 403, action: 'plan.write', code: 'not_assigned', entity: caseEntity },
    { operation: 'listPlans', officer: OTHER_REGION, method: 'GET', path: `/cases/${CASE_NUMBER}/plans`, answered: 404, action: 'plan.read', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'getPlan', officer: OTHER_REGION, method: 'GET', path: '/plans/{openPlan}', answered: 404, action: 'plan.read', code: 'no_role_for_region', entity: () => ({ type: 'plan', id: ids.openPlan }) },
    { operation: 'getPlan', officer: COLLEAGUE, method: 'GET', path: '/plans/{hiddenPlan}', viaBot: true, answered: 404, action: 'plan.read', code: 'protected_identity', entity: () => ({ type: 'plan', id: ids.hiddenPlan }) },
    { operation: 'addMeasure', officer: COLLEAGUE, method: 'POST', path: '/plans/{openPlan}/measures', body: { part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjanst' }, answered: 403, action: 'plan.write', code: 'not_assigned', entity: () => ({ type: 'plan', id: ids.openPlan }) },
    { operation: 'setReassessmentDate', officer: COLLEAGUE, method: 'PUT', path: '/plans/{openPlan}/reassessment', body: { dueOn: '2099-01-15', reason: 'Fiktivt skäl' }, answered: 403, action: 'plan.write', code: 'not_assigned', entity: () => ({ type: 'plan', id: ids.openPlan }) },
    { operation: 'setPlanProtectedPerson', officer: COLLEAGUE, method: 'PUT', path: '/plans/{openPlan}/protected-person', body: { personId: null }, answered: 403, action: 'plan.write', code: 'not_assigned', entity: () => ({ type: 'plan', id: ids.openPlan }) },
    { operation: 'setPlanProtectedPerson', officer: COLLEAGUE, method: 'PUT', path: '/plans/{hiddenPlan}/protected-person', body: { personId: null }, viaBot: true, answered: 404, action: 'plan.read', code: 'protected_identity', entity: () => ({ type: 'plan', id: ids.hiddenPlan }) },
    { operation: 'closePlan', officer: OTHER_REGION, method: 'POST', path: '/plans/{openPlan}/closure', body: { reason: 'Fiktivt skäl' }, answered: 404, action: 'plan.write', code: 'no_role_for_region', entity: () => ({ type: 'plan', id: ids.openPlan }) },
    { operation: 'changeMeasureStatus', officer: COLLEAGUE, method: 'PUT', path: '/measures/{measure}/status', body: { status: 'cancelled' }, answered: 403, action: 'plan.write', code: 'not_assigned', entity: () => ({ type: 'measure', id: ids.measure }) },
    { operation: 'getCaseStatistics', officer: INTAKE, method: 'GET', path: '/statistics/cases', answered: 403, action: 'statistics.read', code: 'statistics_roles_only', entity: () => null },
    { operation: 'takeReferral', officer: INTAKE, method: 'POST', path: '/referrals/{referral}/take', answered: 403, action: 'case.assign', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'escalateCase', officer: INTAKE, method: 'POST', path: `/cases/${CASE_NUMBER}/escalations`, body: { note: 'Fiktiv anteckning' }, answered: 403, action: 'case.update', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'takeReferral', officer: COLLEAGUE, method: 'POST', path: '/referrals/{escalation}/take', answered: 403, action: 'case.assign', code: 'role_not_held', entity: caseEntity },
    { operation: 'getCaseEscalation', officer: INTAKE, method: 'GET', path: `/cases/${CASE_NUMBER}/escalation`, answered: 403, action: 'case.read', code: 'role_not_held', entity: caseEntity },
    { operation: 'saveConversationReference', officer: MEMBER, method: 'PUT', path: '/officers/me/conversation-reference', body: { reference: { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:fiktiv' }, bot: { id: '28:bops-bot' }, user: { id: '29:fiktiv' } } }, answered: 403, action: 'conversation_reference.save', code: 'bot_only', entity: () => null },
    { operation: 'saveConversationReference', officer: ANALYST, method: 'PUT', path: '/officers/me/conversation-reference', viaBot: true, body: { reference: { channelId: 'msteams', serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:fiktiv' }, bot: { id: '28:bops-bot' }, user: { id: '29:fiktiv' } } }, answered: 403, action: 'conversation_reference.save', code: 'statistics_only', entity: () => null },
    { operation: 'createShare', officer: COLLEAGUE, method: 'POST', path: `/cases/${CASE_NUMBER}/shares`, body: { investigationNumber: '1490-K000500-26', recipients: [INVESTIGATOR.id], reason: 'Underlag' }, answered: 403, action: 'share.create', code: 'not_assigned', entity: caseEntity },
    { operation: 'listCaseShares', officer: INVESTIGATOR, method: 'GET', path: `/cases/${CASE_NUMBER}/shares`, answered: 403, action: 'share.list', code: 'nothing_shared_yet', entity: caseEntity },
    { operation: 'getSharePreview', officer: INVESTIGATOR, method: 'GET', path: `/cases/${CASE_NUMBER}/shares/preview`, answered: 403, action: 'share.create', code: 'nothing_shared_yet', entity: caseEntity },
    { operation: 'refreshShare', officer: COLLEAGUE, method: 'POST', path: `/cases/${CASE_NUMBER}/shares/{share}/refresh`, answered: 403, action: 'share.refresh', code: 'not_assigned', entity: () => ({ type: 'share', id: ids.share }) },
    { operation: 'withdrawShare', officer: COLLEAGUE, method: 'DELETE', path: `/cases/${CASE_NUMBER}/shares/{share}`, body: { reason: 'Fel utredning' }, answered: 403, action: 'share.withdraw', code: 'not_sharer', entity: () => ({ type: 'share', id: ids.share }) },
    { operation: 'listReceivedShares', officer: MEMBER, method: 'GET', path: '/shares', answered: 403, action: 'share.read', code: 'investigators_only', entity: () => null },
    { operation: 'getReceivedShare', officer: MEMBER, method: 'GET', path: '/shares/{share}', answered: 403, action: 'share.read', code: 'investigators_only', entity: () => ({ type: 'share', id: ids.share }) },
    { operation: 'getReceivedShare', officer: INVESTIGATOR, method: 'GET', path: '/shares/{withdrawnShare}', viaBot: true, answered: 404, action: 'share.read', code: 'share_withdrawn', entity: () => ({ type: 'share', id: ids.withdrawnShare }) },
    { operation: 'createReview', officer: MEMBER, method: 'POST', path: '/assessments/{completed}/reviews', body: { verdict: 'agree' }, answered: 403, action: 'assessment.review', code: 'own_assessment', entity: () => ({ type: 'assessment', id: ids.completed }) },
    { operation: 'listReviews', officer: OTHER_REGION, method: 'GET', path: '/assessments/{completed}/reviews', answered: 404, action: 'assessment.read', code: 'no_role_for_region', entity: () => ({ type: 'assessment', id: ids.completed }) },
    { operation: 'giveReviewReason', officer: OTHER_REGION, method: 'PUT', path: '/assessments/{completed}/reviews/00000000-0000-4000-8000-0000000000e1/reason', body: { reason: 'Fiktiv motivering' }, answered: 404, action: 'assessment.review', code: 'no_role_for_region', entity: () => ({ type: 'assessment', id: ids.completed }) },
    { operation: 'getReviewBasis', officer: OTHER_REGION, method: 'GET', path: '/assessments/{completed}/review-basis', answered: 404, action: 'assessment.review', code: 'no_role_for_region', entity: () => ({ type: 'assessment', id: ids.completed }) },
    { operation: 'getReviewStatistics', officer: INTAKE, method: 'GET', path: '/statistics/reviews', answered: 403, action: 'figures.read', code: 'figures_roles_only', entity: () => null },
    { operation: 'getWorkList', officer: ANALYST, method: 'GET', path: '/worklist', answered: 403, action: 'worklist.read', code: 'statistics_only', entity: () => null },
    // Issue 16: the RRI log and the figures.
    { operation: 'addRriContact', officer: COLLEAGUE, method: 'POST', path: `/cases/${CASE_NUMBER}/rri/contacts`, body: { contactedOn: '2026-01-10', kind: 'telefon', accepted: true, talksHeld: 1 }, answered: 403, action: 'rri.write', code: 'not_assigned', entity: caseEntity },
    { operation: 'addRriOutcome', officer: INTAKE, method: 'POST', path: `/cases/${CASE_NUMBER}/rri/outcomes`, body: { followedUpOn: '2026-01-10', outcome: 'stopped', source: 'hotaktor' }, answered: 403, action: 'rri.write', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'getRriLog', officer: OTHER_REGION, method: 'GET', path: `/cases/${CASE_NUMBER}/rri`, answered: 404, action: 'rri.read', code: 'no_role_for_region', entity: caseEntity },
    { operation: 'getFigure', officer: INTAKE, method: 'GET', path: '/figures/rri', answered: 403, action: 'figures.read', code: 'figures_roles_only', entity: () => null },
  ];

  it('has a refusal for every operation that can answer forbidden', () => {
    const refusable = API_OPERATIONS.filter((op) => op.problems.includes('forbidden')).map((op) => op.operationId);
    expect([...new Set(REFUSALS.map((r) => r.operation))].sort()).toEqual(refusable.sort());
  });

  it.each(REFUSALS.map((r) => [`${r.operation} by ${r.officer.id}${r.viaBot ? ' via the bot' : ''} → ${r.answered}`, r] as const))(
    'audits %s as one access.denied row and stores nothing else',
    async (_name, refusal) => {
      const path = refusal.path.replace(/\{(\w+)\}/g, (_m, key: keyof typeof ids) => ids[key]);
      const body = refusal.operation === 'createAssessment' ? { ...(refusal.body as object), pack: packBody() } : refusal.body;
      const countsBefore = await tableContents(t.server.database);
      const since = await lastAuditId();

      await expectProblem(await send({ ...refusal, path, body }), refusal.answered, refusal.answered === 404 ? 'not-found' : 'forbidden');

      const { rows } = await t.server.database.query<Record<string, unknown>>(
        'SELECT actor_id, via_id, action, entity_type, entity_id, purpose, detail FROM audit_log WHERE id > $1 ORDER BY id',
        [since],
      );
      const entity = refusal.entity();
      expect(rows).toEqual([
        {
          actor_id: refusal.officer.id,
          via_id: refusal.viaBot ? BOT_SERVICE_ID : null,
          action: 'access.denied',
          entity_type: entity?.type ?? null,
          entity_id: entity?.id ?? null,
          purpose: refusal.purpose ?? operationOf(refusal.operation).purpose,
          detail: { attemptedAction: refusal.action, reason: refusal.code, answeredAs: refusal.answered === 404 ? 'not-found' : 'forbidden' },
        },
      ]);
      const after = await tableContents(t.server.database);
      expect(withoutAuditTrail(after)).toEqual(withoutAuditTrail(countsBefore));
      expect(after['audit_log']!.rows).toBe(countsBefore['audit_log']!.rows + 1);
      // The row names ids and codes only: no label, no case number.
      for (const personal of ['MÄ 1', 'V 1', 'A 1', CASE_NUMBER, UNKNOWN_CASE_NUMBER]) expect(JSON.stringify(rows)).not.toContain(personal);
    },
  );

  it('does not audit a plain not-found, nor a protected person the officer may see', async () => {
    const since = await lastAuditId();
    await expectProblem(await send({ officer: MEMBER, method: 'GET', path: '/persons/00000000-0000-4000-8000-000000000000', headers: { [PURPOSE_HEADER]: PURPOSE } }), 404, 'not-found');
    await expectProblem(await send({ officer: MEMBER, method: 'GET', path: `/cases/${UNKNOWN_CASE_NUMBER}/assessments` }), 404, 'not-found');
    await expectProblem(await send({ officer: MEMBER, method: 'GET', path: '/plans/00000000-0000-4000-8000-000000000000' }), 404, 'not-found');
    await expectJson(await send({ officer: MEMBER, method: 'GET', path: `/persons/${ids.hiddenPerson}`, headers: { [PURPOSE_HEADER]: PURPOSE } }), 200);
    const { rows } = await t.server.database.query<{ action: string }>('SELECT action FROM audit_log WHERE id > $1 ORDER BY id', [since]);
    expect(rows.map((r) => r.action)).toEqual(['person.read']);
  });

  it('answers a hidden person exactly as a missing one', async () => {
    const hidden = await expectProblem(await send({ officer: COLLEAGUE, method: 'GET', path: `/persons/${ids.hiddenPerson}`, headers: { [PURPOSE_HEADER]: PURPOSE } }), 404, 'not-found');
    const missing = await expectProblem(await send({ officer: COLLEAGUE, method: 'GET', path: '/persons/00000000-0000-4000-8000-000000000000', headers: { [PURPOSE_HEADER]: PURPOSE } }), 404, 'not-found');
    expect({ ...hidden, instance: undefined }).toEqual({ ...missing, instance: undefined });
  });

  it('keeps the hash chain intact with the denial rows in it', async () => {
    expect(Number((await t.server.database.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_log WHERE action = 'access.denied'`)).rows[0]!.n)).toBeGreaterThanOrEqual(REFUSALS.length);
    expect(await verifyAuditChain(t.server.database)).toMatchObject({ ok: true });
  });
});
