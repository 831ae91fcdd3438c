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

/** The periods a presence factor can be rated for: now (aktuellt) and earlier (tidigare). */
export const PRESENCE_PERIODS = ['nu', 'tidigare'] as const;
export const periodSchema = z.enum(PRESENCE_PERIODS);
export type PresencePeriod = z.infer<typeof periodSchema>;

/**
 * A condition on an answer; no code strings, so packs stay data a method owner
 * can review. On a presence item, `period` narrows the test to one period;
 * without it the test holds when any rated period matches. On a measures item
 * `equals`/`in` hold when the chosen measures include the value.
 */
export const enableWhenSchema = z.discriminatedUnion('operator', [
  z.strictObject({ item: idSchema, period: periodSchema.optional(), operator: z.literal('equals'), value: idSchema }),
  z.strictObject({ item: idSchema, period: periodSchema.optional(), operator: z.literal('notEquals'), value: idSchema }),
  z.strictObject({ item: idSchema, period: periodSchema.optional(), operator: z.literal('in'), values: z.array(idSchema).min(1) }),
  z.strictObject({ item: idSchema, operator: z.literal('answered') }),
]);
export type EnableWhen = z.infer<typeof enableWhenSchema>;

/**
 * A condition over how many presence factors carry certain ratings, in the
 * whole instrument or one section (domain). Used by rules, consistency checks
 * and rationale demands; never by enableWhen, which stays a plain look-back.
 */
export const countConditionSchema = z.strictObject({
  operator: z.enum(['countAtLeast', 'countAtMost']),
  codes: z.array(idSchema).min(1),
  period: periodSchema.optional(),
  section: idSchema.optional(),
  value: z.number().int().min(0),
});
export type CountCondition = z.infer<typeof countConditionSchema>;

export const conditionSchema = z.union([enableWhenSchema, countConditionSchema]);
export type Condition = z.infer<typeof conditionSchema>;

export const CONDITION_BEHAVIORS = ['all', 'any'] as const;

/**
 * Whether the officer must also write why. 'required-when' demands it only
 * when any of the item's `rationaleWhen` conditions holds (the answer itself
 * included), e.g. a factor rated "–" (not enough information).
 */
export const RATIONALE_POLICIES = ['none', 'optional', 'required', 'required-when'] as const;
export const rationalePolicySchema = z.enum(RATIONALE_POLICIES);

const itemBase = {
  id: idSchema,
  text: localizedTextSchema,
  /** A short label for summaries ("Tidigare våld"). */
  shortText: localizedTextSchema,
  guidance: localizedTextSchema.optional(),
  /** Guideline sections that explain this item (ids in the pack's guidelines). */
  guidelines: z.array(idSchema).default([]),
  required: z.boolean().default(true),
  enableWhen: z.array(enableWhenSchema).default([]),
  enableBehavior: z.enum(CONDITION_BEHAVIORS).default('all'),
};

const rationaleFields = {
  rationale: rationalePolicySchema.default('none'),
  rationaleWhen: z.array(conditionSchema).default([]),
};

export const choiceItemSchema = z.strictObject({
  ...itemBase,
  ...rationaleFields,
  type: z.literal('choice'),
  /** Id of a shared answer set in the pack. */
  answerSet: idSchema,
});

export const textItemSchema = z.strictObject({
  ...itemBase,
  type: z.literal('text'),
  maxLength: z.number().int().min(1).max(4000).default(2000),
});

/**
 * An SPJ risk factor rated on the presence scale for each period. Its answer
 * is one "period:code" token per period (["nu:j", "tidigare:d"]), so it fits
 * the API's string-array answer value and stays queryable in SQL.
 */
export const presenceItemSchema = z.strictObject({
  ...itemBase,
  ...rationaleFields,
  type: z.literal('presence'),
  answerSet: idSchema.default('narvaro'),
  periods: z.array(periodSchema).min(1).default(['nu', 'tidigare']),
});

/**
 * How relevant a factor is for the future risk (SPJ step 3). It applies only
 * when its factor was rated with one of its `whenFactor` codes, so
 * the officer is never asked about the relevance of an absent factor.
 */
export const relevanceItemSchema = z.strictObject({
  ...itemBase,
  ...rationaleFields,
  type: z.literal('relevance'),
  /** The presence item this judges; it must come earlier in the instrument. */
  factor: idSchema,
  /** Presence codes that make the factor count as present (J and D by default). */
  whenFactor: z.array(idSchema).min(1).default(['j', 'd']),
  answerSet: idSchema.default('relevans'),
});

/**
 * Measures the officer plans, chosen from the pack's catalogue (SPJ step 5).
 * The answer is the chosen measure ids, or the single token "ingen" when the
 * officer deliberately plans none in these parts.
 */
export const measuresItemSchema = z.strictObject({
  ...itemBase,
  ...rationaleFields,
  type: z.literal('measures'),
  parts: z.array(z.enum(['skydd', 'stod', 'reducering'])).min(1).default(['skydd', 'stod', 'reducering']),
});
export const NO_MEASURE = 'ingen';

export const itemSchema = z.discriminatedUnion('type', [choiceItemSchema, textItemSchema, presenceItemSchema, relevanceItemSchema, measuresItemSchema]);
export type Item = z.infer<typeof itemSchema>;
export type ChoiceItem = z.infer<typeof choiceItemSchema>;
export type TextItem = z.infer<typeof textItemSchema>;
export type PresenceItem = z.infer<typeof presenceItemSchema>;
export type RelevanceItem = z.infer<typeof relevanceItemSchema>;
export type MeasuresItem = z.infer<typeof measuresItemSchema>;
/** Items answered by picking codes from an answer set. */
export type CodedItem = ChoiceItem | PresenceItem | RelevanceItem;

export const sectionSchema = z.strictObject({
  id: idSchema,
  title: localizedTextSchema,
  /** Show the officer a summary of the answers so far before this section (e.g. before a decision). */
  summaryBefore: z.boolean().default(false),
  items: z.array(itemSchema).min(1),
});
export type Section = z.infer<typeof sectionSchema>;

export const ASSESSMENT_LEVELS = ['initial', 'structured', 'in_depth'] as const;

/**
 * A flag shown to the officer when answers pull in different directions (many
 * factors present but overall risk "låg"). It never blocks and never sets a
 * level: it demands a written rationale on one item, which the officer gives.
 */
export const consistencyCheckSchema = z.strictObject({
  id: idSchema,
  when: z.array(conditionSchema).min(1),
  behavior: z.enum(CONDITION_BEHAVIORS).default('all'),
  /** The item whose rationale must address the flag (a choice, presence, relevance or measures item). */
  rationaleOn: idSchema,
  message: localizedTextSchema,
});
export type ConsistencyCheck = z.infer<typeof consistencyCheckSchema>;

/** The officer's summary judgements; each names a choice item of the instrument. */
export const judgementItemsSchema = z.strictObject({
  /** Overall risk; its answer picks the re-assessment interval. */
  overall: idSchema,
  seriousViolence: idSchema.optional(),
  acute: idSchema.optional(),
});

export const VIOLENCE_TYPES = ['nara_relation', 'forfoljelse', 'heder', 'ovrigt_hot'] as const;

export const instrumentSchema = z.strictObject({
  id: idSchema,
  level: z.enum(ASSESSMENT_LEVELS),
  /** For structured instruments: the violence type it is chosen for. */
  violenceType: z.enum(VIOLENCE_TYPES).optional(),
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  judgements: judgementItemsSchema.optional(),
  checks: z.array(consistencyCheckSchema).default([]),
  sections: z.array(sectionSchema).min(1),
});
export type Instrument = z.infer<typeof instrumentSchema>;

export const MEASURE_PARTS = ['skydd', 'stod', 'reducering'] as const;
export type MeasurePart = (typeof MEASURE_PARTS)[number];
// kriminalvarden from 1.1.1: the Prison and Probation Service gives notice before a release (målsägandeinformation).
export const DECISION_MAKERS = ['polis', 'aklagare', 'skatteverket', 'socialtjanst', 'domstol', 'brottsofferstod', 'kriminalvarden'] as const;

/** One measure of the catalogue: what it is, on what legal ground, who decides, and what to follow up. */
export const measureSchema = z.strictObject({
  id: idSchema,
  part: z.enum(MEASURE_PARTS),
  title: localizedTextSchema,
  description: localizedTextSchema,
  /** The statute or regulation, e.g. "lag (1988:688) om kontaktförbud 1 §"; empty only for voluntary support. */
  legalBasis: z.array(localizedTextSchema).default([]),
  decidedBy: z.array(z.enum(DECISION_MAKERS)).min(1),
  preconditions: localizedTextSchema,
  followUp: localizedTextSchema,
  guidelines: z.array(idSchema).default([]),
});
export type Measure = z.infer<typeof measureSchema>;

/** Conditions over answers → measures to consider, with the reason the officer sees. A suggestion, never a decision. */
export const suggestionRuleSchema = z.strictObject({
  id: idSchema,
  instrument: idSchema,
  when: z.array(conditionSchema).min(1),
  behavior: z.enum(CONDITION_BEHAVIORS).default('all'),
  suggest: z.array(idSchema).min(1),
  reason: localizedTextSchema,
});
export type SuggestionRule = z.infer<typeof suggestionRuleSchema>;

/** Days until the next assessment, per code of the judgement answer set (låg/medel/hög). */
export const reassessmentIntervalSchema = z.strictObject({
  level: idSchema,
  days: z.number().int().min(1).max(366),
});

/** A section of the guideline text with a stable id, so look-ups can cite it. */
export const guidelineSectionSchema = z.strictObject({
  id: idSchema,
  /** The section this one belongs under, for a table of contents. */
  parent: idSchema.optional(),
  title: localizedTextSchema,
  body: localizedTextSchema,
});
export type GuidelineSection = z.infer<typeof guidelineSectionSchema>;

export const glossaryEntrySchema = z.strictObject({
  id: idSchema,
  term: localizedTextSchema,
  definition: localizedTextSchema,
  guidelines: z.array(idSchema).default([]),
});
export type GlossaryEntry = z.infer<typeof glossaryEntrySchema>;

export const PACK_STATUSES = ['draft', 'active', 'retired'] as const;
const semverSchema = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semantic version such as 1.0.0');

export const packSchema = z.strictObject({
  id: idSchema,
  version: semverSchema,
  status: z.enum(PACK_STATUSES),
  effectiveFrom: z.iso.date(),
  supersedes: semverSchema.optional(),
  title: localizedTextSchema,
  answerSets: z.array(answerSetSchema).default([]),
  instruments: z.array(instrumentSchema).min(1),
  measures: z.array(measureSchema).default([]),
  suggestionRules: z.array(suggestionRuleSchema).default([]),
  reassessmentIntervals: z.array(reassessmentIntervalSchema).default([]),
  /**
   * Which judgements pick the interval. Absent (as in 1.0.0): the overall
   * judgement alone. 'most_urgent' (from 1.1.0): the shortest interval among
   * the overall, serious-violence and acute judgements, so acute risk "hög"
   * with overall risk "låg" is not left for 90 days. Optional without a
   * default, so a version that does not name it hashes as it always did.
   */
  reassessmentBasis: z.enum(['overall', 'most_urgent']).optional(),
  guidelines: z.array(guidelineSectionSchema).default([]),
  glossary: z.array(glossaryEntrySchema).default([]),
});
export type Pack = z.infer<typeof packSchema>;
