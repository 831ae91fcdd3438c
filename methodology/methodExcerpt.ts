// The short excerpt a look-up shows under a hit: the sentence of the pack
// text that shares most terms with the question, cut only at sentence or
// word boundaries and marked with "…" where text was left out. It is always a
// piece of the pack's own wording, so an officer can trust and cite it.

/** Longest excerpt in characters; a card shows three of them comfortably. */
export const MAX_EXCERPT_LENGTH = 280;

const ELLIPSIS = '…';

function sentences(passage: string): string[] {
  return passage
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+(?=[\p{Lu}\p{N}(§"”–-])/u)
    .filter((s) => s.length > 0);
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:–-]+$/, '')}${ELLIPSIS}`;
}

/**
 * The best excerpt of passages for the query terms. `termsOf` must analyse
 * text exactly as the search does, so a sentence scores by the same terms
 * that found the document. Without any matching sentence, the start of the
 * first passage.
 */
export function excerptOf(passages: readonly string[], queryTerms: ReadonlySet<string>, termsOf: (text: string) => string[], max = MAX_EXCERPT_LENGTH): string {
  let best: { passage: number; index: number; score: number } | undefined;
  const split = passages.map(sentences);
  split.forEach((list, passage) =>
    list.forEach((sentence, index) => {
      const score = new Set(termsOf(sentence).filter((t) => queryTerms.has(t))).size;
      if (score > 0 && (!best || score > best.score)) best = { passage, index, score };
    }),
  );
  const chosen = best ?? { passage: 0, index: 0, score: 0 };
  const list = split[chosen.passage] ?? [];
  let text = list[chosen.index] ?? '';
  let next = chosen.index + 1;
  for (; next < list.length && text.length + 1 + (list[next]?.length ?? 0) <= max; next++) text = `${text} ${list[next]}`;
  let clipped = clip(text, max);
  if (next < list.length && !clipped.endsWith(ELLIPSIS)) clipped = `${clipped} ${ELLIPSIS}`;
  return chosen.index > 0 ? `${ELLIPSIS}${clipped}` : clipped;
}
