// The HTTP contract of the assessment API: zod schemas for every request and
// response body. The routes validate with them and the bot's client parses
// responses with the same schemas, so the two cannot drift apart.
import { z } from 'zod';
import { derivedValuesSchema } from '../methodology/deriveValues.js';
import { POLICE_REGIONS } from './policeRegions.js';

export const API_PREFIX = '/api/v1';

/** Header through which a trusted client (the bot) names the officer it acts for. */
export const ON_BEHALF_OF_HEADER = 'bops-on-behalf-of';
/** Header carrying why personal data is consulted; recorded on the audit row. */
export const PURPOSE_HEADER = 'bops-purpose';

export const caseNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  // Postgres text cannot hold NUL; control characters are never part of a case number.
  .regex(/^\P{Cc}+$/u, 'must not contain control characters')
  .transform((s) => s.toUpperCase());

export const packRefSchema = z.strictObject({
  id: z.string().min(1).max(64),
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});

export const createAssessmentRequestSchema = z.strictObject({
  caseNumber: caseNumberSchema,
  level: z.enum(['initial', 'structured', 'in_depth']),
  instrumentId: z.string().min(1).max(64),
  pack: packRefSchema,
});
export type CreateAssessmentRequest = z.input<typeof createAssessmentRequestSchema>;

export const answerValueSchema = z.union([z.string().min(1).max(4000), z.array(z.string().min(1).max(64)).min(1).max(50)]);

export const saveAnswerRequestSchema = z.strictObject({
  value: answerValueSchema,
  rationale: z.string().max(4000).nullable().optional(),
});
export type SaveAnswerRequest = z.input<typeof saveAnswerRequestSchema>;

const timestamp = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString()));

export const answerResponseSchema = z.object({
  itemId: z.string(),
  value: answerValueSchema,
  rationale: z.string().nullable(),
  answeredBy: z.string(),
  answeredAt: timestamp,
});

export const assessmentSummaryResponseSchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  region: z.enum(POLICE_REGIONS),
  level: z.enum(['initial', 'structured', 'in_depth']),
  instrumentId: z.string(),
  pack: packRefSchema,
  status: z.enum(['draft', 'completed', 'discarded']),
  officerId: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.nullable(),
  /** When and why the officer discarded the draft (null unless discarded). */
  discardedAt: timestamp.nullable(),
  discardReason: z.string().nullable(),
});
export type AssessmentSummaryResponse = z.output<typeof assessmentSummaryResponseSchema>;

export const assessmentResponseSchema = assessmentSummaryResponseSchema.extend({
  answers: z.array(answerResponseSchema),
  /** Rating counts, judgements, flags, suggested measures and the re-assessment date, snapshotted at completion. */
  derived: derivedValuesSchema.nullable(),
});
export type AssessmentResponse = z.output<typeof assessmentResponseSchema>;

/** Why the officer gives up a draft (started by mistake, on the wrong case, twice…); kept on the assessment. */
export const discardAssessmentRequestSchema = z.strictObject({
  reason: z.string().trim().min(1).max(1000),
});
export type DiscardAssessmentRequest = z.input<typeof discardAssessmentRequestSchema>;

export const assessmentListResponseSchema = z.object({
  items: z.array(assessmentSummaryResponseSchema),
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});

export const CASE_LIST_DEFAULT_LIMIT = 50;
export const CASE_LIST_MAX_LIMIT = 100;

/** Query of GET /cases/{caseNumber}/assessments: page size and the cursor from the previous page. */
export const caseAssessmentsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(CASE_LIST_MAX_LIMIT).default(CASE_LIST_DEFAULT_LIMIT),
  cursor: z.string().min(1).max(200).optional(),
});

export const auditEntryResponseSchema = z.object({
  id: z.string(),
  at: timestamp,
  actorId: z.string(),
  viaId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  purpose: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

export const auditTrailResponseSchema = z.object({ items: z.array(auditEntryResponseSchema) });
