// The method question set (test/lookupQuestions.yaml), read and checked with
// zod, and how a search is scored on it: a question counts as found when one
// of its expected references is among the first k hits. Shared by the recall
// test and the benchmark so both measure exactly the same thing.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

const refSchema = z.string().regex(/^(guideline|glossary|measure|guidance):[a-z][a-z0-9_/-]*$/, 'a reference "<kind>:<id>"');

export const lookupQuestionSetSchema = z.strictObject({
  pack: z.string(),
  questions: z.array(z.strictObject({ q: z.string().min(1), expect: z.array(refSchema).min(1) })).min(1),
});
export type LookupQuestionSet = z.infer<typeof lookupQuestionSetSchema>;
export type LookupQuestion = LookupQuestionSet['questions'][number];

/** The held-out questions (test/lookupQuestions.heldout.yaml): measured by the benchmark, never tuned on. */
export const HELD_OUT_QUESTIONS = new URL('./lookupQuestions.heldout.yaml', import.meta.url);

export function loadLookupQuestions(file = new URL('./lookupQuestions.yaml', import.meta.url)): LookupQuestionSet {
  return lookupQuestionSetSchema.parse(parse(readFileSync(file, 'utf8')));
}

/** Whether any expected reference is among the first k of the ranked keys. */
export const foundAt = (question: LookupQuestion, rankedKeys: readonly string[], k: number): boolean =>
  rankedKeys.slice(0, k).some((key) => question.expect.includes(key));

/** Share of questions found in the top k, 0…1. */
export function recallAt(questions: readonly LookupQuestion[], rank: (q: string) => readonly string[], k: number): number {
  const found = questions.filter((question) => foundAt(question, rank(question.q), k)).length;
  return found / questions.length;
}
