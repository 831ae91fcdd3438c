// The second look's request and response bodies (issue 15, items 4–5), as
// zod schemas the OpenAPI document is generated from. A review seen against
// the original agrees, or regrades one or more judgements with a reason; a
// blind review grades every judgement the original has before seeing it (the
// original comes back in the answer, never before). Judgement codes are
// checked against the judgement item's answer set in the assessment's pack
// version by the handler.
import { z } from 'zod';
import { JUDGEMENT_KEYS } from '../methodology/sharingDeclaration.js';
import { timestamp } from './caseContract.js';
import { manyLinesText } from './freeText.js';
import { uuidSchema } from './idSchemas.js';
import { policeRegionSchema } from './policeRegions.js';

const code = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'an option code of the judgement');
const gradesSchema = z.partialRecord(z.enum(JUDGEMENT_KEYS), code).refine((g) => Object.keys(g).length > 0, { message: 'at least one judgement' });
const reasonSchema = manyLinesText(1000).min(1);

export const createReviewRequestSchema = z.discriminatedUnion('verdict', [
  z.strictObject({ verdict: z.literal('agree') }),
  z.strictObject({ verdict: z.literal('regrade'), judgements: gradesSchema, reason: reasonSchema }),
  /** Blind: every judgement graded before the original is seen; whether it agrees is worked out, not declared. */
  z.strictObject({ verdict: z.literal('blind'), judgements: gradesSchema, reason: reasonSchema.optional() }),
]);
export type CreateReviewRequest = z.input<typeof createReviewRequestSchema>;

/**
 * The reason for a blind regrade, given once the original is shown beside the reviewer's fixed grades
 * (PUT /assessments/{id}/reviews/{reviewId}/reason): until then the regrade is incomplete.
 */
export const reviewReasonRequestSchema = z.strictObject({ reason: reasonSchema });
export type ReviewReasonRequest = z.input<typeof reviewReasonRequestSchema>;

export const reviewResponseSchema = z.strictObject({
  id: uuidSchema,
  assessmentId: uuidSchema,
  reviewerId: z.string(),
  blind: z.boolean(),
  verdict: z.enum(['agree', 'regrade']),
  /** The reviewer's grade of every judgement. */
  judgements: z.record(z.string(), z.string()),
  /** The original judgements, unchanged by the review. */
  original: z.record(z.string(), z.string()),
  /** The judgements the reviewer graded otherwise. */
  regraded: z.array(z.enum(JUDGEMENT_KEYS)),
  /** Null for an agreement; for a blind regrade, null until the reviewer gives it (reasonPending). */
  reason: z.string().nullable(),
  /** A blind regrade still without its reason: not a complete review yet, and not counted as a regrade in the figures. */
  reasonPending: z.boolean(),
  createdAt: timestamp,
});

export const reviewListResponseSchema = z.strictObject({ items: z.array(reviewResponseSchema) });

/** What a blind reviewer reads before grading: the answers, without the summary judgements and their rationales. */
export const reviewBasisResponseSchema = z.strictObject({
  assessmentId: uuidSchema,
  instrumentId: z.string(),
  pack: z.strictObject({ id: z.string(), version: z.string() }),
  /** The judgements the reviewer grades. */
  judgementKeys: z.array(z.enum(JUDGEMENT_KEYS)),
  answers: z.array(z.strictObject({ itemId: z.string(), value: z.union([z.string(), z.array(z.string())]), rationale: z.string().nullable() })),
});

const rate = z.number().min(0).max(1).nullable();
export const reviewStatisticsResponseSchema = z.strictObject({
  /** Cells with fewer reviews (for kappa: blind reviews) than this show no figures. */
  suppressedBelow: z.number().int(),
  cells: z.array(
    z.strictObject({
      region: policeRegionSchema,
      instrumentId: z.string(),
      /** Complete reviews: a blind regrade still waiting for its reason is not counted (nor in the rates). */
      reviews: z.number().int().nullable(),
      regradeRate: rate,
      judgementAgreement: rate,
      blindReviews: z.number().int().nullable(),
      kappa: z.number().min(-1).max(1).nullable(),
      /** Blind regrades still waiting for their reason (their grades count in kappa, which needs no reason). */
      reasonsPending: z.number().int().nullable(),
    }),
  ),
});
