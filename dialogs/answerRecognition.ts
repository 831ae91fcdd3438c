// Recognising what an officer typed as an answer to one item: a number, a label,
// a short label ("J", "–"), ratings per period ("J D"), measures by number or name.
// Only recognition: whether the value is acceptable is the methodology engine's
// call (validateAnswer), and how a question is shown is questionView.ts — as
// botbuilder's ChoicePrompt keeps recognise, validate and render apart.
import { optionsOf, type GivenAnswer } from '../methodology/instrumentEngine.js';
import { NO_MEASURE, type AnswerOption, type Item, type Measure, type MeasuresItem, type Pack, type PresenceItem } from '../methodology/packSchema.js';
import { presenceTokens, type PresenceRatings } from '../methodology/presenceAnswer.js';
import { askBack, type AskBackReply } from './askBack.js';
import { readChoice, readChoiceOrWord } from './typedChoice.js';

/** The measures a measures item offers, in the order the card lists them and a typed number counts them. */
export const measureOptions = (pack: Pack, item: MeasuresItem): Measure[] => pack.measures.filter((m) => item.parts.includes(m.part));

/** What separates answers typed in one message: a list in compact mode, an answer and its reason. */
export const LIST_SEPARATOR = /[,;\n]/;

/** What a typed message means for the item; undefined when it cannot be read as an answer. */
export function readTyped(pack: Pack, item: Item, text: string): GivenAnswer['value'] | undefined {
  switch (item.type) {
    case 'text':
      return text;
    case 'choice':
    case 'relevance':
      return oneChoice(optionsOf(pack, item), text)?.code;
    case 'presence':
      return readTypedPresence(optionsOf(pack, item), item, text);
    case 'measures':
      return readTypedMeasures(measureOptions(pack, item), text);
    default: {
      const never: never = item;
      return never;
    }
  }
}

const oneChoice = (options: readonly AnswerOption[], text: string): AnswerOption | undefined => {
  const read = readChoice(options, text);
  return read.kind === 'one' ? read.option : undefined;
};

/**
 * A typed answer to the item that fits more than one option, asked back (askBack.ts): a choice typed
 * by a start two labels share, or a measure of a list typed by a word several names hold ("kontakt");
 * undefined when nothing in it is ambiguous. An exact label is never ambiguous.
 */
export function ambiguityIn(pack: Pack, item: Item, text: string, at: string): AskBackReply | undefined {
  switch (item.type) {
    case 'choice':
    case 'relevance': {
      const options = optionsOf(pack, item);
      const read = readChoice(options, text);
      return read.kind === 'ambiguous' ? askBack(options, read.candidates, (exact) => exact, at) : undefined;
    }
    case 'measures': {
      const parts = measureParts(text);
      if (!parts) return undefined;
      const choices = measureChoices(measureOptions(pack, item));
      for (const [i, part] of parts.entries()) {
        const read = readChoiceOrWord(choices, part);
        if (read.kind === 'ambiguous') return askBack(choices, read.candidates, (exact) => parts.map((p, j) => (j === i ? exact : p)).join(', '), at);
      }
      return undefined;
    }
    case 'presence':
    case 'text':
      return undefined;
    default: {
      const never: never = item;
      return never;
    }
  }
}

const NO_MEASURE_WORDS = /^(0|ingen|inga|none|inga åtgärder|ingen åtgärd)$/i;
const measureChoices = (options: readonly Measure[]): AnswerOption[] => options.map((m) => ({ code: m.id, text: m.title }));

/** The parts of a typed list of measures: numbers ("1 3", "1, 3") or names separated by commas; undefined for "ingen". */
function measureParts(text: string): string[] | undefined {
  if (NO_MEASURE_WORDS.test(text.trim())) return undefined;
  const numbers = text.split(/[\s,;]+/).filter(Boolean);
  return numbers.every((n) => /^\d+$/.test(n)) ? numbers : text.split(LIST_SEPARATOR).map((p) => p.trim()).filter(Boolean);
}

/**
 * "ingen" (or "0") for no measure, else measures by their numbers ("1 3", "1, 3") or by their names
 * separated by commas ("larmpaket, säkerhetssamtal"): the compact card lists them unnumbered, so a
 * name (its unambiguous beginning, or a word of it: "socialtjänsten") is what an officer types there. Undefined when any part is
 * not exactly one of them.
 */
function readTypedMeasures(options: readonly Measure[], text: string): string[] | undefined {
  const parts = measureParts(text);
  if (!parts) return [NO_MEASURE];
  const choices = measureChoices(options);
  const picked = parts.map((part) => {
    const read = readChoiceOrWord(choices, part);
    return read.kind === 'one' ? read.option.code : undefined;
  });
  return picked.length && picked.every((id) => id !== undefined) ? [...new Set(picked as string[])] : undefined;
}

/** The first word of an option's label ("J" of "J – förekommer"), with any dash read as the en dash "–". */
export function shortLabel(option: AnswerOption): string {
  return (option.text.sv.trim().split(/\s+/)[0] ?? '').replace(/^[-—]$/, '–').toLowerCase();
}

/** The presence ratings as words, by short label: "ja" is J, "delvis" D, "nej" N, "vet ej" –. */
const RATING_WORDS: Record<string, readonly string[]> = {
  j: ['ja', 'yes', 'y', 'förekommer', 'forekommer', 'present'],
  d: ['delvis', 'partly', 'p', 'möjligen', 'mojligen', 'förekommer delvis', 'forekommer delvis'],
  n: ['nej', 'no', 'förekommer inte', 'forekommer inte', 'absent'],
  '–': ['otillräcklig', 'otillracklig', 'vet ej', 'vetej', 'vet inte', 'okänt', 'okant'],
};

/** Ratings of several words, made one before a text is split at spaces ("J vet ej" is two ratings). */
const RATING_PHRASES: readonly [RegExp, string][] = [
  [/\bf[öo]rekommer\s+(inte|ej)\b/g, 'n'],
  [/\bf[öo]rekommer\s+delvis\b/g, 'd'],
  [/\bvet\s+(ej|inte)\b/g, '–'],
];

/** One typed rating: an option by number, label or code, by the short label on its own ("J", "–", "-"), or as a word ("ja", "nej", "delvis"). */
export function recogniseRating(options: readonly AnswerOption[], token: string): AnswerOption | undefined {
  const short = token.replace(/^[-—]$/, '–').toLowerCase();
  return (
    options.find((o) => shortLabel(o) === short) ??
    options.find((o) => RATING_WORDS[shortLabel(o)]?.includes(short)) ??
    oneChoice(options, token)
  );
}

/**
 * Ratings typed for each period in order: "J D", "j/d", "nu J tidigare D", "J –", "ja vet ej",
 * "JD" when every option's short label is one character, or the labels as the buttons show them,
 * separated by commas: "J – förekommer, N – förekommer inte".
 */
export function readTypedPresence(options: readonly AnswerOption[], item: PresenceItem, text: string): string[] | undefined {
  const lowered = text.toLowerCase().replace(/\b(nu|tidigare|now|earlier)\b/g, ' ');
  const labelled = lowered.split(/[,;/\n]+/).map((part) => part.trim()).filter(Boolean);
  let tokens =
    labelled.length === item.periods.length && labelled.every((part) => recogniseRating(options, part))
      ? labelled
      : RATING_PHRASES.reduce((typed, [phrase, rating]) => typed.replace(phrase, ` ${rating} `), lowered).split(/[\s,;/]+/).filter(Boolean);
  if (tokens.length === 1 && [...tokens[0]!].length === item.periods.length && options.every((o) => [...shortLabel(o)].length === 1)) tokens = [...tokens[0]!];
  if (tokens.length !== item.periods.length) return undefined;
  const ratings: PresenceRatings = {};
  for (const [i, period] of item.periods.entries()) {
    const option = recogniseRating(options, tokens[i]!);
    if (!option) return undefined;
    ratings[period] = option.code;
  }
  return presenceTokens(ratings);
}
