// Quality of method look-ups, as the issue defines it: every realistic
// question in test/lookupQuestions.yaml finds a section that answers it among
// the top 3 hits of the in-process search over the shipped active pack, and
// every expected reference exists in that pack (so the set cannot rot silently
// when the pack changes).
import { describe, expect, it } from 'vitest';
import { FilePackSource } from '../methodology/filePackSource.js';
import { methodSearchFor } from '../methodology/methodSearch.js';
import { foundAt, loadLookupQuestions } from './lookupQuestionSet.js';

const set = loadLookupQuestions();
const source = new FilePackSource();
const search = methodSearchFor(source.active(set.pack));
const rank = (q: string) => search.search(q, 3).hits.map((h) => h.doc.key);

describe('method look-up question set', () => {
  it('has at least 40 questions, each expecting documents the active pack has', () => {
    expect(set.questions.length).toBeGreaterThanOrEqual(40);
    const missing = set.questions.flatMap((q) => q.expect).filter((key) => {
      const [kind, ...rest] = key.split(':');
      return !search.get({ kind: kind as 'guideline', id: rest.join(':') });
    });
    expect(missing).toEqual([]);
  });

  it.each(set.questions.map((q) => [q.q, q] as const))('finds an answer to "%s" in the top 3', (_q, question) => {
    const ranked = rank(question.q);
    expect(foundAt(question, ranked, 3), `top 3: ${ranked.join(', ')}; expected one of ${question.expect.join(', ')}`).toBe(true);
  });
});
