// Forgiving reading of a typed choice (issue 13, item 2): the option's number,
// its label in either language or its code, the label exactly as the button
// shows it ("1. Ja"), case, accents, spacing and punctuation ignored ("vetej",
// "Vet Ej"), the everyday "vet inte" for "Vet ej", and the start of one label ("låg"). Input that fits more than one
// option is never guessed: the candidates go back to the officer.
import type { AnswerOption } from '../methodology/packSchema.js';

export type TypedChoice =
  | { kind: 'one'; option: AnswerOption }
  | { kind: 'ambiguous'; candidates: AnswerOption[] }
  | { kind: 'none' };

/** Letters and digits only, without accents, case, spaces or dashes: "Vet ej", "vetej" and "VET-EJ." read the same. */
export const typedKey = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Other ways of saying a label, by the label's key: an officer says "vet inte" as often as the
 * method's "vet ej". Read only when typed whole (never by their start: "j" stays "Ja").
 */
const SAYINGS: Readonly<Record<string, readonly string[]>> = {
  vetej: ['vetinte', 'jagvetinte', 'jagvetej', 'idontknow'],
};

const labelsOf = (o: AnswerOption): string[] => [o.text.sv, ...(o.text.en !== undefined ? [o.text.en] : []), o.code].map(typedKey).filter(Boolean);
const wholeLabelsOf = (o: AnswerOption): string[] => labelsOf(o).flatMap((label) => [label, ...(SAYINGS[label] ?? [])]);

export function readChoice(options: readonly AnswerOption[], typed: string): TypedChoice {
  const numbered = /^\s*(\d+)\s*[.):]?\s*([\s\S]*)$/u.exec(typed.normalize('NFC'));
  if (numbered) {
    const option = options[Number(numbered[1]) - 1];
    const rest = typedKey(numbered[2] ?? '');
    // "1. Ja" is what the button shows; a number with another option's label is a contradiction, not a guess.
    if (option && (rest === '' || wholeLabelsOf(option).includes(rest))) return { kind: 'one', option };
    return { kind: 'none' };
  }
  const folded = typedKey(typed);
  if (folded === '') return { kind: 'none' };
  const exact = options.filter((o) => wholeLabelsOf(o).includes(folded));
  if (exact.length === 1) return { kind: 'one', option: exact[0]! };
  const candidates = exact.length > 1 ? exact : options.filter((o) => labelsOf(o).some((label) => label.startsWith(folded)));
  if (candidates.length === 1) return { kind: 'one', option: candidates[0]! };
  return candidates.length > 1 ? { kind: 'ambiguous', candidates } : { kind: 'none' };
}

/**
 * A name typed from a word inside the label ("socialtjänsten" for "Kontakt med socialtjänsten",
 * "boende" for "Skyddat boende"): the option one of whose labels has a run of words starting with
 * what was typed, when exactly one has. For long names (measures), where the first word is often
 * not the one an officer thinks of; at least four letters, so that a stray word picks nothing.
 */
export function readChoiceByWord(options: readonly AnswerOption[], typed: string): AnswerOption | undefined {
  const found = byWord(options, typed);
  return found.length === 1 ? found[0] : undefined;
}

function byWord(options: readonly AnswerOption[], typed: string): AnswerOption[] {
  const folded = typedKey(typed);
  if (folded.length < 4) return [];
  const tails = (label: string) => label.split(/\s+/).map((_, i, words) => typedKey(words.slice(i).join(' ')));
  const labels = (o: AnswerOption) => [o.text.sv, ...(o.text.en !== undefined ? [o.text.en] : [])];
  return options.filter((o) => labels(o).some((label) => tails(label).some((tail) => tail.startsWith(folded))));
}

/**
 * A long name (a measure) typed by its start or by a word of it: readChoice, and where that finds
 * nothing the words inside the labels ("kontaktförbud" also in "Utvidgat kontaktförbud"). More than
 * one fit is ambiguous, to be asked back; an exact label still wins at once.
 */
export function readChoiceOrWord(options: readonly AnswerOption[], typed: string): TypedChoice {
  const read = readChoice(options, typed);
  if (read.kind !== 'none') return read;
  const found = byWord(options, typed);
  if (found.length === 1) return { kind: 'one', option: found[0]! };
  return found.length > 1 ? { kind: 'ambiguous', candidates: found } : { kind: 'none' };
}
