// Turns Swedish method text and officers' questions into comparable search
// terms, the same way on both sides: words in lower case, Snowball's Swedish
// stemmer (a maintained port, not our own suffix rules) for inflection, and
// diacritics folded after stemming, so "kontaktforbud" typed on a foreign
// keyboard meets "kontaktförbud". Stop words come from a maintained list,
// plus the few question words officers open a question with.
import { stopwords } from '@orama/stopwords/swedish';
import { stemmer } from '@orama/stemmers/swedish';

/** Question openers that say nothing about the topic ("när ska …", "vad innebär …"). */
const QUESTION_WORDS = ['ska', 'skall', 'måste', 'får', 'betyder', 'innebär', 'menas', 'gäller', 'finns', 'hur', 'vad', 'när', 'vem', 'vilka', 'vilken', 'vilket', 'kan', 'jag', 'man', 'vi'];
/** Light verbs that carry no topic in a question ("när ska en ny bedömning göras"). */
const LIGHT_VERBS = ['gör', 'göra', 'görs', 'göras', 'gjorde', 'gjort', 'gjorts'];

/** Stop words the method text uses as topics: the guidelines have a section "Varför och för vem". */
const TOPIC_WORDS = new Set(['varför']);

const STOP = new Set([...stopwords, ...QUESTION_WORDS, ...LIGHT_VERBS].filter((w) => !TOPIC_WORDS.has(w)).map(foldDiacritics));

/** å, ä, ö, é … → a, a, o, e; lower case. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text: runs of letters and digits, lower-cased, NFC (so the stemmer sees å/ä/ö). */
export function words(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Whether a (lower-case) word carries no topic. */
export function isStopWord(word: string): boolean {
  return STOP.has(foldDiacritics(word));
}

/**
 * The search term of one lower-case word: Snowball stem, then folded. Short
 * words (abbreviations like "rri", "sam", "spj") are kept whole, as stemming
 * them only makes them collide.
 */
export function termOf(word: string): string {
  const stem = word.length > 3 ? stemmer(word) : word;
  return foldDiacritics(stem);
}

/** The terms of a text, stop words removed, in order (duplicates kept). */
export function analyze(text: string): string[] {
  return words(text)
    .filter((w) => !isStopWord(w))
    .map(termOf);
}
