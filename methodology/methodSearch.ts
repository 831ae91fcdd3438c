// Method look-ups over one pack version, in process: a MiniSearch (BM25) index
// of the pack's documents whose terms come from the Swedish analyzer and the
// pack's own vocabulary (inflection, definite forms, compounds, diacritics).
// Chosen over PostgreSQL's `swedish` text search after measuring both on the
// question set (test/bench/methodSearch.bench.ts): same Snowball stemmer, but
// in process it can split compounds and match near-misses, and answers in
// well under a millisecond without a database round trip.
// Pure: no I/O; an index is built once per loaded pack version and cached.
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import MiniSearch from 'minisearch';
import { glossaryAbbreviations } from './glossaryAbbreviations.js';
import { analysePassage, excerptOf, type AnalysedSentence } from './methodExcerpt.js';
import { methodDocuments, refKey, type MethodDocument, type MethodDocumentKind, type MethodRef } from './methodDocuments.js';
import type { LoadedPack } from './methodologySource.js';
import type { LocalizedText } from './packSchema.js';
import { SearchVocabulary } from './searchVocabulary.js';
import { foldDiacritics, isStopWord, words } from './swedishAnalyzer.js';

export interface MethodHit {
  doc: MethodDocument;
  score: number;
  /** A verbatim piece of the document's pack text, per language the pack has. */
  excerpt: LocalizedText;
}

export interface MethodSearchResult {
  hits: MethodHit[];
  /** Pack words closest to what was asked, when nothing was found. */
  suggestions: string[];
}

/** Hits shown by default: the question set's target is that the right section is among them. */
export const DEFAULT_HIT_LIMIT = 3;
export const MAX_HIT_LIMIT = 20;
/** Questions longer than this are cut; nobody types a longer method question. */
export const MAX_QUERY_LENGTH = 500;

/** How much a glossary entry, measure or item lends to the guideline sections it refers to. */
const REFERENCE_SHARE = 0.5;
const KIND_BOOST: Record<MethodDocument['kind'], number> = { guideline: 1, glossary: 1, measure: 1, guidance: 0.8 };
const SUGGESTION_COUNT = 3;
const MIN_SUGGESTION_SIMILARITY = 0.35;

interface IndexedDocument {
  key: string;
  title: string;
  titleEn: string;
  body: string;
  bodyEn: string;
  /** Title and Swedish body again, indexed by the known parts of their compounds only. */
  parts: string;
}

/** Field weights: a compound part ("bedömning" in "riskbedömning") counts less than the word itself. */
const FIELD_BOOST = { title: 3, titleEn: 1.5, body: 1, bodyEn: 0.5, parts: 0.5 };

const ENGLISH_STOP = new Set(englishStopwords);
/**
 * The pack's English text is searched with English stemming, its terms kept
 * apart by a prefix: the Swedish stemmer would turn "same" into "sam" (the
 * stalking instrument).
 */
const ENGLISH_PREFIX = 'en:';
const englishTermOf = (word: string): string | undefined => (ENGLISH_STOP.has(word) ? undefined : `${ENGLISH_PREFIX}${foldDiacritics(englishStemmer(word))}`);
const englishTermsOf = (text: string): string[] => words(text).flatMap((w) => englishTermOf(w) ?? []);

const trigrams = (word: string): Set<string> => {
  const padded = `  ${foldDiacritics(word)} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
};

const dice = (a: Set<string>, b: Set<string>): number => {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return (2 * shared) / (a.size + b.size);
};

export class MethodSearch {
  readonly vocabulary: SearchVocabulary;
  private readonly index: MiniSearch<IndexedDocument>;
  private readonly docs = new Map<string, MethodDocument>();
  /** A document's Swedish text, to show each distinct text once. */
  private readonly texts = new Map<string, string>();
  /** A document's passages as analysed sentences, per language (English only when every passage has it). */
  private readonly sentences = new Map<string, { sv: AnalysedSentence[][]; en: AnalysedSentence[][] | undefined }>();
  private readonly suggestionWords: { word: string; grams: Set<string> }[];
  /** Folded abbreviation → long form, from the glossary. */
  private readonly abbreviations: Map<string, string>;

  constructor(readonly loaded: LoadedPack) {
    const docs = methodDocuments(loaded);
    this.abbreviations = glossaryAbbreviations(loaded.pack);
    for (const doc of docs) {
      this.docs.set(doc.key, doc);
      this.texts.set(doc.key, [doc.title.sv, ...doc.passages.map((p) => p.sv)].join('\n'));
    }
    this.vocabulary = new SearchVocabulary(docs.flatMap((d) => [d.title.sv, ...d.passages.map((p) => p.sv)]));
    const termsOf = (text: string) => this.vocabulary.analyze(text);
    for (const doc of docs) {
      const en = doc.passages.every((p) => p.en !== undefined) ? doc.passages.map((p) => analysePassage(p.en ?? '', englishTermsOf)) : undefined;
      this.sentences.set(doc.key, { sv: doc.passages.map((p) => analysePassage(p.sv, termsOf)), en });
    }
    const orNull = (terms: string[]) => (terms.length ? terms : null);
    // Indexing: each field its own terms; at query time a word stands for its Swedish term, its parts and its English term.
    const indexTerms = (word: string, field?: string) => {
      if (field === 'titleEn' || field === 'bodyEn') return orNull([englishTermOf(word) ?? []].flat());
      const [whole, ...parts] = this.vocabulary.expand(word);
      return orNull(field === 'parts' ? parts : whole ? [whole] : []);
    };
    this.index = new MiniSearch<IndexedDocument>({
      idField: 'key',
      fields: ['title', 'titleEn', 'body', 'bodyEn', 'parts'],
      tokenize: (text) => words(text),
      processTerm: indexTerms,
      searchOptions: {
        boost: FIELD_BOOST,
        processTerm: (word) => orNull(this.queryTermsOf(word)),
        combineWith: 'OR',
        // Near-misses only on longer words: a typo or an unknown inflection of "kontaktförbud", not "hot" ~ "not".
        prefix: (term) => term.length >= 5 && !term.startsWith(ENGLISH_PREFIX),
        fuzzy: (term) => (term.length >= 6 && !term.startsWith(ENGLISH_PREFIX) ? 0.2 : false),
        maxFuzzy: 2,
        weights: { fuzzy: 0.3, prefix: 0.4 },
        boostDocument: (key: string) => KIND_BOOST[this.docs.get(key)?.kind ?? 'guideline'],
      },
    });
    this.index.addAll(
      docs.map((d) => ({
        key: d.key,
        title: d.title.sv,
        titleEn: d.title.en ?? '',
        body: d.passages.map((p) => p.sv).join('\n'),
        bodyEn: d.passages.map((p) => p.en ?? '').join('\n'),
        parts: [d.title.sv, ...d.passages.map((p) => p.sv)].join('\n'),
      })),
    );
    const seen = new Set<string>();
    this.suggestionWords = [];
    const offer = (word: string) => {
      const key = foldDiacritics(word);
      if (word.length < 3 || seen.has(key)) return;
      seen.add(key);
      this.suggestionWords.push({ word, grams: trigrams(word) });
    };
    // Glossary terms first: they are what an officer most likely meant.
    for (const doc of docs.filter((d) => d.kind === 'glossary')) offer(doc.title.sv);
    for (const [, word] of this.vocabulary.entries()) offer(word);
  }

  /** The pack title and version every citation names. */
  get pack(): { id: string; version: string; title: LocalizedText } {
    const { id, version, title } = this.loaded.pack;
    return { id, version, title };
  }

  get documentCount(): number {
    return this.docs.size;
  }

  /** One document by its reference, for "show the whole section". */
  get(ref: MethodRef): MethodDocument | undefined {
    return this.docs.get(refKey(ref));
  }

  /**
   * The best documents for a free-text question, best first. Glossary
   * entries, measures and items lend part of their score to the guideline
   * sections they refer to, so a question phrased with an abbreviation also
   * finds the section that explains it.
   */
  search(query: string, limit = DEFAULT_HIT_LIMIT, kinds?: readonly MethodDocumentKind[]): MethodSearchResult {
    const text = query.slice(0, MAX_QUERY_LENGTH);
    const asked = words(text);
    // Which question word each query term stands for, so a word's variants (term, parts, English, an abbreviation's long form) count once.
    const wordOf = new Map<string, number>();
    asked.forEach((word, i) => this.queryTermsOf(word).forEach((term) => wordOf.has(term) || wordOf.set(term, i)));
    const longForms: string[] = [];
    asked.forEach((word, i) => {
      const long = this.abbreviations.get(foldDiacritics(word));
      if (!long) return;
      longForms.push(long);
      for (const w of words(long)) for (const term of this.queryTermsOf(w)) if (!wordOf.has(term)) wordOf.set(term, i);
    });
    const askedTerms = new Set(wordOf.keys());
    const askedWords = new Set(wordOf.values()).size;
    // Coordination (as in classic Lucene): a document that answers more of the question's words ranks above one that repeats a single word.
    const coordination = (terms: string[]) => new Set(terms.map((t) => wordOf.get(t))).size / Math.max(1, askedWords);
    const found = this.index.search([text, ...longForms].join(' ')).map((r) => ({ ...r, score: r.score * coordination(r.queryTerms) }));
    const scores = new Map<string, number>();
    for (const r of found) scores.set(r.id as string, (scores.get(r.id as string) ?? 0) + r.score);
    // A reference lifts the section it cites, by its strongest referrer only (five contact-ban measures do not make their
    // section five times as relevant); a glossary definition, being the shortest answer, stays above its section.
    const lifts = new Map<string, number>();
    for (const r of found) {
      const doc = this.docs.get(r.id as string);
      for (const sectionId of doc?.guidelines ?? []) {
        const key = refKey({ kind: 'guideline', id: sectionId });
        if (!this.docs.has(key)) continue;
        const own = scores.get(key) ?? 0;
        const lifted = own + REFERENCE_SHARE * r.score;
        lifts.set(key, Math.max(lifts.get(key) ?? own, doc?.kind === 'glossary' ? Math.max(own, Math.min(lifted, r.score * 0.99)) : lifted));
      }
    }
    for (const [key, lifted] of lifts) scores.set(key, lifted);
    if (kinds) for (const key of scores.keys()) if (!kinds.includes(this.docs.get(key)!.kind)) scores.delete(key);
    // Instruments share some items word for word ("Räcker informationen …"): one of them is enough.
    const shown = new Set<string>();
    const ranked = [...scores]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .filter(([key]) => {
        const text = this.texts.get(key)!;
        if (shown.has(text)) return false;
        shown.add(text);
        return true;
      })
      .slice(0, Math.max(1, Math.min(limit, MAX_HIT_LIMIT)));
    if (ranked.length === 0) return { hits: [], suggestions: this.suggest(text) };
    return { hits: ranked.map(([key, score]) => this.hitOf(this.docs.get(key)!, score, askedTerms)), suggestions: [] };
  }

  /** One document as a hit, its excerpt chosen for the query (from the start when there is none). */
  hit(ref: MethodRef, query = ''): MethodHit | undefined {
    const doc = this.get(ref);
    return doc && this.hitOf(doc, 0, new Set(words(query.slice(0, MAX_QUERY_LENGTH)).flatMap((w) => this.queryTermsOf(w))));
  }

  /** What one word of a question is looked up as: its Swedish term and compound parts, and its English term. */
  private queryTermsOf(word: string): string[] {
    // A Swedish stop word is no English word either ("en", "man", "vi").
    const english = isStopWord(word) ? undefined : englishTermOf(word);
    return english ? [...this.vocabulary.expand(word), english] : this.vocabulary.expand(word);
  }

  private hitOf(doc: MethodDocument, score: number, queryTerms: ReadonlySet<string>): MethodHit {
    const sentences = this.sentences.get(doc.key)!;
    const sv = excerptOf(sentences.sv, queryTerms);
    return { doc, score, excerpt: sentences.en ? { sv, en: excerptOf(sentences.en, queryTerms) } : { sv } };
  }

  /** Pack words and glossary terms that look most like the question's words (character trigrams), for "did you mean". */
  suggest(query: string): string[] {
    const asked = words(query).filter((w) => w.length >= 3 && !isStopWord(w));
    const best = new Map<string, number>();
    for (const word of asked) {
      const grams = trigrams(word);
      for (const candidate of this.suggestionWords) {
        const similarity = dice(grams, candidate.grams);
        if (similarity >= MIN_SUGGESTION_SIMILARITY && similarity > (best.get(candidate.word) ?? 0)) best.set(candidate.word, similarity);
      }
    }
    return [...best]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'sv'))
      .slice(0, SUGGESTION_COUNT)
      .map(([word]) => word);
  }
}

const cache = new WeakMap<LoadedPack, MethodSearch>();

/** The search of one loaded pack version, built on first use (packs are frozen, so it never goes stale). */
export function methodSearchFor(loaded: LoadedPack): MethodSearch {
  let search = cache.get(loaded);
  if (!search) {
    search = new MethodSearch(loaded);
    cache.set(loaded, search);
  }
  return search;
}
