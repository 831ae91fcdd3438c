// A draft begun on an older method version, met again after a newer version is
// published (issue 14): the officer is told once what moving would mean — how
// many answers carry over, which answers are dropped (named, so an answer to a
// question the new version no longer has does not vanish unseen), which
// questions are asked again or are new — and presses or types "byt version" to
// move or "behåll version" to stay (issue 13: read however it is typed, and
// never taken as the answer to the question on screen while the choice is open). The counts come from the same diff the API moves by
// (methodology/migrateAnswers.ts), so what the officer is told is what happens.
import { z } from 'zod';
import { instrumentItems, type Answers } from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { migrateAnswers } from '../methodology/migrateAnswers.js';
import type { LocalizedText } from '../methodology/packSchema.js';
import { CARD_VERBS } from './commands.js';
import { message, type MessageReply } from './messageReply.js';
import type { OfficerInput } from './runnerInput.js';

export type VersionChoiceWord = 'move' | 'keep';

/** The verbs of the two choices, in both languages (the catalogue's "byt version" / "switch version", "behåll version" / "keep version"), accents folded. */
const VERBS: Record<string, VersionChoiceWord> = {
  byt: 'move',
  byta: 'move',
  switch: 'move',
  behall: 'keep',
  behalla: 'keep',
  keep: 'keep',
};
/** The word that makes a verb a version command wherever it is typed: "byt" alone may be a free-text answer. */
const VERSION_WORDS = new Set(['version', 'versionen', 'versionerna']);
/** Words that may stand beside the command without changing it: "byt till version 1.1.1", "jag vill behålla versionen". */
const FILLERS = new Set(['till', 'to', 'jag', 'vill', 'i', 'want', 'the', 'den', 'please', 'tack', 'ok', 'okej']);

/** Letters and digits only, accents and case folded: "Behåll version." and "behall  VERSION" read the same. */
const words = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '' && !FILLERS.has(w) && !/^\d+$/.test(w));

/**
 * A whole message that chooses the version: "byt version" / "behåll version" (and English) however
 * it is typed — case, accents, punctuation, spacing, a version number or "till" beside it. While a
 * choice is `open` (the officer was told of the newer version and has not answered) the verb alone
 * ("byt", "Behåll.") chooses too; otherwise it is left to the question on screen as an answer.
 * Undefined for anything else ("byt version nu" is not a command).
 */
export function recogniseVersionChoice(text: string, open = false): VersionChoiceWord | undefined {
  const typed = words(text);
  const verbs = typed.filter((w) => !VERSION_WORDS.has(w));
  const choice = verbs.length === 1 ? VERBS[verbs[0]!] : undefined;
  if (!choice) return undefined;
  return open || typed.length > verbs.length ? choice : undefined;
}

/** What a press of the notice's buttons sends (CARD_VERBS.version): the choice it makes. */
const versionSubmitSchema = z.object({ verb: z.literal(CARD_VERBS.version), choice: z.enum(['move', 'keep']) });

/** The choice an officer input makes: a button of the notice, or the command typed (see recogniseVersionChoice). */
export function versionChoiceOf(input: OfficerInput, open: boolean): VersionChoiceWord | undefined {
  if (input.type === 'text') return recogniseVersionChoice(input.text, open);
  if (input.type !== 'submit') return undefined;
  const pressed = versionSubmitSchema.safeParse(input.data);
  return pressed.success ? pressed.data.choice : undefined;
}

export interface VersionOffer {
  kept: number;
  /** Answers that do not carry over and are deleted on a move, by the short names of the draft's version, in its order. */
  dropped: { id: string; name: LocalizedText }[];
  /** Questions asked again (changed or removed answers) or new, by their short names. */
  again: { id: string; name: LocalizedText }[];
}

/** What moving a draft of `instrumentId` from `from` to `to` would keep and ask; undefined when `to` lacks the instrument. */
export function versionOffer(from: LoadedPack, to: LoadedPack, instrumentId: string, answers: Answers): VersionOffer | undefined {
  const before = from.pack.instruments.find((i) => i.id === instrumentId);
  const after = to.pack.instruments.find((i) => i.id === instrumentId);
  if (!before || !after) return undefined;
  const moved = migrateAnswers(from.pack, to.pack, instrumentId, answers);
  const oldIds = new Set(instrumentItems(before).map((i) => i.id));
  const askedAgain = new Set(moved.notCarried.map((n) => n.itemId));
  const again = instrumentItems(after)
    .filter((item) => askedAgain.has(item.id) || !oldIds.has(item.id))
    .map((item) => ({ id: item.id, name: item.shortText }));
  // Named from the draft's own version: an item the new version removed has no name there.
  const dropped = instrumentItems(before)
    .filter((item) => askedAgain.has(item.id))
    .map((item) => ({ id: item.id, name: item.shortText }));
  return { kept: Object.keys(moved.carried).length, dropped, again };
}

/** At most this many names in the notice: a structured instrument can have dozens of reworded factors. */
const MAX_NAMES = 12;

const joined = (names: LocalizedText[]): LocalizedText => {
  const shown = names.slice(0, MAX_NAMES);
  const more = names.length > MAX_NAMES ? ` … (+${names.length - MAX_NAMES})` : '';
  return { sv: shown.map((n) => n.sv).join(', ') + more, en: shown.map((n) => n.en ?? n.sv).join(', ') + more };
};

/** The notice of a newer version with a button for each choice (cardRenderer.ts). */
export type VersionOfferReply = { type: 'versionOffer'; notice: MessageReply };

/** The one notice of a newer version, with what moving would mean: what carries over, what is dropped, what is asked. */
export function newerVersionNotice(from: LoadedPack, to: LoadedPack, offer: VersionOffer, given: number): VersionOfferReply {
  const shared = { from: from.pack.version, to: to.pack.version, kept: offer.kept, given, again: offer.again.length, changes: joined(offer.again.map((a) => a.name)) };
  if (!offer.dropped.length) return { type: 'versionOffer', notice: message(offer.again.length ? 'version.newerNoneDropped' : 'version.newerSameQuestions', shared) };
  return { type: 'versionOffer', notice: message('version.newer', { ...shared, dropped: offer.dropped.length, droppedNames: joined(offer.dropped.map((d) => d.name)) }) };
}

/** The confirmation of a move, naming again the answers it deleted. */
export function versionMovedNotice(to: LoadedPack, offer: VersionOffer): MessageReply {
  if (!offer.dropped.length) return message('version.movedNoneDropped', { to: to.pack.version, kept: offer.kept });
  return message('version.moved', { to: to.pack.version, kept: offer.kept, dropped: offer.dropped.length, droppedNames: joined(offer.dropped.map((d) => d.name)) });
}
