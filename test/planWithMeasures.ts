// A case with a protection plan whose measures have a follow-up date, for the
// tests of what the follow-up sets off (reminders, reminder cards): made as
// officers make it, over the API, except the assessment, which is given
// completed (see completeStructuredAssessment.ts).
import { completeStructuredAssessment } from './completeStructuredAssessment.js';
import { expectJson } from './expectJson.js';
import type { TestOfficer, TestServer } from './testServer.js';

export interface PlanWithMeasures {
  caseNumber: string;
  /** The plan's measures in the order the API lists them (an order of its own, not the request's). */
  measureIds: string[];
  /** The plan's measures by catalogue id. */
  measureIdOf: Record<string, string>;
}

/**
 * Creates the case as `responsible`, has `assignedBy` (a Bops colleague of the region) assign it to them,
 * completes a structured assessment and makes a plan (reassessment on 2030-06-01) whose measures
 * (`catalogue`, by default RRI) are theirs and followed up on 2030-03-01.
 */
export async function planWithMeasures(
  t: TestServer,
  plan: { caseNumber: string; responsible: TestOfficer; assignedBy: TestOfficer; catalogue?: { part: string; id: string }[] },
): Promise<PlanWithMeasures> {
  const { caseNumber, responsible, assignedBy, catalogue = [{ part: 'reducering', id: 'rri' }] } = plan;
  await expectJson(await t.as(responsible, 'POST', '/cases', { caseNumber, violenceType: 'nara_relation' }), 201);
  await expectJson(await t.as(assignedBy, 'PUT', `/cases/${caseNumber}/assignments/${responsible.id}`), 200);
  const assessment = await completeStructuredAssessment(t.server, { caseNumber, region: responsible.region, officerId: responsible.id, instrumentId: 'sara-sv', judgements: { overall: 'hog' } });
  const made = await expectJson<{ measures: { id: string; measureId: string }[] }>(
    await t.as(responsible, 'POST', `/cases/${caseNumber}/plans`, {
      assessmentId: assessment.id,
      protectedPersonId: null,
      reassessOn: '2030-06-01',
      measures: catalogue.map((m) => ({ part: m.part, measureId: m.id, responsible: responsible.id, followUpOn: '2030-03-01' })),
    }),
    201,
  );
  return { caseNumber, measureIds: made.measures.map((m) => m.id), measureIdOf: Object.fromEntries(made.measures.map((m) => [m.measureId, m.id])) };
}
