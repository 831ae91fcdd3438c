// A draft begun on an older method version, met again after a newer version is
// published (issue 14): the officer is told once what moving would mean — how
// many answers carry over, which answers are dropped (named, so an answer to a
// question the new version no longer has does not vanish unseen), which
// questions are asked again or are new — and types "byt version" to move or
// "behåll version" to stay. The counts come from the same diff the API moves by
// (methodology/migrateAnswers.ts), so what the officer is told is what happens.
import { instrumentItems, type Answers } from '../methodology/instrumentEngine.js';
import type { LoadedPack } from '../methodology/methodologySource.js';
import { migrateAnswers } from '../methodology/migrateAnswers.js';
import type { LocalizedText } from '../methodology/packSchema.js';
import { message, type MessageReply } from './messageReply.js';

export type VersionChoiceWord = 'move' | 'keep';

const WORDS: Record<string, VersionChoiceWord> = {
  'byt version': 'move',
  'switch version': 'move',
  'behåll version': 'keep',
  'behall version': 'keep',
  'keep version': 'keep',
};

/** "byt version" / "behåll version" (and English), whole message only; undefined for anything else. */
export function recogniseVersionChoice(text: string): VersionChoiceWord | undefined {
  return WORDS[text.normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ')];
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

/** The one notice of a newer version, with what moving would mean: what carries over, what is dropped, what is asked. */
export function newerVersionNotice(from: LoadedPack, to: LoadedPack, offer: VersionOffer, given: number): MessageReply {
  const shared = { from: from.pack.version, to: to.pack.version, kept: offer.kept, given, again: offer.again.length, changes: joined(offer.again.map((a) => a.name)) };
  if (!offer.dropped.length) return message(offer.again.length ? 'version.newerNoneDropped' : 'version.newerSameQuestions', shared);
  return message('version.newer', { ...shared, dropped: offer.dropped.length, droppedNames: joined(offer.dropped.map((d) => d.name)) });
}

/** The confirmation of a move, naming again the answers it deleted. */
export function versionMovedNotice(to: LoadedPack, offer: VersionOffer): MessageReply {
  if (!offer.dropped.length) return message('version.movedNoneDropped', { to: to.pack.version, kept: offer.kept });
  return message('version.moved', { to: to.pack.version, kept: offer.kept, dropped: offer.dropped.length, droppedNames: joined(offer.dropped.map((d) => d.name)) });
}
