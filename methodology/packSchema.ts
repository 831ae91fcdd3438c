// The shape of a methodology pack: the method as versioned data, modelled on
// FHIR Questionnaire as an idea (stable item ids, enableWhen as data, answer
// option sets, versions with a status). The zod schema is the source of truth;
// the TypeScript types are inferred from it. Everything officer-facing is
// localised: Swedish required, English optional.
import { z } from 'zod';

/** Stable identifiers: lower-case ASCII, digits, '_' and '-', so they survive URLs, SQL and YAML. */
export const idSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a lower-case id (a-z, 0-9, _ and -)');

export const localizedTextSchema = z.strictObject({
  sv: z.string().trim().min(1),
  en: z.string().trim().min(1).optional(),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const answerOptionSchema = z.strictObject({
  code: idSchema,
  text: localizedTextSchema,
});
export type AnswerOption = z.infer<typeof answerOptionSchema>;

export const answerSetSchema = z.strictObject({
  id: idSchema,
  options: z.array(answerOptionSchema).min(2),
});
export type AnswerSet = z.infer<typeof answerSetSchema>;

/** A condition on an earlier answer; no code strings, so packs stay data a method owner can review. */
export const enableWhenSchema = z.discriminatedUnion('operator', [
  z.strictObject({ item: idSchema, operator: z.literal('equals'), value: idSchema }),
  z.strictObject({ item: idSchema, operator: z.literal('notEquals'), value: idSchema }),
  z.strictObject({ item: idSchema, operator: z.literal('in'), values: z.array(idSchema).min(1) }),
  z.strictObject({ item: idSchema, operator: z.literal('answered') }),
]);
export type EnableWhen = z.infer<typeof enableWhenSchema>;

export const RATIONALE_POLICIES = ['none', 'optional', 'required'] as const;

const itemBase = {
  id: idSchema,
  text: localizedTextSchema,
  /** A short label for summaries ("Tidigare våld"). */
  shortText: localizedTextSchema,
  guidance: localizedTextSchema.optional(),
  required: z.boolean().default(true),
  enableWhen: z.array(enableWhenSchema).default([]),
  enableBehavior: z.enum(['all', 'any']).default('all'),
};

export const choiceItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('choice'),
  /** Id of a shared answer set in the pack. */
  answerSet: idSchema,
  /** Whether the officer must also write why; 'required' makes a reason part of the answer. */
  rationale: z.enum(RATIONALE_POLICIES).default('none'),
});

export const textItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('text'),
  maxLength: z.number().int().min(1).max(4000).default(2000),
});

export const itemSchema = z.discriminatedUnion('type', [choiceItemSchema, textItemSchema]);
export type Item = z.infer<typeof itemSchema>;
export type ChoiceItem = z.infer<typeof choiceItemSchema>;
export type TextItem = z.infer<typeof textItemSchema>;

export const sectionSchema = z.strictObject({
  id: idSchema,
  title: localizedTextSchema,
  /** Show the officer a summary of the answers so far before this section (e.g. before a decision). */
  summaryBefore: z.boolean().default(false),
  items: z.array(itemSchema).min(1),
});
export type Section = z.infer<typeof sectionSchema>;

export const ASSESSMENT_LEVELS = ['initial', 'structured', 'in_depth'] as const;

export const instrumentSchema = z.strictObject({
  id: idSchema,
  level: z.enum(ASSESSMENT_LEVELS),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  sections: z.array(sectionSchema).min(1),
});
export type Instrument = z.infer<typeof instrumentSchema>;

export const PACK_STATUSES = ['draft', 'active', 'retired'] as const;

export const packSchema = z.strictObject({
  id: idSchema,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0'),
  status: z.enum(PACK_STATUSES),
  effectiveFrom: z.iso.date(),
  supersedes: z.string().regex(/^\d+\.\d+\.\d+$/).optional(),
  title: localizedTextSchema,
  answerSets: z.array(answerSetSchema).default([]),
  instruments: z.array(instrumentSchema).min(1),
});
export type Pack = z.infer<typeof packSchema>;
