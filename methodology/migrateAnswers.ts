// Moving a dialog in progress from an older pack version to a newer one. An
// answer moves only when the diff proves that what it answers is unchanged —
// the item itself, its answer set, and (for measures) the measures chosen —
// so an answer never silently changes meaning. Everything else is left for the
// officer to answer again, and the caller shows which: the API when a draft
// moves to a newer version (api/assessmentHandlers.ts), the chat when it offers
// the move (dialogs/packVersionChoice.ts).
import { canonicalJson } from './canonicalHash.js';
import type { Answers } from './instrumentEngine.js';
import { findItem } from './instrumentEngine.js';
import { NO_MEASURE, type Instrument, type Item, type Pack } from './packSchema.js';

export type AnswerNotCarriedReason = 'item_removed' | 'item_changed' | 'answer_set_changed' | 'measure_changed';

export interface AnswerMigration {
  carried: Answers;
  notCarried: { itemId: string; reason: AnswerNotCarriedReason }[];
}

function answerSetOf(pack: Pack, item: Item): unknown {
  return item.type === 'text' || item.type === 'measures' ? null : pack.answerSets.find((s) => s.id === item.answerSet);
}

/** Which answers may move from `from` to `to` for one instrument (present in both). */
export function migrateAnswers(from: Pack, to: Pack, instrumentId: string, answers: Answers): AnswerMigration {
  const find = (pack: Pack): Instrument | undefined => pack.instruments.find((i) => i.id === instrumentId);
  const before = find(from);
  const after = find(to);
  const carried: Record<string, Answers[string]> = {};
  const notCarried: AnswerMigration['notCarried'] = [];
  for (const [itemId, answer] of Object.entries(answers)) {
    const oldItem = before && findItem(before, itemId);
    const newItem = after && findItem(after, itemId);
    if (!oldItem || !newItem) {
      notCarried.push({ itemId, reason: 'item_removed' });
      continue;
    }
    if (canonicalJson(oldItem) !== canonicalJson(newItem)) {
      notCarried.push({ itemId, reason: 'item_changed' });
      continue;
    }
    if (canonicalJson(answerSetOf(from, oldItem)) !== canonicalJson(answerSetOf(to, newItem))) {
      notCarried.push({ itemId, reason: 'answer_set_changed' });
      continue;
    }
    if (newItem.type === 'measures') {
      const chosen = (typeof answer.value === 'string' ? [answer.value] : answer.value).filter((id) => id !== NO_MEASURE);
      const same = chosen.every((id) => canonicalJson(from.measures.find((m) => m.id === id)) === canonicalJson(to.measures.find((m) => m.id === id)));
      if (!same) {
        notCarried.push({ itemId, reason: 'measure_changed' });
        continue;
      }
    }
    carried[itemId] = answer;
  }
  return { carried, notCarried };
}
