// The data of the measures cards' buttons (dialogs/measureDecisionCard.ts):
// open the form of one measure, or save it with the version the form showed —
// so a stale form changes nothing; and end a plan by hand: open its card, end
// it with the reason typed there, or go back. Inputs arrive as strings beside
// the data.
import { z } from 'zod';
import { caseNumberSchema } from '../api/assessmentContract.js';
import { cardInput } from './cardInput.js';

export const MEASURE_DECISION_VERB = 'measureDecision';

/** The form's input ids. */
/** The input id of the reason a plan is ended for. */
export const END_PLAN_INPUT = 'closeReason';

export const MEASURE_INPUTS = { status: 'measureStatus', decidedBy: 'decidedBy', decidedOn: 'decidedOn', decisionRef: 'decisionRef', followUpOn: 'followUpOn', expiresOn: 'expiresOn', declineReason: 'declineReason' } as const;

const ref = { caseNumber: caseNumberSchema, measureId: z.uuid(), version: z.number().int().min(1) };
// As wide as a card's data may be: a text over its field's limit is told by field, with the form again (measureDecisionCommand.ts).
const input = cardInput.optional();

export const measureDecisionSubmitSchema = z.discriminatedUnion('action', [
  z.object({ verb: z.literal(MEASURE_DECISION_VERB), action: z.literal('open'), ...ref }),
  z.object({
    verb: z.literal(MEASURE_DECISION_VERB),
    action: z.literal('save'),
    ...ref,
    measureStatus: input,
    decidedBy: input,
    decidedOn: input,
    decisionRef: input,
    followUpOn: input,
    expiresOn: input,
    declineReason: input,
  }),
  z.object({ verb: z.literal(MEASURE_DECISION_VERB), action: z.literal('endPlan'), caseNumber: caseNumberSchema, planId: z.uuid() }),
  z.object({ verb: z.literal(MEASURE_DECISION_VERB), action: z.literal('confirmEndPlan'), caseNumber: caseNumberSchema, planId: z.uuid(), [END_PLAN_INPUT]: input }),
  z.object({ verb: z.literal(MEASURE_DECISION_VERB), action: z.literal('cancelEndPlan'), caseNumber: caseNumberSchema }),
]);
export type MeasureDecisionSubmit = z.infer<typeof measureDecisionSubmitSchema>;

export function measureDecisionSubmitOf(value: unknown): MeasureDecisionSubmit | undefined {
  const parsed = measureDecisionSubmitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
