// Issue 14, point 8, over HTTP on both engines: the officer's own
// re-assessment date for a plan (PUT /plans/{id}/reassessment). The method's
// date is the one the plan was made with; a different one — earlier or later —
// needs a written reason (ruleOnOwnDate), none lies in the past, only an
// officer assigned to the case sets it, and each change is audited with the
// dates only. The server's clock stands still (api/clock.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessmentResponseSchema } from '../api/assessmentContract.js';
import { planResponseSchema } from '../api/caseContract.js';
import { provisionOfficer } from '../api/officerAdministration.js';
import { fixedClock } from '../api/clock.js';
import { findInstrument } from '../methodology/methodologySource.js';
import { expectProblem } from './expectProblem.js';
import { scriptedCompletion } from './scriptedCompletion.js';
import { startTestServer, type TestServer } from './testServer.js';
import { DATABASE_ENGINES } from './testDatabases.js';

const TODAY = '2026-12-04';
const OFFICER = { id: 'handlaggare-datum', roles: ['bops_officer' as const], region: 'stockholm' as const };
const COLLEAGUE = { id: 'handlaggare-annan', roles: ['bops_officer' as const], region: 'stockholm' as const };

describe.each(DATABASE_ENGINES)('the officer\'s own re-assessment date on %s', (engine) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ engine, clock: fixedClock(`${TODAY}T10:00:00Z`) });
    for (const o of [OFFICER, COLLEAGUE]) await provisionOfficer(t.server.database, o, { actorId: 'system:own-date-test', viaId: null, purpose: 'fictitious officers' });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });


  /** A completed SARA:SV assessment with its plan, dated by the method. */
  async function planned(caseNumber: string): Promise<{ planId: string; derived: string }> {
    const loaded = t.server.methodology.active('bops-exempel');
    const instrument = findInstrument(loaded, 'sarasv');
    const created = await t.as(OFFICER, 'POST', '/assessments', { caseNumber, level: 'structured', instrumentId: 'sarasv', pack: { id: loaded.pack.id, version: loaded.pack.version, hash: loaded.hash } });
    const { id } = assessmentResponseSchema.parse(await created.json());
    for (const [itemId, answer] of Object.entries(scriptedCompletion(loaded.pack, instrument, [3, 1, 4]))) {
      expect((await t.as(OFFICER, 'PUT', `/assessments/${id}/answers/${itemId}`, { value: answer.value, rationale: answer.rationale ?? null })).status).toBe(204);
    }
    const completed = assessmentResponseSchema.parse(await (await t.as(OFFICER, 'POST', `/assessments/${id}/complete`)).json());
    const derived = completed.derived!.reassessment!.dueOn;
    expect((await t.as(OFFICER, 'PUT', `/cases/${caseNumber}/assignments/${OFFICER.id}`)).status).toBe(200);
    const plan = await t.as(OFFICER, 'POST', `/cases/${caseNumber}/plans`, { assessmentId: id, reassessOn: derived, measures: [] });
    expect(plan.status).toBe(201);
    return { planId: planResponseSchema.parse(await plan.json()).id, derived };
  }

  const dateOf = async (planId: string) => planResponseSchema.parse(await (await t.as(OFFICER, 'GET', `/plans/${planId}`)).json()).reassessment;

  it('takes an earlier or a later date only with a reason, and goes back to the method\'s date without one', async () => {
    const { planId, derived } = await planned(`1400-K0${engine === 'postgres' ? 31 : 32}001-26`);
    expect(await dateOf(planId)).toMatchObject({ dueOn: derived, derivedDueOn: derived, ownDateReason: null, status: 'planned' });
    const earlier = TODAY;
    const later = '2027-06-30';

    const noReason = await expectProblem(await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: earlier }), 422, 'reassessment-date-refused');
    expect(noReason.errors).toMatchObject([{ code: 'earlier_without_reason' }]);
    const laterNoReason = await expectProblem(await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: later, reason: '  ' }), 422, 'reassessment-date-refused');
    expect(laterNoReason.errors).toMatchObject([{ code: 'later_without_reason' }]);
    expect(await dateOf(planId)).toMatchObject({ dueOn: derived, ownDateReason: null });

    const set = await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: earlier, reason: 'Hotaktören friges i morgon.' });
    expect(set.status).toBe(200);
    expect(planResponseSchema.parse(await set.json()).reassessment).toMatchObject({ dueOn: earlier, derivedDueOn: derived, ownDateReason: 'Hotaktören friges i morgon.' });
    expect((await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: later, reason: 'Skyddspersonen är utomlands till juni.' })).status).toBe(200);
    expect(await dateOf(planId)).toMatchObject({ dueOn: later, ownDateReason: 'Skyddspersonen är utomlands till juni.' });

    const back = await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: derived });
    expect(back.status).toBe(200);
    expect(await dateOf(planId)).toMatchObject({ dueOn: derived, ownDateReason: null });

    const { rows } = await t.server.database.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM audit_log WHERE action = 'reassessment.date' AND entity_id = $1 ORDER BY id`,
      [planId],
    );
    expect(rows.map((r) => r.detail)).toEqual([
      { dueOn: earlier, derivedDueOn: derived },
      { dueOn: later, derivedDueOn: derived },
      { dueOn: derived, derivedDueOn: derived },
    ]);
  });

  it('refuses a date in the past, an officer not assigned to the case, and a plan with nothing planned', async () => {
    const { planId } = await planned(`1400-K0${engine === 'postgres' ? 31 : 32}002-26`);
    const past = await expectProblem(await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: '2026-12-03', reason: 'Skäl.' }), 422, 'reassessment-date-refused');
    expect(past.errors).toMatchObject([{ code: 'in_the_past' }]);
    await expectProblem(await t.as(COLLEAGUE, 'PUT', `/plans/${planId}/reassessment`, { dueOn: TODAY, reason: 'Skäl.' }), 403, 'forbidden');
    await t.server.database.query(`UPDATE reassessments SET status = 'cancelled' WHERE plan_id = $1`, [planId]);
    await expectProblem(await t.as(OFFICER, 'PUT', `/plans/${planId}/reassessment`, { dueOn: TODAY, reason: 'Skäl.' }), 409, 'reassessment-not-planned');
  });

  it('cannot store a date other than the method\'s without a reason, whoever writes', async () => {
    const { planId } = await planned(`1400-K0${engine === 'postgres' ? 31 : 32}003-26`);
    await expect(t.server.database.query(`UPDATE reassessments SET due_on = due_on + 1 WHERE plan_id = $1`, [planId])).rejects.toMatchObject({ code: '23514' });
  });
});
