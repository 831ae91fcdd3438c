// What a re-assessment (omprövning, issue 12 item 5) keeps in the runner's
// snapshot: the case's previous completed assessment of the instrument as the
// API gave it — its answers, the day it was completed, its plan's measures and
// re-assessment date — and whether the officer chose to re-assess it (while the
// offer is open, not yet). Validated like the rest of the snapshot.
import { z } from 'zod';

const answerValueSchema = z.union([z.string(), z.array(z.string())]);

export const previousAssessmentSchema = z.object({
  id: z.string(),
  /** The day it was completed (Swedish calendar). */
  completedOn: z.string(),
  answers: z.record(z.string(), z.object({ value: answerValueSchema, rationale: z.string().nullable().optional() })),
  /** The measures of its plan, with the status they have now; empty without a plan. */
  measures: z.array(z.object({ part: z.enum(['skydd', 'stod', 'reducering']), measureId: z.string(), status: z.string() })),
  /** Its plan's re-assessment date: the date this re-assessment is measured against; null without a plan. */
  dueOn: z.string().nullable(),
});
/** The case's latest completed assessment of the instrument: what an omprövning re-examines. */
export type PreviousAssessment = z.infer<typeof previousAssessmentSchema>;

export const reassessmentStateSchema = z.object({
  caseNumber: z.string(),
  previous: previousAssessmentSchema,
  /** False while the officer is offered the choice; true once they chose omprövning (a fresh assessment drops the whole). */
  chosen: z.boolean(),
});
export type ReassessmentState = z.infer<typeof reassessmentStateSchema>;
