// The short excerpt a look-up shows under a hit: the sentence of the pack
// text that shares most terms with the question, cut only at sentence or
// word boundaries and marked with "…" where text was left out. It is always a
// piece of the pack's own wording, so an officer can trust and cite it.
// Passages are split and analysed once, when the index is built, so choosing
// an excerpt at query time is only set look-ups.

/** Longest excerpt in characters; a card shows three of them comfortably. */
export const MAX_EXCERPT_LENGTH = 280;

const ELLIPSIS = '…';

/** One sentence of a passage with the search terms it contains. */
export interface AnalysedSentence {
  text: string;
  terms: ReadonlySet<string>;
}

/** A passage as sentences, each analysed by `termsOf` (which must analyse exactly as the search does). */
export function analysePassage(passage: string, termsOf: (text: string) => string[]): AnalysedSentence[] {
  return passage
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}(§"”–-])/u)
    .filter((s) => s.length > 0)
    .map((text) => ({ text, terms: new Set(termsOf(text)) }));
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:–-]+$/, '')}${ELLIPSIS}`;
}

/**
 * The best excerpt of a document's passages for the query terms: the
 * sentence sharing most terms, followed by the next ones while they fit.
 * Without any matching sentence, the start of the first passage.
 */
export function excerptOf(passages: readonly (readonly AnalysedSentence[])[], queryTerms: ReadonlySet<string>, max = MAX_EXCERPT_LENGTH): string {
  let best = { passage: 0, index: 0, score: 0 };
  passages.forEach((sentences, passage) =>
    sentences.forEach((sentence, index) => {
      let score = 0;
      for (const term of queryTerms) if (sentence.terms.has(term)) score++;
      if (score > best.score) best = { passage, index, score };
    }),
  );
  const list = passages[best.passage] ?? [];
  let text = list[best.index]?.text ?? '';
  let next = best.index + 1;
  for (; next < list.length && text.length + 1 + (list[next]?.text.length ?? 0) <= max; next++) text = `${text} ${list[next]?.text}`;
  let clipped = clip(text, max);
  if (next < list.length && !clipped.endsWith(ELLIPSIS)) clipped = `${clipped} ${ELLIPSIS}`;
  return best.index > 0 ? `${ELLIPSIS}${clipped}` : clipped;
}
