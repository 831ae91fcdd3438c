// The words an officer can type anywhere, in both languages, and the verbs
// carried by card buttons. One place for each so the help text, the
// recogniser and the cards cannot disagree.
import { typedKey } from './typedChoice.js';

export const COMMANDS = {
  newAssessment: ['ny bedömning', 'ny bedomning', 'new assessment', 'initial bedömning', 'initial bedomning', 'initial assessment'],
  structuredAssessment: ['strukturerad bedömning', 'strukturerad bedomning', 'structured assessment'],
  inDepthAssessment: ['fördjupad bedömning', 'fordjupad bedomning', 'in-depth assessment', 'in depth assessment'],
  help: ['hjälp', 'hjalp', 'help'],
  // "?" used to mean help; inside an assessment the officer's question is about the item on screen.
  guidance: ['vägledning', 'vagledning', 'guidance', '?'],
  back: ['tillbaka', 'back'],
  cancel: ['avbryt', 'cancel'],
  swedish: ['svenska', 'swedish'],
  english: ['english', 'engelska'],
  // Small talk gets a short friendly line, never a method search for "hej" (issue 13).
  greeting: ['hej', 'hejsan', 'hallå', 'halla', 'hallå där', 'tjena', 'tjenare', 'god morgon', 'god dag', 'godmorgon', 'hello', 'hi', 'hey', 'good morning'],
  thanks: ['tack', 'tack så mycket', 'tack sa mycket', 'tusen tack', 'stort tack', 'thanks', 'thank you', 'thanks a lot'],
  // Issue 12, item 2: the officer's work list and drafts (dialogs/workListCommand.ts).
  myWork: ['mina ärenden', 'mina arenden', 'att göra', 'att gora', 'my cases', 'to do', 'todo'],
  myDrafts: ['mina utkast', 'my drafts'],
  // Issue 13, item 1: the officer's mode, remembered for them (dialogs/assessmentMode.ts).
  compactMode: ['kompakt', 'kompakt läge', 'kompakt lage', 'compact', 'compact mode'],
  stepwiseMode: ['steg för steg', 'steg for steg', 'stegvis', 'steg för steg läge', 'stegvis läge', 'step by step', 'step by step mode', 'stepwise', 'stepwise mode'],
  // Issue 15: what investigations have been given (dialogs/shareCommand.ts).
  sharedWithMe: ['delade uppgifter', 'shared with me', 'shares'],
} as const;

export type Command = keyof typeof COMMANDS;

/** Verbs in Action.Submit data; the card data schema in assessmentRunner accepts exactly these. */
export const CARD_VERBS = {
  answer: 'answer',
  rationale: 'rationale',
  instrument: 'instrument',
  /** Omprövning: the factors of the card's domain are confirmed as rated last time. */
  unchanged: 'unchanged',
  /** The answer to the omprövning offer: re-assess the previous assessment or start afresh. */
  reassess: 'reassess',
  back: 'back',
  cancel: 'cancel',
  compact: 'compact',
  /** A candidate of typed input asked back (askBack.ts): the officer's message again, its ambiguous part made exact. */
  typed: 'typed',
  /** The answer to a newer method version for a draft (packVersionChoice.ts): move to it or keep the draft's own. */
  version: 'version',
} as const;

/** Words that continue a saved draft when the conversation lost its place: "fortsätt <diarienummer>". */
export const RESUME_PREFIXES = ['fortsätt', 'fortsatt', 'continue'] as const;

/** The case number after a resume word ("" for the word alone), or undefined when the message is no resume. */
export function recogniseResume(text: string): string | undefined {
  const match = /^(\S+)(?:\s+(\S+))?$/u.exec(text.normalize('NFC').trim());
  if (!match?.[1] || !(RESUME_PREFIXES as readonly string[]).includes(match[1].toLowerCase().replace(/:$/, ''))) return undefined;
  return match[2] ?? '';
}

/** Words that save the protection plan of the officer's latest completed assessment of a case when it could not be saved: "skapa plan <diarienummer>". */
export const CREATE_PLAN_WORDS = ['skapa plan', 'create plan'] as const;

/** The case number after "skapa plan" ("" for the words alone), or undefined when the message is no such command. */
export function recogniseCreatePlan(text: string): string | undefined {
  const match = /^(\S+\s+\S+?):?(?:\s+(\S+))?$/u.exec(text.normalize('NFC').trim());
  if (!match?.[1] || !(CREATE_PLAN_WORDS as readonly string[]).includes(match[1].toLowerCase().replace(/\s+/g, ' '))) return undefined;
  return match[2] ?? '';
}

/** Words that date the re-assessment of the plan just saved otherwise: "datum 15/1 hotaktören friges 16/1" (issue 14). */
export const OWN_DATE_WORDS = ['datum', 'nytt datum', 'eget datum', 'date', 'new date', 'own date'] as const;

/** What follows "datum" ("" for the word alone), or undefined when the message is no such command. */
export function recogniseOwnDate(text: string): string | undefined {
  const typed = text.normalize('NFC').trim();
  const folded = typed.toLowerCase();
  // The longest words first, so "nytt datum 15/1" is not read as "nytt" and a date.
  for (const words of [...OWN_DATE_WORDS].sort((a, b) => b.length - a.length)) {
    if (folded === words || folded === `${words}:`) return '';
    if (folded.startsWith(`${words} `) || folded.startsWith(`${words}: `)) return typed.slice(words.length).replace(/^:/, '').trim();
  }
  return undefined;
}

/** Words that start a method look-up anywhere: "sök <fråga>", "search <query>". */
export const SEARCH_PREFIXES = ['sök', 'sok', 'search'] as const;

/** The verb of a look-up card's "show the whole section" button; handled before any dialog sees the submit. */
export const SHOW_SECTION_VERB = 'showSection';

/** The multi-select of a measures card; a comma-separated list of measure ids arrives under this key. */
export const MEASURES_INPUT = 'measures';

const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s.!]+$/g, '').replace(/\s+/g, ' ').trim();

/**
 * The command a whole message is, or undefined; a command inside a longer sentence is not one. Read
 * as typed, then by its letters only (typedKey), as typed choices are: "kompaktläge", "Steg-för-steg."
 * and "STEG FÖR STEG" are the mode words as much as "kompakt läge" and "steg för steg" (issue 13).
 */
export function recogniseCommand(text: string): Command | undefined {
  const typed = fold(text);
  for (const [command, words] of COMMAND_ENTRIES) {
    if (words.includes(typed)) return command;
  }
  const letters = typedKey(text);
  // A word of punctuation only ("?") is matched as typed above, never by its (empty) letters.
  const byLetters = letters === '' ? undefined : COMMAND_ENTRIES.find(([, , keys]) => keys.includes(letters))?.[0];
  return byLetters ?? smallTalk(typed);
}

/** Each command with its words as typed and by their letters only, in COMMANDS' order (the first fit wins). */
const COMMAND_ENTRIES: readonly (readonly [Command, readonly string[], readonly string[]])[] = (Object.entries(COMMANDS) as [Command, readonly string[]][]).map(
  ([command, words]) => [command, words, words.map(typedKey)] as const,
);

/** Words that may stand around a greeting or a thanks without making it a question: "Hej Bops", "ok tack". */
const SMALL_TALK_FILLERS = new Set(['bops', 'bot', 'boten', 'där', 'dar', 'ok', 'okej', 'okay', 'alla', 'allihop', 'du', 'you', 'there', 'så', 'sa', 'mycket', 'much', 'a', 'lot', 'tusen', 'stort', 'igen', 'again']);
const GREETING_WORDS = new Set(['hej', 'hejsan', 'hejhej', 'hallå', 'halla', 'tjena', 'tjenare', 'tja', 'hello', 'hi', 'hey']);
const THANKS_WORDS = new Set(['tack', 'tackar', 'tacksam', 'thanks', 'thank', 'thx']);

/**
 * A greeting or a thanks however it is typed — repeated, with a name, an emoji or a question mark:
 * "hej hej", "hallå?", "Hej Bops 👋", "tack tack", "ok tack" — so small talk never becomes a method
 * search. Undefined as soon as one word is neither small talk nor filler ("hej, hur ompröva?").
 */
function smallTalk(typed: string): 'greeting' | 'thanks' | undefined {
  const words = typed.replace(/[\p{P}\p{S}]+/gu, ' ').split(/\s+/).filter((w) => w !== '' && !SMALL_TALK_FILLERS.has(w));
  if (words.length === 0) return undefined;
  if (words.every((w) => THANKS_WORDS.has(w))) return 'thanks';
  if (words.every((w) => GREETING_WORDS.has(w))) return 'greeting';
  return undefined;
}

/** The commands that start an assessment, which may carry its first answers: "ny bedömning 5000-K123456-25". */
export type AssessmentCommand = Extract<Command, 'newAssessment' | 'structuredAssessment' | 'inDepthAssessment'>;

/**
 * An assessment command with the case number (and, for a structured one, the instrument) after it, or
 * undefined. What follows counts only when it holds a case number: "ny bedömning intervall" is a
 * question about re-assessment (*ny bedömning* is also the method's word for it), left to the search.
 */
export function recogniseAssessmentWithCase(text: string, caseNumberPattern: RegExp): { command: AssessmentCommand; typed: string } | undefined {
  const typed = text.normalize('NFC').trim().replace(/\s+/g, ' ');
  const folded = typed.toLowerCase();
  for (const command of ['newAssessment', 'structuredAssessment', 'inDepthAssessment'] as const) {
    for (const words of COMMANDS[command]) {
      if (!folded.startsWith(`${words} `) && !folded.startsWith(`${words}: `)) continue;
      const rest = typed.slice(words.length).replace(/^:/, '').trim();
      if (rest.split(/[\s,;]+/).some((w) => caseNumberPattern.test(w.toUpperCase()))) return { command, typed: rest };
    }
  }
  return undefined;
}

/** The question after a search word ("" for the word alone), or undefined when the message is no search. */
export function recogniseSearch(text: string): string | undefined {
  const typed = text.normalize('NFC').trim();
  const match = /^(\S+)(?:\s+([\s\S]*))?$/u.exec(typed);
  if (!match?.[1] || !(SEARCH_PREFIXES as readonly string[]).includes(match[1].toLowerCase().replace(/:$/, ''))) return undefined;
  return (match[2] ?? '').trim();
}

/** Words that show a case's protection plan with its measures to decide: "åtgärder <diarienummer>" (issue 12, item 7). */
export const MEASURES_WORDS = ['åtgärder', 'atgarder', 'measures'] as const;

/** The case number after one of `words` ("" for the word alone), or undefined when the message is no such command. */
const wordThenCase = (words: readonly string[], text: string): string | undefined => {
  const match = /^(\S+?):?(?:\s+(\S+))?$/u.exec(text.normalize('NFC').trim());
  if (!match?.[1] || !words.includes(match[1].toLowerCase())) return undefined;
  return match[2] ?? '';
};

/** The case number after "åtgärder" ("" for the word alone), or undefined when the message is no such command. */
export const recogniseMeasures = (text: string): string | undefined => wordThenCase(MEASURES_WORDS, text);

/** Words that hand a case to the region's specialists after a structured assessment: "eskalera <diarienummer>" (issue 12, item 6). */
export const ESCALATE_WORDS = ['eskalera', 'escalate'] as const;

/**
 * The case number after "eskalera" ("" for the word alone) and the handover note typed after it
 * ("" for none), or undefined when the message is no such command.
 */
export function recogniseEscalate(text: string): { caseNumber: string; note: string } | undefined {
  const match = /^(\S+?):?(?:\s+(\S+))?(?:\s+([\s\S]*))?$/u.exec(text.normalize('NFC').trim());
  if (!match?.[1] || !(ESCALATE_WORDS as readonly string[]).includes(match[1].toLowerCase())) return undefined;
  return { caseNumber: match[2] ?? '', note: match[3]?.trim() ?? '' };
}

/** Words that share a case with an investigation (issue 15): "dela <diarienummer>". */
export const SHARE_WORDS = ['dela', 'share'] as const;
/** Words that start a second look at a case's latest assessment, blind or open (issue 15): "granska <diarienummer>". */
export const REVIEW_WORDS = ['granska', 'review'] as const;

/** Words that list a case's shares, to refresh or withdraw one (issue 15): "delningar <diarienummer>". */
export const CASE_SHARES_WORDS = ['delningar', 'sharing'] as const;

/** The case number after "dela" ("" for the word alone), or undefined when the message is no share. */
export const recogniseShare = (text: string): string | undefined => wordThenCase(SHARE_WORDS, text);
/** The case number after "delningar" ("" for the word alone), or undefined when the message is no such command. */
export const recogniseCaseShares = (text: string): string | undefined => wordThenCase(CASE_SHARES_WORDS, text);
/** The case number after "granska" ("" for the word alone), or undefined when the message is no review. */
export const recogniseReview = (text: string): string | undefined => wordThenCase(REVIEW_WORDS, text);

/** Words that hand the officer the case-file PDF of the latest completed assessment of a case: "dokument <diarienummer>" (issue 19). */
export const DOCUMENT_WORDS = ['dokument', 'document'] as const;

/** The case number after "dokument" ("" for the word alone), or undefined when the message is no such command. */
export const recogniseDocument = (text: string): string | undefined => wordThenCase(DOCUMENT_WORDS, text);

/** Words that show a case's RRI log with forms to record a contact or an outcome: "rri <diarienummer>" (issue 16). */
export const RRI_WORDS = ['rri'] as const;

/**
 * The case number after "rri" ("" for the word alone), or undefined when the message is no such
 * command — "rri" followed by a word without a digit ("rri förföljelse") is a question for the method.
 */
export function recogniseRri(text: string): string | undefined {
  const caseNumber = wordThenCase(RRI_WORDS, text);
  return caseNumber === undefined || caseNumber === '' || /\d/.test(caseNumber) ? caseNumber : undefined;
}
