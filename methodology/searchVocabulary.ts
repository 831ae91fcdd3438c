// The terms the active pack actually uses, and what the search does with them
// that a stemmer cannot: Swedish writes compounds as one word
// ("riskbedömning", "kontaktförbudsbrott"), so a question about "bedömning"
// must meet "riskbedömning" and the other way round; and Snowball leaves the
// neuter definite "-et" alone ("kontaktförbudet", "våldet"). Both are decided
// only against words the pack itself contains, so nothing is split or cut
// that the method text does not back.
import { isStopWord, termOf, words } from './swedishAnalyzer.js';

/** Shortest first part of a compound ("hot" in "hotbild") and shortest head ("brott"). */
const MIN_MODIFIER = 3;
const MIN_HEAD = 4;
/** Shortest pack term, and least share of the word, that a word unknown to the pack may be reduced to. */
const MIN_STEM_PREFIX = 5;
const STEM_PREFIX_SHARE = 0.6;
/** Words whose expansion is remembered. */
const MAX_MEMO = 20_000;

export class SearchVocabulary {
  private readonly terms = new Set<string>();
  /** term → the word form seen most often, for "did you mean" suggestions. */
  private readonly surface = new Map<string, Map<string, number>>();
  private readonly expanded = new Map<string, string[]>();

  constructor(texts: Iterable<string>) {
    for (const text of texts) {
      for (const word of words(text)) {
        if (isStopWord(word) || word.length < 2) continue;
        const term = termOf(word);
        this.terms.add(term);
        const forms = this.surface.get(term) ?? new Map<string, number>();
        forms.set(word, (forms.get(word) ?? 0) + 1);
        this.surface.set(term, forms);
      }
    }
  }

  has(term: string): boolean {
    return this.terms.has(term);
  }

  get size(): number {
    return this.terms.size;
  }

  /** Every term with its most frequent written form. */
  *entries(): IterableIterator<[term: string, word: string]> {
    for (const [term, forms] of this.surface) {
      let best = '';
      let count = 0;
      for (const [form, n] of forms) if (n > count || (n === count && form < best)) [best, count] = [form, n];
      yield [term, best];
    }
  }

  /**
   * A term the pack does not use, reduced to one it does: the definite neuter
   * form to the bare one ("kontaktforbudet" → "kontaktforbud"), else the
   * longest pack term that starts the word.
   */
  normalise(term: string): string {
    if (this.terms.has(term)) return term;
    if (term.endsWith('et') && term.length > 4) {
      const bare = term.slice(0, -2);
      if (this.terms.has(bare)) return bare;
    }
    // A form the stemmer does not relate to the pack's ("gallring" / "gallras" → "gallr"): the longest
    // pack term that begins the word and keeps most of it. Only for words the pack does not have itself.
    for (let end = term.length - 1; end >= Math.max(MIN_STEM_PREFIX, Math.ceil(term.length * STEM_PREFIX_SHARE)); end--) {
      const prefix = term.slice(0, end);
      if (this.terms.has(prefix)) return prefix;
    }
    return term;
  }

  /**
   * The parts of a compound that the pack knows as words of their own,
   * modifier parts first ("riskbedomning" → ["risk", "bedomning"]); a linking
   * "s" is dropped ("kontaktforbudsbrott" → ["kontaktforbud", "brott", …]).
   * Empty when the term is not such a compound.
   */
  compoundParts(term: string): string[] {
    for (let cut = MIN_MODIFIER; cut <= term.length - MIN_HEAD; cut++) {
      const head = this.normalise(term.slice(cut));
      if (!this.terms.has(head)) continue;
      let modifier = term.slice(0, cut);
      if (!this.terms.has(modifier) && modifier.endsWith('s') && this.terms.has(modifier.slice(0, -1)) && modifier.length - 1 >= MIN_MODIFIER) {
        modifier = modifier.slice(0, -1);
      }
      if (!this.terms.has(modifier)) continue;
      return [...new Set([modifier, ...this.compoundParts(modifier), head, ...this.compoundParts(head)])];
    }
    return [];
  }

  /** The terms one word stands for: its own (normalised) term and, for a compound, its known parts. */
  expand(word: string): string[] {
    const known = this.expanded.get(word);
    if (known) return known;
    const term = isStopWord(word) ? undefined : this.normalise(termOf(word.toLowerCase()));
    const terms = term === undefined ? [] : [term, ...this.compoundParts(term)];
    // Pack words repeat and questions reuse them; a bound keeps odd input from growing the memo without end.
    if (this.expanded.size >= MAX_MEMO) this.expanded.clear();
    this.expanded.set(word, terms);
    return terms;
  }

  /** The terms of a whole text, each word expanded. */
  analyze(text: string): string[] {
    return words(text).flatMap((w) => this.expand(w));
  }
}
