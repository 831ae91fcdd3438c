// The data of the cards that choose whom a protection plan protects
// (dialogs/planPersonCard.ts): before a completed assessment's plan is saved
// ('create': the answer saves it), and on an active plan from the measures card
// ('open' the choice, 'set' it). The choice arrives as an input beside the
// data: a person's id, or NO_PERSON for "ingen angiven".
import { z } from 'zod';
import { caseNumberSchema } from '../api/assessmentContract.js';

export const PLAN_PERSON_VERB = 'planPerson';
/** The choice's input id. */
export const PLAN_PERSON_INPUT = 'protectedPerson';
/** The choice "ingen angiven": the plan names no protected person. */
export const NO_PERSON = 'none';

const chosen = z.string().max(100).optional();

export const planPersonSubmitSchema = z.discriminatedUnion('action', [
  z.object({ verb: z.literal(PLAN_PERSON_VERB), action: z.literal('create'), caseNumber: caseNumberSchema, assessmentId: z.uuid(), recordCase: z.boolean(), [PLAN_PERSON_INPUT]: chosen }),
  z.object({ verb: z.literal(PLAN_PERSON_VERB), action: z.literal('open'), caseNumber: caseNumberSchema, planId: z.uuid() }),
  z.object({ verb: z.literal(PLAN_PERSON_VERB), action: z.literal('set'), caseNumber: caseNumberSchema, planId: z.uuid(), [PLAN_PERSON_INPUT]: chosen }),
]);
export type PlanPersonSubmit = z.infer<typeof planPersonSubmitSchema>;

export function planPersonSubmitOf(value: unknown): PlanPersonSubmit | undefined {
  const parsed = planPersonSubmitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
