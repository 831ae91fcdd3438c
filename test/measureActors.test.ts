// Who is responsible for a measure and who decided it, over HTTP on real
// PostgreSQL and on PGlite: an authority of the code list (DECISION_MAKERS) or
// an officer id. A word of the officer-id shape that is no authority — the
// 'socialtjansten' the demo data once wrote for 'socialtjanst' — is refused
// with a validation problem naming the field, and nothing is stored: not the
// plan, not the measure, not the decision. What the bot sends (the officer's own
// id as responsible, the catalogue's decider) keeps working. Officers and cases
// are fictitious.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { expectJson } from './expectJson.js';
import { expectProblem } from './expectProblem.js';
import { planWithMeasures } from './planWithMeasures.js';
import { DATABASE_ENGINES } from './testDatabases.js';
import { startTestServer, type TestOfficer, type TestServer } from './testServer.js';

const OFFICER: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000c101', roles: ['bops_officer'], region: 'vast' };
const COLLEAGUE: TestOfficer = { id: 'f0000000-0000-4000-8000-00000000c102', roles: ['bops_officer'], region: 'vast' };
/** An officer id as the chat makes it in dev mode (bot/officerIdentity.ts). */
const DEV_OFFICER_ID = 'dev:fiktiv-kollega';
const CASE_NUMBER = '0000-K000102-26';

interface Measure {
  id: string;
  measureId: string;
  status: string;
  responsible: string;
  decidedBy: string | null;
  version: number;
}
interface Plan {
  id: string;
  measures: Measure[];
}

describe.each(DATABASE_ENGINES)('a measure\'s responsible and decider on %s', (engine) => {
  let t: TestServer;
  let plan: Plan;
  const plans = async () => (await expectJson<{ items: Plan[] }>(await t.as(OFFICER, 'GET', `/cases/${CASE_NUMBER}/plans`), 200)).items;

  beforeAll(async () => {
    t = await startTestServer({ engine });
    await t.provision([OFFICER, COLLEAGUE]);
    // As the chat saves a plan: the officer responsible for each measure.
    await planWithMeasures(t, { caseNumber: CASE_NUMBER, responsible: OFFICER, assignedBy: COLLEAGUE, catalogue: [{ part: 'stod', id: 'skyddat_boende' }] });
    plan = (await plans())[0]!;
  }, 60_000);
  afterAll(() => t?.close());

  it('refuses a plan whose measure names an authority not on the code list, and stores no plan', async () => {
    const again = await completeStructuredAssessment(t.server, { caseNumber: CASE_NUMBER, region: OFFICER.region, officerId: OFFICER.id, instrumentId: 'sarasv', judgements: { overall: 'medel' } });
    const refused = await expectProblem(
      await t.as(OFFICER, 'POST', `/cases/${CASE_NUMBER}/plans`, {
        assessmentId: again.id,
        reassessOn: '2030-06-01',
        measures: [{ part: 'skydd', measureId: 'larmpaket', responsible: OFFICER.id }, { part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjansten' }],
      }),
      400,
      'validation',
    );
    expect(refused.errors?.map((e) => e.path)).toEqual([['body', 'measures', 1, 'responsible']]);
    expect(refused.errors?.[0]?.message).toContain('socialtjanst');
    expect((await plans()).map((p) => p.id)).toEqual([plan.id]);
  });

  it('refuses a measure added with such a responsible, stores none, and takes the code list\'s authority or an officer id', async () => {
    const refused = await expectProblem(await t.as(OFFICER, 'POST', `/plans/${plan.id}/measures`, { part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjansten' }), 400, 'validation');
    expect(refused.errors?.map((e) => e.path)).toEqual([['body', 'responsible']]);
    expect((await plans())[0]!.measures.map((m) => m.measureId)).toEqual(['skyddat_boende']);

    const authority = await expectJson<Measure>(await t.as(OFFICER, 'POST', `/plans/${plan.id}/measures`, { part: 'stod', measureId: 'socialtjanst', responsible: 'socialtjanst' }), 201);
    expect(authority.responsible).toBe('socialtjanst');
    for (const [measureId, officerId] of [['larmpaket', COLLEAGUE.id], ['sakerhetssamtal', DEV_OFFICER_ID]] as const) {
      const officers = await expectJson<Measure>(await t.as(OFFICER, 'POST', `/plans/${plan.id}/measures`, { part: 'skydd', measureId, responsible: officerId }), 201);
      expect(officers.responsible).toBe(officerId);
    }
  });

  it('refuses a decision by an authority not on the code list and leaves the measure as it was; records the catalogue\'s decider', async () => {
    const housing = plan.measures.find((m) => m.measureId === 'skyddat_boende')!;
    const decision = { status: 'decided', followUpOn: '2030-03-01', decisionRef: 'Fiktiv-102' };
    const refused = await expectProblem(await t.as(OFFICER, 'PUT', `/measures/${housing.id}/status`, { ...decision, decidedBy: 'socialtjansten' }), 400, 'validation');
    expect(refused.errors?.map((e) => e.path)).toEqual([['body', 'decidedBy']]);
    const unchanged = (await plans())[0]!.measures.find((m) => m.id === housing.id)!;
    expect(unchanged).toMatchObject({ status: 'proposed', decidedBy: null, version: housing.version });

    // What the decision card sends: the catalogue's decider.
    const decided = await expectJson<Measure>(await t.as(OFFICER, 'PUT', `/measures/${housing.id}/status`, { ...decision, decidedBy: 'socialtjanst' }), 200);
    expect(decided).toMatchObject({ status: 'decided', decidedBy: 'socialtjanst' });
  });
});
