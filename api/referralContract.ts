// The HTTP contract of taking a referral (POST /api/v1/referrals/{id}/take,
// issue 12, item 1): the first Bops officer of the region who takes it is
// assigned to the case; a repeat by the same officer answers the same, and
// anyone later gets 409 referral-taken (a closed case: case-closed).
import { z } from 'zod';

export const takeReferralResponseSchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  referredAt: z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString())),
  /** 'taken': this request assigned the officer; 'already_yours': an earlier one did, nothing was written. */
  outcome: z.enum(['taken', 'already_yours']),
});
export type TakeReferralResponse = z.output<typeof takeReferralResponseSchema>;
