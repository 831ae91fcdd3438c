// The HTTP contract of taking a referral (POST /api/v1/referrals/{id}/take,
// issue 12, item 1): the first Bops officer of the region who takes it is
// assigned to the case; a repeat by the same officer answers the same, and
// anyone later gets 409 referral-taken (a closed case: case-closed).
import { z } from 'zod';
import { JUDGEMENT_KEYS } from '../methodology/sharingDeclaration.js';
import { MEASURE_STATUSES, PLAN_PARTS } from './caseDomain.js';
import { manyLinesText } from './freeText.js';

export const takeReferralResponseSchema = z.object({
  id: z.uuid(),
  /** 'bops': a referral to Bops; 'in_depth': an escalation to the specialists. */
  kind: z.enum(['bops', 'in_depth']),
  /** An escalation's handover note and its structured assessment's overall judgement, for the specialist who took it. */
  note: z.string().nullable(),
  judgement: z.string().nullable(),
  caseNumber: z.string(),
  referredAt: z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString())),
  /** 'taken': this request assigned the officer; 'already_yours': an earlier one did, nothing was written. */
  outcome: z.enum(['taken', 'already_yours']),
});
export type TakeReferralResponse = z.output<typeof takeReferralResponseSchema>;

/**
 * POST /api/v1/cases/{caseNumber}/escalations (issue 12, item 6): the handover note for the specialist —
 * never empty (as the chat asks, and referrals.note holds 1–2000 characters or none).
 */
export const escalateRequestSchema = z.strictObject({ note: manyLinesText(2000).min(1, 'write a handover note') });
export type EscalateRequest = z.input<typeof escalateRequestSchema>;

export const escalationResponseSchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  /** 'created': handed over now; 'exists': the latest structured assessment was escalated already (nothing written). */
  outcome: z.enum(['created', 'exists']),
});

/** GET /api/v1/cases/{caseNumber}/escalation: what a specialist sees on opening the in-depth assessment (item 6). */
export const escalationViewResponseSchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  escalatedAt: z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString())),
  /** The structured assessment's overall judgement code (e.g. 'hog'), null when it has none. */
  judgement: z.string().nullable(),
  note: z.string().nullable(),
  /** Whether the caller took it (null: no one yet). */
  takenByYou: z.boolean().nullable(),
  /**
   * The escalated structured assessment's result: its summary judgements, the factors it judged present
   * (presence item ids of that pack version, with the relevance code given) and its plan's measures —
   * codes and ids only, never free text.
   */
  structured: z.object({
    assessmentId: z.uuid(),
    instrumentId: z.string(),
    pack: z.object({ id: z.string(), version: z.string() }),
    completedAt: z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString())),
    judgements: z.partialRecord(z.enum(JUDGEMENT_KEYS), z.string()),
    factors: z.array(z.object({ itemId: z.string(), relevance: z.string().nullable() })),
    measures: z.array(z.object({ part: z.enum(PLAN_PARTS), measureId: z.string(), status: z.enum(MEASURE_STATUSES) })),
  }),
});
export type EscalationViewResponse = z.output<typeof escalationViewResponseSchema>;
