// The HTTP contract of the case domain: zod schemas for cases, the persons in
// them, assignments, protection plans and measures. Routes validate requests
// with them and parse their own responses through them, so the API never
// answers with a shape it did not declare. Rule breaks come back as issues
// ({code, path, message}) a client can branch on.
import { z } from 'zod';
import { caseNumberSchema } from './assessmentContract.js';
import { RECORDED_MODES } from './assessmentRepository.js';
import { manyLinesText, oneLineText, PERSONAL_NUMBER_SHAPE } from './freeText.js';
import { measureActorSchema } from './measureActorSchema.js';
import {
  CASE_STATUSES,
  DECIDED_MEASURE_STATUSES,
  MEASURE_STATUSES,
  PERSON_ROLES,
  PLAN_PARTS,
  PLAN_STATUSES,
  PROTECTED_ACCESS_KINDS,
  REASSESSMENT_STATUSES,
  RUNNING_MEASURE_STATUSES,
  VIOLENCE_TYPES,
  type MeasureStatus,
} from './caseDomain.js';
import { POLICE_REGIONS, policeRegionSchema } from './policeRegions.js';

export const timestamp = z.union([z.date(), z.string()]).transform((v) => (typeof v === 'string' ? v : v.toISOString()));
// Years Postgres' date type and any real plan can hold; '0000-01-01' is valid ISO but not a Postgres date.
const isoDate = z.iso.date().refine((d) => d >= '1900-01-01' && d <= '2199-12-31', 'must be a date between 1900 and 2199');

export const measureIdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a measure id of the methodology catalogue');

export const personLabelSchema = oneLineText(40).refine((label) => !PERSONAL_NUMBER_SHAPE.test(label), {
    message: 'a label is a pseudonym such as "MÄ 1"; it must not hold a personal identity number',
  });

export const createCaseRequestSchema = z.strictObject({
  caseNumber: caseNumberSchema,
  /** Defaults to the officer's own region; only a national role may name another. */
  region: policeRegionSchema.optional(),
  violenceType: z.enum(VIOLENCE_TYPES).nullable().default(null),
});
export type CreateCaseRequest = z.input<typeof createCaseRequestSchema>;

export const caseResponseSchema = z.object({
  id: z.uuid(),
  caseNumber: z.string(),
  region: z.enum(POLICE_REGIONS),
  violenceType: z.enum(VIOLENCE_TYPES).nullable(),
  status: z.enum(CASE_STATUSES),
  createdAt: timestamp,
  closedAt: timestamp.nullable(),
  assignedOfficerIds: z.array(z.string()),
  /**
   * The assigned officers who may see the case's protected persons, how, since when and by whom:
   * assigned by a cleared officer of the region, recorder of the case's first protected person, or
   * their own break-glass — with the reason they gave, for the case's officers to judge.
   */
  protectedAccess: z.array(
    z.object({ officerId: z.string(), kind: z.enum(PROTECTED_ACCESS_KINDS), at: timestamp, grantedBy: z.string(), reason: z.string().nullable() }),
  ),
  /** Bumped by every change the case shows — status, violence type, an officer assigned, protected access — and sent as the ETag. */
  version: z.number().int().min(1),
});

/**
 * PATCH of a case: its status (intake → bops → closed; closed → bops reopens;
 * see api/caseChangeRules.ts) and/or its violence type, which is unknown at
 * intake. A field left out stays as it is.
 */
export const changeCaseRequestSchema = z
  .strictObject({
    status: z.enum(CASE_STATUSES).optional(),
    violenceType: z.enum(VIOLENCE_TYPES).optional(),
  })
  .refine((change) => change.status !== undefined || change.violenceType !== undefined, { message: 'name a status, a violence type or both' });
export type ChangeCaseRequest = z.input<typeof changeCaseRequestSchema>;

/**
 * Break-glass: why the officer must see the case's protected persons now. Kept on their assignment,
 * shown to every reader of the case and kept in the audit row, so it must say why without saying who:
 * no personal identity number.
 */
export const breakGlassRequestSchema = z.strictObject({
  reason: manyLinesText(1000)
    .min(1)
    .refine((reason) => !PERSONAL_NUMBER_SHAPE.test(reason), { message: 'say why without naming the person: no personal identity number' }),
});
export type BreakGlassRequest = z.input<typeof breakGlassRequestSchema>;

export const addPersonRequestSchema = z.strictObject({
  role: z.enum(PERSON_ROLES),
  label: personLabelSchema,
  protectedIdentity: z.boolean().default(false),
});
export type AddPersonRequest = z.input<typeof addPersonRequestSchema>;

export const personResponseSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  role: z.enum(PERSON_ROLES),
  label: z.string(),
  protectedIdentity: z.boolean(),
  createdBy: z.string(),
  createdAt: timestamp,
});
export const personListResponseSchema = z.object({ items: z.array(personResponseSchema) });

/** A decided measure names its decision; a running one has a follow-up date. */
function measureRules(value: { status: MeasureStatus; followUpOn?: string | null | undefined; decisionRef?: string | null | undefined }, ctx: z.RefinementCtx): void {
  if ((DECIDED_MEASURE_STATUSES as readonly string[]).includes(value.status) && !value.decisionRef) {
    ctx.addIssue({ code: 'custom', path: ['decisionRef'], message: `a ${value.status} measure needs the reference of its decision` });
  }
  if ((RUNNING_MEASURE_STATUSES as readonly string[]).includes(value.status) && !value.followUpOn) {
    ctx.addIssue({ code: 'custom', path: ['followUpOn'], message: `a ${value.status} measure needs a follow-up date` });
  }
}

const decisionRefSchema = oneLineText(80).nullable().default(null);

export const addMeasureRequestSchema = z
  .strictObject({
    part: z.enum(PLAN_PARTS),
    measureId: measureIdSchema,
    /** An officer id or an authority of the code list ('aklagare', 'socialtjanst'); never a person in the case. */
    responsible: measureActorSchema,
    status: z.enum(MEASURE_STATUSES).default('proposed'),
    followUpOn: isoDate.nullable().default(null),
    decisionRef: decisionRefSchema,
  })
  .superRefine(measureRules);
export type AddMeasureRequest = z.input<typeof addMeasureRequestSchema>;

export const changeMeasureRequestSchema = z
  .strictObject({
    status: z.enum(MEASURE_STATUSES),
    followUpOn: isoDate.nullable().default(null),
    decisionRef: decisionRefSchema,
    // Issue 12, item 7: who decided (an officer id or an authority such as 'aklagare') and on which
    // day — by default what was recorded, else the acting officer today; why it was declined; when a
    // time-limited measure (a contact ban) expires.
    decidedBy: measureActorSchema.optional(),
    decidedOn: isoDate.optional(),
    declineReason: manyLinesText(1000).min(1).optional(),
    expiresOn: isoDate.nullable().default(null),
  })
  .superRefine(measureRules)
  .superRefine((value, ctx) => {
    if (value.status === 'declined' && !value.declineReason) ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'a declined measure needs the reason it was declined' });
    if (value.status !== 'declined' && value.declineReason) ctx.addIssue({ code: 'custom', path: ['declineReason'], message: 'only a declined measure has a reason for declining' });
  });
export type ChangeMeasureRequest = z.input<typeof changeMeasureRequestSchema>;

export const createPlanRequestSchema = z.strictObject({
  assessmentId: z.uuid(),
  protectedPersonId: z.uuid().nullable().default(null),
  reassessOn: isoDate,
  measures: z.array(addMeasureRequestSchema).max(50).default([]),
});
export type CreatePlanRequest = z.input<typeof createPlanRequestSchema>;

export const measureResponseSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  part: z.enum(PLAN_PARTS),
  measureId: z.string(),
  status: z.enum(MEASURE_STATUSES),
  responsible: z.string(),
  followUpOn: isoDate.nullable(),
  decisionRef: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedOn: isoDate.nullable(),
  declineReason: z.string().nullable(),
  expiresOn: isoDate.nullable(),
  /** Bumped by every change; also sent as the ETag of a change. */
  version: z.number().int().min(1),
  updatedBy: z.string(),
  updatedAt: timestamp,
});

export const planResponseSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  assessmentId: z.uuid(),
  protectedPersonId: z.uuid().nullable(),
  /**
   * Whom the plan protects, by role (never a name), whether their identity is protected, and their number
   * among the case's persons of that role as the caller may see them — as chat names persons
   * ("målsägande 2", api/personNumbers.ts); null when the role occurs once. Roles are read, not labels:
   * no person read.
   */
  protectedPerson: z.object({ role: z.enum(PERSON_ROLES), protectedIdentity: z.boolean(), number: z.number().int().min(1).nullable() }).nullable(),
  status: z.enum(PLAN_STATUSES),
  createdBy: z.string(),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** When the plan closed (a later plan took over, its case closed, or an officer ended it); null while active. */
  closedAt: timestamp.nullable(),
  /** Why an officer ended the plan by hand (closePlan); null for a plan closed otherwise, or active. */
  closeReason: z.string().nullable(),
  measures: z.array(measureResponseSchema),
  /** The parts (Skydd, Stöd, Reducering) with no measure yet: a complete plan covers all three. */
  missingParts: z.array(z.enum(PLAN_PARTS)),
  /**
   * The plan's re-assessment: the planned one, else the latest — the date in force, the date the plan was
   * made with (the method's), and the officer's reason when the two differ (issue 14). Once done (a later
   * assessment's plan took over): which assessment did it, on which day, and how many days from the due
   * date — negative when early.
   */
  reassessment: z
    .object({
      id: z.uuid(),
      dueOn: isoDate,
      status: z.enum(REASSESSMENT_STATUSES),
      derivedDueOn: isoDate,
      ownDateReason: z.string().nullable(),
      doneAssessmentId: z.uuid().nullable(),
      doneOn: isoDate.nullable(),
      daysFromDue: z.number().int().nullable(),
    })
    .nullable(),
});

/**
 * The officer's own re-assessment date for a plan: any date from today on; one that differs from the
 * method's (the date the plan was made with) needs the reason — earlier or later alike, since the case
 * file must say why the method's date was not kept.
 */
export const setReassessmentDateRequestSchema = z.strictObject({
  dueOn: isoDate,
  reason: manyLinesText(1000).nullable().default(null),
});
export type SetReassessmentDateRequest = z.input<typeof setReassessmentDateRequestSchema>;

/** Whom the plan protects (issue 12, item 8): a person of the plan's case in a role a plan protects, or null for no one named. */
export const setProtectedPersonRequestSchema = z.strictObject({
  personId: z.uuid().nullable(),
});
export type SetProtectedPersonRequest = z.input<typeof setProtectedPersonRequestSchema>;

/**
 * Why the officer ends an active plan by hand (the person no longer needs it, an omprövning named someone
 * else). Kept on the plan's row for the case file, never in the audit row; it says why without saying
 * who: no personal identity number.
 */
export const closePlanRequestSchema = z.strictObject({
  reason: manyLinesText(1000)
    .min(1)
    .refine((reason) => !PERSONAL_NUMBER_SHAPE.test(reason), { message: 'say why without naming the person: no personal identity number' }),
});
export type ClosePlanRequest = z.input<typeof closePlanRequestSchema>;

export const planListResponseSchema = z.object({ items: z.array(planResponseSchema) });

/** Counts below this are left out (null): a cell of one or two cases could point at a person. */
export const SMALL_COUNT_LIMIT = 5;
const suppressedCount = z.number().int().min(SMALL_COUNT_LIMIT).nullable();

/** National aggregates for analysts: where practice diverges between regions, and what measures (RRI among them) lead to. */
export const caseStatisticsResponseSchema = z.object({
  suppressedBelow: z.literal(SMALL_COUNT_LIMIT),
  cases: z.array(z.object({ region: z.enum(POLICE_REGIONS), violenceType: z.enum(VIOLENCE_TYPES).nullable(), status: z.enum(CASE_STATUSES), count: suppressedCount })),
  measures: z.array(z.object({ region: z.enum(POLICE_REGIONS), part: z.enum(PLAN_PARTS), measureId: z.string(), status: z.enum(MEASURE_STATUSES), count: suppressedCount })),
  /**
   * Issue 13, item 6: the officer's active minutes per completed assessment, per instrument and mode
   * ('step' or 'compact'), median and mean to one decimal; assessments made before the time was
   * recorded are left out. A small group's minutes are suppressed with its count.
   */
  assessmentMinutes: z.array(
    z.object({ instrumentId: z.string(), mode: z.enum(RECORDED_MODES), count: suppressedCount, medianMinutes: z.number().nullable(), meanMinutes: z.number().nullable() }),
  ),
});
