// What changed between two pack versions, as data: a method owner reviews a
// new version by its diff, and a dialog in progress may move to the new
// version only for items the diff proves unchanged.
import { canonicalJson } from './canonicalHash.js';
import type { Pack } from './packSchema.js';

export type PackChangeArea =
  | 'pack'
  | 'answerSet'
  | 'option'
  | 'instrument'
  | 'section'
  | 'item'
  | 'check'
  | 'measure'
  | 'rule'
  | 'interval'
  | 'guideline'
  | 'glossary';

export interface PackChange {
  kind: 'added' | 'removed' | 'changed';
  area: PackChangeArea;
  /** Where, by ids: "sarasv/sara01", "narvaro/j", "larmpaket". */
  id: string;
  /** For "changed": the fields that differ, dotted ("text.sv", "enableWhen"). */
  fields?: string[];
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted names of the fields that differ; lists compare as wholes (their order matters in a pack). */
export function changedFields(a: unknown, b: unknown, prefix = ''): string[] {
  if (isPlain(a) && isPlain(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => changedFields(a[k], b[k], prefix ? `${prefix}.${k}` : k));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [prefix || '(value)'];
}

function compareLists<T>(
  changes: PackChange[],
  area: PackChangeArea,
  before: readonly T[],
  after: readonly T[],
  key: (x: T) => string,
  scope = '',
  omit: readonly string[] = [],
): void {
  const name = (x: T) => (scope ? `${scope}/${key(x)}` : key(x));
  const strip = (x: T) => (isPlain(x) ? Object.fromEntries(Object.entries(x).filter(([k]) => !omit.includes(k))) : x);
  const afterByKey = new Map(after.map((x) => [key(x), x]));
  const beforeKeys = new Set(before.map(key));
  for (const x of before) {
    const y = afterByKey.get(key(x));
    if (y === undefined) {
      changes.push({ kind: 'removed', area, id: name(x) });
      continue;
    }
    const fields = changedFields(strip(x), strip(y));
    if (fields.length) changes.push({ kind: 'changed', area, id: name(x), fields });
  }
  for (const y of after) if (!beforeKeys.has(key(y))) changes.push({ kind: 'added', area, id: name(y) });
}

/** Every added, removed and changed part from `before` to `after`, in pack order. */
export function diffPacks(before: Pack, after: Pack): PackChange[] {
  const changes: PackChange[] = [];
  const header = ['id', 'version', 'status', 'effectiveFrom', 'supersedes', 'title', 'reassessmentBasis'] as const;
  const headerFields = header.flatMap((k) => changedFields(before[k], after[k], k));
  if (headerFields.length) changes.push({ kind: 'changed', area: 'pack', id: after.id, fields: headerFields });

  compareLists(changes, 'answerSet', before.answerSets, after.answerSets, (s) => s.id, '', ['options']);
  for (const set of before.answerSets) {
    const next = after.answerSets.find((s) => s.id === set.id);
    if (next) compareLists(changes, 'option', set.options, next.options, (o) => o.code, set.id);
  }
  compareLists(changes, 'instrument', before.instruments, after.instruments, (i) => i.id, '', ['sections', 'checks']);
  for (const instrument of before.instruments) {
    const next = after.instruments.find((i) => i.id === instrument.id);
    if (!next) continue;
    compareLists(changes, 'section', instrument.sections, next.sections, (s) => s.id, instrument.id, ['items']);
    const items = (i: typeof instrument) => i.sections.flatMap((s) => s.items);
    compareLists(changes, 'item', items(instrument), items(next), (i) => i.id, instrument.id);
    compareLists(changes, 'check', instrument.checks, next.checks, (c) => c.id, instrument.id);
  }
  for (const instrument of after.instruments) {
    if (before.instruments.some((i) => i.id === instrument.id)) continue;
    for (const item of instrument.sections.flatMap((s) => s.items)) changes.push({ kind: 'added', area: 'item', id: `${instrument.id}/${item.id}` });
  }
  compareLists(changes, 'measure', before.measures, after.measures, (m) => m.id);
  compareLists(changes, 'rule', before.suggestionRules, after.suggestionRules, (r) => r.id);
  compareLists(changes, 'interval', before.reassessmentIntervals, after.reassessmentIntervals, (r) => r.level);
  compareLists(changes, 'guideline', before.guidelines, after.guidelines, (g) => g.id);
  compareLists(changes, 'glossary', before.glossary, after.glossary, (g) => g.id);
  return changes;
}
