// The HTTP contract of the work list (GET /api/v1/worklist): one page of what
// the calling officer has to do, most urgent first, each row a kind of work
// with what its action needs (api/workItem.ts).
import { z } from 'zod';
import { MEASURE_STATUSES, PERSON_ROLES, PLAN_PARTS } from './caseDomain.js';
import { WORK_ITEM_KINDS } from './workItem.js';

export const WORK_LIST_MAX_LIMIT = 50;
export const WORK_LIST_DEFAULT_LIMIT = 10;
/** Work due up to this many days ahead is on the list already; overdue work stays until done. */
export const WORK_LIST_HORIZON_DAYS = 7;

export const workListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(WORK_LIST_MAX_LIMIT).default(WORK_LIST_DEFAULT_LIMIT),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  /** Only this kind of work ("mina utkast": draft). */
  kind: z.enum(WORK_ITEM_KINDS).optional(),
});
export type WorkListQuery = z.input<typeof workListQuerySchema>;

const isoDate = z.iso.date();
const base = {
  caseNumber: z.string(),
  caseId: z.uuid(),
  latestJudgement: z.string().nullable(),
  /** Due before today. */
  overdue: z.boolean(),
};

/**
 * Whom a plan's row is about, by role, its number among the case's persons of that role (null: the
 * only one) and protected identity — present only when the case has more than one active plan the
 * caller may see; null when the plan names no one. Never a label.
 */
const protects = z.object({ role: z.enum(PERSON_ROLES), number: z.number().int().min(1).nullable(), protectedIdentity: z.boolean() }).nullable().optional();

const instant = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString()));

export const workItemResponseSchema = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('referral'),
    dueOn: isoDate,
    referralId: z.uuid(),
    handover: z.enum(['bops', 'in_depth']),
    referredAt: instant,
    /** Taken by the caller and its assessment not begun: due within the target time. */
    takenByYou: z.boolean(),
  }),
  z.object({
    ...base,
    kind: z.literal('draft'),
    dueOn: z.null(),
    assessmentId: z.uuid(),
    level: z.enum(['initial', 'structured', 'in_depth']),
    instrumentId: z.string(),
    version: z.number().int().min(1),
    updatedAt: z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString())),
  }),
  z.object({ ...base, kind: z.literal('reassessment'), dueOn: isoDate, planId: z.uuid(), protects }),
  /** A review of the caller's own assessment they were not told of: shown by the row's button, which takes it off. */
  z.object({ ...base, kind: z.literal('review'), dueOn: z.null(), assessmentId: z.uuid(), reviewId: z.uuid(), verdict: z.enum(['agree', 'regrade']) }),
  z.object({
    ...base,
    kind: z.literal('measure_follow_up'),
    dueOn: isoDate,
    planId: z.uuid(),
    protects,
    /** Every measure of the plan due that day: one piece of work. */
    measures: z.array(z.object({ measureId: z.uuid(), catalogueId: z.string(), part: z.enum(PLAN_PARTS), status: z.enum(MEASURE_STATUSES) })).min(1),
  }),
]);
export type WorkItemResponse = z.output<typeof workItemResponseSchema>;

export const workListResponseSchema = z.object({
  /** The date the list was made for (Europe/Stockholm). */
  today: isoDate,
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  items: z.array(workItemResponseSchema),
  /** The offset of the next page; null on the last. */
  nextOffset: z.number().int().min(0).nullable(),
});
export type WorkListResponse = z.output<typeof workListResponseSchema>;
