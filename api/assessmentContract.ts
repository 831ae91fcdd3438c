// The HTTP contract of the assessment API: zod schemas for every request and
// response body. The routes validate with them and the bot's client parses
// responses with the same schemas, so the two cannot drift apart.
import { z } from 'zod';
import { manyLinesText, oneLineText } from './freeText.js';
import { derivedValuesSchema } from '../methodology/deriveValues.js';
import { ASSESSMENT_MODES, RECORDED_MODES } from './assessmentRepository.js';
import { POLICE_REGIONS } from './policeRegions.js';

/** Header through which a trusted client (the bot) names the officer it acts for. */
export const ON_BEHALF_OF_HEADER = 'bops-on-behalf-of';
/** Header carrying why personal data is consulted; recorded on the audit row. */
export const PURPOSE_HEADER = 'bops-purpose';

/**
 * A case number as the API reads it anywhere: letters and digits in groups joined by hyphens
 * (5000-K123456-25), so no path, markup, control or direction character can pass as one. A new
 * case number must also match the configured pattern (CASE_NUMBER_PATTERN) before it is stored.
 */
export const caseNumberSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$/, 'must be letters and digits in groups joined by hyphens, e.g. 5000-K123456-25')
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
  /** How the dialog asks: one question at a time ('step', the default) or several on a card ('compact'); for the statistics. */
  mode: z.enum(ASSESSMENT_MODES).optional(),
  /** An omprövning: the case's completed assessment of the same instrument that this one re-assesses. */
  reassessmentOf: z.uuid().optional(),
});
export type CreateAssessmentRequest = z.input<typeof createAssessmentRequestSchema>;

export const answerValueSchema = z.union([manyLinesText(4000).min(1), z.array(oneLineText(64)).min(1).max(50)]);

export const saveAnswerRequestSchema = z.strictObject({
  value: answerValueSchema,
  rationale: manyLinesText(4000).nullable().optional(),
  /** The mode the answer was given in; one in the other mode than the assessment's makes it 'mixed'. */
  mode: z.enum(ASSESSMENT_MODES).optional(),
  /** How many answers the officer's one message gave (a compact card: all of them); the pause allowed before it scales with it. */
  answersInMessage: z.number().int().min(1).max(200).optional(),
});
export type SaveAnswerRequest = z.input<typeof saveAnswerRequestSchema>;

const timestamp = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString()));

export const answerResponseSchema = z.object({
  itemId: z.string(),
  // As stored: a response describes what is there, and never fails on what an older version let in.
  value: z.union([z.string(), z.array(z.string())]),
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
  /** When the assessment was started (created). */
  createdAt: timestamp,
  updatedAt: timestamp,
  completedAt: timestamp.nullable(),
  /** When and why the officer discarded the draft (null unless discarded). */
  discardedAt: timestamp.nullable(),
  discardReason: z.string().nullable(),
  /** The case's earlier completed assessment of the same instrument this one re-assesses (omprövning); null otherwise. */
  reassessmentOf: z.uuid().nullable(),
});
export type AssessmentSummaryResponse = z.output<typeof assessmentSummaryResponseSchema>;

export const assessmentResponseSchema = assessmentSummaryResponseSchema.extend({
  /** The newer method version the officer was offered for this draft and answered (moved or stayed); null when never offered. */
  versionChoice: z.string().nullable(),
  /** How the dialog asked: 'step' (one question at a time), 'compact' (cards), or 'mixed' when the officer switched. */
  mode: z.enum(RECORDED_MODES),
  /**
   * The officer's active time in whole seconds: the gaps between the officer's successive writes
   * (creation, answers, completion) of at most 5 minutes per answer the write carried, summed; null
   * for an assessment made before the time was recorded.
   */
  activeSeconds: z.number().int().nonnegative().nullable(),
  answers: z.array(answerResponseSchema),
  /** Rating counts, judgements, flags, suggested measures and the re-assessment date, snapshotted at completion. */
  derived: derivedValuesSchema.nullable(),
});
export type AssessmentResponse = z.output<typeof assessmentResponseSchema>;

/** Why the officer gives up a draft (started by mistake, on the wrong case, twice…); kept on the assessment. */
export const discardAssessmentRequestSchema = z.strictObject({
  reason: manyLinesText(1000).min(1),
});
export type DiscardAssessmentRequest = z.input<typeof discardAssessmentRequestSchema>;

/** The officer's answer to a newer method version for a draft: move to it, or stay on the draft's own. */
export const packVersionChoiceRequestSchema = z.strictObject({
  version: z.string().regex(/^\d+\.\d+\.\d+$/),
  move: z.boolean(),
});
export type PackVersionChoiceRequest = z.input<typeof packVersionChoiceRequestSchema>;

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

/** Query of GET /cases/{caseNumber}/assessments/latest-completed: the instrument whose latest completed assessment is asked for. */
export const latestCompletedQuerySchema = z.strictObject({
  instrumentId: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be an instrument id of the methodology pack'),
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
