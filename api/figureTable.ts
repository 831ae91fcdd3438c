// From the counts the database returns to the table a figure shows — pure:
// every combination of the dimensions gets a row (a missing one counts zero),
// group totals, shares, ratios and medians are derived from the counts, and
// then every cell that rests on fewer than the minimum is suppressed (null):
// a count under it, a share or ratio whose numerator or denominator is hidden
// (a ratio times its shown denominator would give a hidden numerator back),
// a median over too few. Where cells add up to a shown total — the
// regions to the all-regions row, the rows of a group to its total, the parts
// of a row to its sum — and exactly one of them is hidden, one more is, so no
// hidden cell can be had by subtraction; a hidden total is not left to be the
// sum of shown parts. A region's total another output publishes (consistency's
// judgements, the case statistics' cases in status bops) counts as such a
// total too: see `regionTotalElsewhere` in api/figureDefinitions.ts.
import { complementarySuppression, type SumConstraint } from './complementarySuppression.js';
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

/**
 * Every way the cells of a figure add up: the seven regions to the all-regions row (per column and
 * group of the other dimensions), the rows of a group to its total column, and the counts of a row
 * that sum to another of it (the definition's `sums`). A total repeated on each row of its group is
 * one cell, listed with all its copies.
 */
export function sumConstraints(definition: FigureDefinition, rows: readonly Record<string, Cell>[]): SumConstraint[] {
  const constraints: SumConstraint[] = [];
  const cell = (i: number, key: string) => `${i}:${key}`;
  const counts = definition.columns.filter((c) => c.kind === 'count' || c.kind === 'total').map((c) => c.key);
  if (definition.columns.some((c) => c.key === 'region')) {
    const otherDims = definition.columns.filter((c) => c.kind === 'dimension' && c.key !== 'region').map((c) => c.key);
    for (const key of counts) {
      const groups = new Map<string, { total: number[]; parts: number[] }>();
      rows.forEach((row, i) => {
        const g = groups.get(keyOf(row, otherDims)) ?? { total: [], parts: [] };
        (row.region === ALL_REGIONS ? g.total : g.parts).push(i);
        groups.set(keyOf(row, otherDims), g);
      });
      for (const g of groups.values()) if (g.total.length) constraints.push({ total: g.total.map((i) => cell(i, key)), parts: g.parts.map((i) => cell(i, key)) });
    }
  }
  for (const c of definition.columns) {
    if (c.kind !== 'total') continue;
    const groups = new Map<string, number[]>();
    rows.forEach((row, i) => groups.set(keyOf(row, c.by), [...(groups.get(keyOf(row, c.by)) ?? []), i]));
    for (const members of groups.values()) constraints.push({ total: members.map((i) => cell(i, c.key)), parts: members.map((i) => cell(i, c.of)) });
  }
  for (const sum of definition.sums ?? []) rows.forEach((_, i) => constraints.push({ total: [cell(i, sum.total)], parts: sum.parts.map((k) => cell(i, k)) }));
  return constraints;
}

/**
 * The cells of each region (by its key) whose sum another output publishes (`regionTotalElsewhere`):
 * a group total once, by its first copy (its copies are hidden together).
 */
export function regionTotalParts(definition: FigureDefinition, rows: readonly Record<string, Cell>[]): Map<string, string[]> {
  const parts = new Map<string, string[]>();
  const spec = definition.regionTotalElsewhere;
  const column = definition.columns.find((c) => c.key === spec?.of);
  if (!spec || !column) return parts;
  const counted = new Set<string>();
  rows.forEach((row, i) => {
    const copy = column.kind === 'total' ? keyOf(row, column.by) : String(i);
    if (counted.has(copy)) return;
    counted.add(copy);
    parts.set(String(row.region), [...(parts.get(String(row.region)) ?? []), `${i}:${spec.of}`]);
  });
  return parts;
}

/**
 * The regions' sums another output publishes, as constraints: known (no total in the table) where
 * that output shows them, hidden (a total named for the region, added to `hidden`) where it hides
 * them. A 'region-count' is hidden there by the rule a count column by region gets here; a
 * 'cell-sum' may be shown or hidden there, so it is both.
 */
function elsewhereConstraints(definition: FigureDefinition, rows: readonly Record<string, Cell>[], hidden: Set<string>, valueOf: (cell: string) => number, min: number): SumConstraint[] {
  const as = definition.regionTotalElsewhere?.as;
  const parts = regionTotalParts(definition, rows);
  const sums = new Map([...parts].map(([region, cells]) => [region, cells.reduce((n, cell) => n + valueOf(cell), 0)]));
  const regions = [...parts.keys()].filter((r) => r !== ALL_REGIONS);
  const hiddenThere =
    as === 'region-count'
      ? complementarySuppression(new Set([...sums].flatMap(([r, n]) => (n < min ? [r] : []))), [{ total: [ALL_REGIONS], parts: regions }], (r) => sums.get(r)!)
      : new Set(parts.keys());
  return [...parts].flatMap(([region, cells]) => {
    const known: SumConstraint = { total: [], parts: cells };
    if (!hiddenThere.has(region)) return [known];
    hidden.add(`elsewhere:${region}`);
    const unknown: SumConstraint = { total: [`elsewhere:${region}`], parts: cells };
    return as === 'cell-sum' ? [known, unknown] : [unknown];
  });
}

/**
 * Count cells to hide ("row:key"): those under the minimum, then the complementary ones
 * (api/complementarySuppression.ts), so no hidden cell is had by subtraction, in this table or
 * against a total another output publishes.
 */
function hiddenCounts(definition: FigureDefinition, rows: readonly Record<string, Cell>[], min: number): Set<string> {
  const hidden = new Set<string>();
  const valueOf = (id: string) => {
    const [i, key] = [Number(id.slice(0, id.indexOf(':'))), id.slice(id.indexOf(':') + 1)];
    return Number(rows[i]![key]);
  };
  for (const c of definition.columns) {
    if (c.kind !== 'count' && c.kind !== 'total') continue;
    rows.forEach((row, i) => {
      if (Number(row[c.key]) < min) hidden.add(`${i}:${c.key}`);
    });
  }
  return complementarySuppression(hidden, [...sumConstraints(definition, rows), ...elsewhereConstraints(definition, rows, hidden, valueOf, min)], valueOf);
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
          const visible = shown(num) && shown(den) && Number(row[den]) > 0;
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
