// The data of the RRI card's two buttons (dialogs/rriCard.ts): record a
// contact or an outcome in the case the card shows. Inputs arrive as strings
// beside the data; dialogs/rriCommand.ts reads them.
import { z } from 'zod';
import { caseNumberSchema } from '../api/assessmentContract.js';

export const RRI_VERB = 'rriRecord';

/** The forms' input ids (distinct from every other card's). */
export const RRI_INPUTS = {
  contactDate: 'rriContactDate',
  kind: 'rriKind',
  answer: 'rriAnswer',
  talks: 'rriTalks',
  outcomeDate: 'rriOutcomeDate',
  outcome: 'rriOutcome',
  source: 'rriSource',
} as const;

const input = z.string().max(200).optional();

export const rriSubmitSchema = z.object({
  verb: z.literal(RRI_VERB),
  action: z.enum(['contact', 'outcome']),
  caseNumber: caseNumberSchema,
  rriContactDate: input,
  rriKind: input,
  rriAnswer: input,
  rriTalks: input,
  rriOutcomeDate: input,
  rriOutcome: input,
  rriSource: input,
});
export type RriSubmit = z.infer<typeof rriSubmitSchema>;

export function rriSubmitOf(value: unknown): RriSubmit | undefined {
  const parsed = rriSubmitSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
