// From the counts the database returns to the table a figure shows — pure:
// every combination of the dimensions gets a row (a missing one counts zero),
// group totals, shares, ratios and medians are derived from the counts, and
// then every cell that rests on fewer than the minimum is suppressed (null):
// a count under it, a share whose numerator or denominator is under it, a
// ratio or median over too few. Where exactly one region of a column is
// suppressed and the all-regions row is shown, the next smallest region is
// suppressed too, so the hidden cell cannot be had by subtraction.
import { ALL_REGIONS, type ColumnSpec, type FigureDefinition } from './figureDefinitions.js';

/** A row as read: dimension values (text) and counts or medians (numbers; a median over nothing is null). */
export type RawRow = Readonly<Record<string, string | number | null>>;
export type Cell = string | number | null;
export type FigureRow = Record<string, Cell>;

const rounded = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

const keyOf = (row: RawRow, dims: readonly string[]) => dims.map((d) => String(row[d])).join('\u0000');

/** Every combination of the dimensions' values, in their order, each with the raw row that has it or zeros. */
function completed(definition: FigureDefinition, raw: readonly RawRow[], values: (dimension: string) => readonly string[]): Record<string, string | number | null>[] {
  const dims = definition.columns.filter((c) => c.kind === 'dimension').map((c) => c.key);
  const byKey = new Map(raw.map((r) => [keyOf(r, dims), r]));
  let combos: Record<string, string>[] = [{}];
  for (const d of dims) {
    const seen = values(d).length > 0 ? values(d) : [...new Set(raw.map((r) => String(r[d])))].sort();
    combos = combos.flatMap((c) => seen.map((v) => ({ ...c, [d]: v })));
  }
  return combos.map((combo) => {
    const found = byKey.get(keyOf(combo, dims));
    const row: Record<string, string | number | null> = { ...combo };
    for (const c of definition.columns) {
      if (c.kind === 'count') row[c.key] = Number(found?.[c.key] ?? 0);
      if (c.kind === 'median') row[c.key] = found?.[c.key] === undefined || found[c.key] === null ? null : Number(found[c.key]);
    }
    return row;
  });
}

/** Cells of count columns to hide, by row index: the small ones, and one more region where one alone would be recoverable. */
function hiddenCounts(definition: FigureDefinition, rows: readonly Record<string, string | number | null>[], min: number): Set<string> {
  const hidden = new Set<string>();
  const countKeys = definition.columns.filter((c) => c.kind === 'count' || c.kind === 'total').map((c) => c.key);
  const otherDims = definition.columns.filter((c) => c.kind === 'dimension' && c.key !== 'region').map((c) => c.key);
  for (const key of countKeys) {
    rows.forEach((row, i) => {
      if (Number(row[key]) < min) hidden.add(`${i}:${key}`);
    });
    if (!definition.columns.some((c) => c.key === 'region')) continue;
    const groups = new Map<string, number[]>();
    rows.forEach((row, i) => {
      if (row.region === ALL_REGIONS) return;
      const g = keyOf(row, otherDims);
      groups.set(g, [...(groups.get(g) ?? []), i]);
    });
    for (const [g, members] of groups) {
      const total = rows.findIndex((r) => r.region === ALL_REGIONS && keyOf(r, otherDims) === g);
      if (total < 0 || hidden.has(`${total}:${key}`)) continue;
      const suppressed = members.filter((i) => hidden.has(`${i}:${key}`));
      if (suppressed.length !== 1) continue;
      const next = members.filter((i) => !hidden.has(`${i}:${key}`)).sort((a, b) => Number(rows[a]![key]) - Number(rows[b]![key]))[0];
      if (next !== undefined) hidden.add(`${next}:${key}`);
    }
  }
  return hidden;
}

/**
 * The rows of a figure from its raw rows. `values(dimension)` lists the values a dimension shows
 * (all regions and 'alla', all outcomes…); an empty list takes the values found. `min`: the smallest
 * count shown (FIGURES_MIN_CELL_SIZE).
 */
export function figureRows(definition: FigureDefinition, raw: readonly RawRow[], min: number, values: (dimension: string) => readonly string[]): FigureRow[] {
  const rows = completed(definition, raw, values);
  for (const c of definition.columns) {
    if (c.kind !== 'total') continue;
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(keyOf(r, c.by), (sums.get(keyOf(r, c.by)) ?? 0) + Number(r[c.of]));
    for (const r of rows) r[c.key] = sums.get(keyOf(r, c.by)) ?? 0;
  }
  const hidden = hiddenCounts(definition, rows, min);
  return rows.map((row, i) => {
    const shown = (key: string) => !hidden.has(`${i}:${key}`);
    const out: FigureRow = {};
    for (const c of definition.columns as readonly ColumnSpec[]) {
      switch (c.kind) {
        case 'dimension':
          out[c.key] = row[c.key] ?? null;
          break;
        case 'count':
        case 'total':
          out[c.key] = shown(c.key) ? Number(row[c.key]) : null;
          break;
        case 'share':
        case 'ratio': {
          const [num, den] = c.of;
          const visible = shown(den) && (c.kind === 'ratio' || shown(num)) && Number(row[den]) > 0;
          out[c.key] = visible ? rounded(Number(row[num]) / Number(row[den]), c.kind === 'share' ? 4 : 2) : null;
          break;
        }
        case 'median':
          out[c.key] = shown(c.basis) && row[c.key] !== null ? rounded(Number(row[c.key]), 1) : null;
          break;
        default: {
          const never: never = c;
          return never;
        }
      }
    }
    return out;
  });
}
