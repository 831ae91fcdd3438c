// The case-file document's structured twin (GET /assessments/{id}/document,
// Accept: application/json): everything the PDF prints, as data, in the
// wording of the pack version the assessment was made under — so a reader
// years later sees what the officer saw, not what the method says today. Pack
// texts and answer labels are in the document's language (Swedish unless the
// request asks for English); codes (level, status, part, role) stay codes.
import { z } from 'zod';
import { packRefSchema } from './assessmentContract.js';
import { MEASURE_STATUSES, PLAN_PARTS, PLAN_STATUSES, PROTECTABLE_ROLES } from './caseDomain.js';
import { DOCUMENT_LOCALES } from './documentCatalogue.js';

const documentItemSchema = z.strictObject({
  itemId: z.string(),
  sectionTitle: z.string(),
  /** The item's wording in that pack version. */
  text: z.string(),
  /** The officer's answer as labels ("Nu: Ja"), never codes; empty when unanswered. */
  answer: z.array(z.string()),
  rationale: z.string().nullable(),
});

/** One risk factor (SPJ steps 2 and 3): presence now and earlier, and its relevance, as labels. */
const factorSchema = z.strictObject({
  itemId: z.string(),
  /** The factor's short name in that pack version ("Våldshandlingar"). */
  factor: z.string(),
  /** The factor's wording in that pack version. */
  text: z.string(),
  /** Null when the factor is not rated for the period or not answered. */
  now: z.string().nullable(),
  earlier: z.string().nullable(),
  /** Null when the factor was not present (relevance is not asked then) or not answered. */
  relevance: z.string().nullable(),
  /** The item asking the factor's relevance; null when it does not apply (the factor was not present). */
  relevanceItemId: z.string().nullable(),
  rationale: z.string().nullable(),
  relevanceRationale: z.string().nullable(),
});

/** A risk scenario (a section of the instrument about scenarios), its answered items only. */
const scenarioSchema = z.strictObject({
  sectionId: z.string(),
  title: z.string(),
  items: z.array(z.strictObject({ itemId: z.string(), label: z.string(), answer: z.array(z.string()), rationale: z.string().nullable() })),
});

const planMeasureSchema = z.strictObject({
  measureId: z.string(),
  /** The measure's title in the catalogue of the assessment's pack version. */
  title: z.string(),
  status: z.enum(MEASURE_STATUSES),
  /** An officer id or an authority such as 'aklagare'. */
  responsible: z.string(),
  decisionRef: z.string().nullable(),
  /** Who decided, carried out, declined or ended it, and on which day; null while proposed. */
  decidedBy: z.string().nullable(),
  decidedOn: z.iso.date().nullable(),
  followUpOn: z.iso.date().nullable(),
  /** When a time-limited measure (a contact ban) expires. */
  expiresOn: z.iso.date().nullable(),
  declineReason: z.string().nullable(),
});

/** The protection plan answering the assessment: all three parts, each with its measures (empty: none planned). */
const documentPlanSchema = z.strictObject({
  id: z.uuid(),
  status: z.enum(PLAN_STATUSES),
  /** Whom the plan protects, by role only (never a name); null when it names no one. */
  protectedPersonRole: z.enum(PROTECTABLE_ROLES).nullable(),
  /**
   * That person's number among the case's persons of the role, in the case's order, as the reader may
   * see them — as chat numbers them ("målsägande 2", api/personNumbers.ts); null when the role occurs once.
   */
  protectedPersonNumber: z.number().int().min(1).nullable(),
  /** The plan's re-assessment date (YYYY-MM-DD): the method's, or the officer's own. */
  reassessmentOn: z.iso.date().nullable(),
  /** The date the method gives; differs from reassessmentOn when the officer set their own. */
  methodReassessmentOn: z.iso.date().nullable(),
  /** The reason the officer gave for their own date; null when the date is the method's. */
  ownDateReason: z.string().nullable(),
  parts: z.array(z.strictObject({ part: z.enum(PLAN_PARTS), measures: z.array(planMeasureSchema) })),
});

export const assessmentDocumentSchema = z.strictObject({
    /** The assessment's id: the reference a case file cites. */
    reference: z.uuid(),
    caseNumber: z.string(),
    /** The language of the texts and labels: Accept-Language, Swedish by default. */
    language: z.enum(DOCUMENT_LOCALES),
    /** True for a draft (the PDF is marked UTKAST on every page). */
    draft: z.boolean(),
    status: z.enum(['draft', 'completed', 'discarded']),
    level: z.enum(['initial', 'structured', 'in_depth']),
    instrument: z.strictObject({ id: z.string(), title: z.string() }),
    pack: packRefSchema,
    officerId: z.string(),
    startedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    items: z.array(documentItemSchema),
    /** Factor tables, one per section of presence factors (structured instruments); empty for the others. */
    factorTables: z.array(z.strictObject({ sectionId: z.string(), title: z.string(), factors: z.array(factorSchema) })),
    scenarios: z.array(scenarioSchema),
    /** Each consistency flag raised, with the officer's answer to it (the reason on the item it names). */
    flags: z.array(z.strictObject({ id: z.string(), message: z.string(), rationaleOn: z.string(), rationale: z.string().nullable() })),
    judgements: z.array(z.strictObject({ kind: z.enum(['overall', 'seriousViolence', 'acute']), text: z.string(), answer: z.string().nullable(), rationale: z.string().nullable() })),
    /** YYYY-MM-DD by the method's interval; null for a draft or an assessment without a judgement that sets one. */
    reassessmentDueOn: z.iso.date().nullable(),
    /**
     * The protection plan answering this assessment; null when there is none, or when the caller may not
     * read it (a plan protecting a person with protected identity is left out, as GET /plans/{id} hides it).
     */
    plan: documentPlanSchema.nullable(),
  });
export type AssessmentDocument = z.infer<typeof assessmentDocumentSchema>;
export type DocumentPlan = z.infer<typeof documentPlanSchema>;

/** A link to the document's PDF, valid for minutes (POST /assessments/{id}/document-link). */
export const documentLinkResponseSchema = z.strictObject({
  /**
   * Under the API's prefix: /api/v1/document-links/{token}. Opens the PDF once, without a bearer token, as the
   * officer it was issued to: whoever holds it can use it, so it is single-use and expires within minutes.
   */
  path: z.string(),
  expiresAt: z.iso.datetime(),
});
export type DocumentLinkResponse = z.infer<typeof documentLinkResponseSchema>;

/** A link's token: 32 random bytes, base64url. */
export const documentLinkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/).meta({ description: 'The token of a document link' });
