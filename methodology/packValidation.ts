// Checks a pack beyond its shape: references that must resolve and ids that
// must be unique. Pure; returns every issue found rather than the first.
import type { PackIssue } from './packIssue.js';
import { packSchema, type Item, type Pack } from './packSchema.js';

export type PackParseResult = { ok: true; pack: Pack } | { ok: false; issues: PackIssue[] };

/** Validates raw (parsed YAML/JSON) pack content: shape first, then cross-references. */
export function parsePack(raw: unknown): PackParseResult {
  const shaped = packSchema.safeParse(raw);
  if (!shaped.success) {
    return {
      ok: false,
      issues: shaped.error.issues.map((i) => ({
        code: 'invalid_shape',
        path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        message: i.message,
      })),
    };
  }
  const issues = checkReferences(shaped.data);
  return issues.length ? { ok: false, issues } : { ok: true, pack: shaped.data };
}

function checkReferences(pack: Pack): PackIssue[] {
  const issues: PackIssue[] = [];
  const answerSets = new Map(pack.answerSets.map((s) => [s.id, s]));
  const seenSets = new Set<string>();
  pack.answerSets.forEach((s, i) => {
    if (seenSets.has(s.id)) issues.push({ code: 'duplicate_id', path: ['answerSets', i, 'id'], message: `answer set "${s.id}" is defined twice` });
    seenSets.add(s.id);
  });

  const seenInstruments = new Set<string>();
  pack.instruments.forEach((instrument, ii) => {
    const at = ['instruments', ii] as (string | number)[];
    if (seenInstruments.has(instrument.id)) issues.push({ code: 'duplicate_id', path: [...at, 'id'], message: `instrument "${instrument.id}" is defined twice` });
    seenInstruments.add(instrument.id);

    // Items are asked in document order, so a condition may only look backwards: this also rules out cycles.
    const earlier = new Map<string, Item>();
    const seenIds = new Set<string>();
    instrument.sections.forEach((section, si) => {
      if (seenIds.has(section.id)) issues.push({ code: 'duplicate_id', path: [...at, 'sections', si, 'id'], message: `id "${section.id}" is used twice in instrument "${instrument.id}"` });
      seenIds.add(section.id);
      section.items.forEach((item, ti) => {
        const itemPath = [...at, 'sections', si, 'items', ti];
        if (seenIds.has(item.id)) issues.push({ code: 'duplicate_id', path: [...itemPath, 'id'], message: `id "${item.id}" is used twice in instrument "${instrument.id}"` });
        seenIds.add(item.id);
        if (item.type === 'choice' && !answerSets.has(item.answerSet)) {
          issues.push({ code: 'unknown_answer_set', path: [...itemPath, 'answerSet'], message: `answer set "${item.answerSet}" does not exist` });
        }
        item.enableWhen.forEach((cond, ci) => {
          const condPath = [...itemPath, 'enableWhen', ci];
          const target = earlier.get(cond.item);
          if (!target) {
            const exists = instrument.sections.some((s) => s.items.some((x) => x.id === cond.item));
            issues.push(
              exists
                ? { code: 'forward_reference', path: [...condPath, 'item'], message: `"${item.id}" depends on "${cond.item}", which comes later or is the item itself` }
                : { code: 'unknown_item_reference', path: [...condPath, 'item'], message: `item "${cond.item}" does not exist in instrument "${instrument.id}"` },
            );
            return;
          }
          if (cond.operator === 'answered') return;
          if (target.type !== 'choice') {
            issues.push({ code: 'condition_on_text_item', path: condPath, message: `"${cond.item}" is a text item; only "answered" can be tested on it` });
            return;
          }
          const codes = new Set(answerSets.get(target.answerSet)?.options.map((o) => o.code) ?? []);
          const values = cond.operator === 'in' ? cond.values : [cond.value];
          for (const v of values) {
            if (!codes.has(v)) issues.push({ code: 'answer_not_in_options', path: condPath, message: `"${v}" is not an option of "${cond.item}"` });
          }
        });
        earlier.set(item.id, item);
      });
    });
  });
  return issues;
}
