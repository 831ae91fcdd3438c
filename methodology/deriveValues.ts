// Values derived from an assessment's answers under its pack version: rating
// counts per domain and period, the summary judgements, the flags raised and
// the measures suggested. Snapshotted at completion, and recomputable from the
// answers and the exact pack version at any later time (legal certainty: what
// the officer saw can be shown again, and checked). Counts describe; they are
// never added up into a risk level.
import { z } from 'zod';
import { applicableItems, optionsOf, type Answers } from './instrumentEngine.js';
import type { Instrument, Pack, PresencePeriod } from './packSchema.js';
import { readPresence } from './presenceAnswer.js';
import { raisedFlags } from './raisedFlags.js';
import { JUDGEMENT_KINDS, reassessmentDue } from './reassessmentDue.js';
import { suggestMeasures } from './suggestMeasures.js';

const countsRowSchema = z.record(z.string(), z.number().int().min(0));

/** Per period, how many factors got each rating code (every code present, zeros included). */
export const ratingCountsSchema = z.strictObject({ nu: countsRowSchema.optional(), tidigare: countsRowSchema.optional() });
export type RatingCounts = z.infer<typeof ratingCountsSchema>;

/** The snapshot stored with a completed assessment; the schema lets the API validate what it stores and returns. */
export const derivedValuesSchema = z.strictObject({
  packId: z.string(),
  packVersion: z.string(),
  instrumentId: z.string(),
  /** Per section (domain) holding presence items, in instrument order. */
  domains: z.array(z.strictObject({ sectionId: z.string(), factors: z.number().int().min(0), counts: ratingCountsSchema })),
  judgements: z.strictObject({ overall: z.string().optional(), seriousViolence: z.string().optional(), acute: z.string().optional() }),
  flags: z.array(z.string()),
  suggestedMeasures: z.array(z.string()),
  reassessment: z.strictObject({ level: z.string(), days: z.number().int(), dueOn: z.iso.date(), judgement: z.enum(JUDGEMENT_KINDS).optional() }).optional(),
});
export type DerivedValues = z.infer<typeof derivedValuesSchema>;

/** Derives the values from answers; `completedOn` (YYYY-MM-DD) gives the re-assessment date. */
export function deriveValues(pack: Pack, instrument: Instrument, allAnswers: Answers, completedOn?: string): DerivedValues {
  const applicable = new Set(applicableItems(instrument, allAnswers).map((i) => i.id));
  // Answers to items that no longer apply are not part of the result, so they derive nothing.
  const answers: Answers = Object.fromEntries(Object.entries(allAnswers).filter(([id]) => applicable.has(id)));
  const domains: DerivedValues['domains'] = [];
  for (const section of instrument.sections) {
    const presence = section.items.filter((i) => i.type === 'presence');
    if (presence.length === 0) continue;
    const counts: RatingCounts = {};
    for (const item of presence) {
      for (const period of item.periods) {
        const row = (counts[period] ??= {});
        for (const o of optionsOf(pack, item)) row[o.code] ??= 0;
      }
      if (!applicable.has(item.id)) continue;
      const ratings = readPresence(answers[item.id]?.value);
      if (!ratings) continue;
      for (const [period, code] of Object.entries(ratings) as [PresencePeriod, string][]) {
        const row = (counts[period] ??= {});
        row[code] = (row[code] ?? 0) + 1;
      }
    }
    domains.push({ sectionId: section.id, factors: presence.length, counts });
  }
  const judgementOf = (itemId: string | undefined) => {
    const v = itemId === undefined || !applicable.has(itemId) ? undefined : answers[itemId]?.value;
    return typeof v === 'string' ? v : undefined;
  };
  const j = instrument.judgements;
  const judgements: DerivedValues['judgements'] = {};
  const overall = judgementOf(j?.overall);
  const seriousViolence = judgementOf(j?.seriousViolence);
  const acute = judgementOf(j?.acute);
  if (overall !== undefined) judgements.overall = overall;
  if (seriousViolence !== undefined) judgements.seriousViolence = seriousViolence;
  if (acute !== undefined) judgements.acute = acute;
  const derived: DerivedValues = {
    packId: pack.id,
    packVersion: pack.version,
    instrumentId: instrument.id,
    domains,
    judgements,
    flags: raisedFlags(instrument, answers).map((f) => f.id),
    suggestedMeasures: suggestMeasures(pack, instrument, answers).map((s) => s.measure.id),
  };
  const due = completedOn === undefined ? undefined : reassessmentDue(pack, instrument, answers, completedOn);
  if (due) derived.reassessment = due;
  return derived;
}
