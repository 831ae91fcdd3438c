// The case-file document's structured twin (GET /assessments/{id}/document,
// Accept: application/json): everything the PDF prints, as data, in the
// wording of the pack version the assessment was made under — so a reader
// years later sees what the officer saw, not what the method says today.
import { z } from 'zod';
import { packRefSchema } from './assessmentContract.js';

const documentItemSchema = z.strictObject({
  itemId: z.string(),
  sectionTitle: z.string(),
  /** The item's wording in that pack version. */
  text: z.string(),
  /** The officer's answer as labels ("Nu: Ja"), never codes; empty when unanswered. */
  answer: z.array(z.string()),
  rationale: z.string().nullable(),
});

export const assessmentDocumentSchema = z.strictObject({
    /** The assessment's id: the reference a case file cites. */
    reference: z.uuid(),
    caseNumber: z.string(),
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
    flags: z.array(z.strictObject({ id: z.string(), message: z.string(), rationaleOn: z.string(), rationale: z.string().nullable() })),
    judgements: z.array(z.strictObject({ kind: z.enum(['overall', 'seriousViolence', 'acute']), text: z.string(), answer: z.string().nullable(), rationale: z.string().nullable() })),
    /** YYYY-MM-DD; null for a draft or an assessment without a judgement that sets one. */
    reassessmentDueOn: z.iso.date().nullable(),
  });
export type AssessmentDocument = z.infer<typeof assessmentDocumentSchema>;
