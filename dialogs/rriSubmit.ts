// The data of the RRI card's two buttons (dialogs/rriCard.ts): record a
// contact or an outcome in the case the card shows. Inputs arrive as strings
// beside the data; dialogs/rriCommand.ts reads them.
import { z } from 'zod';
import { caseNumberSchema } from '../api/assessmentContract.js';
import { cardInput } from './cardInput.js';

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

// As wide as a card's data may be: a value that is none of the card's is named by the command, with the card again.
const input = cardInput.optional();

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
