// Secondary (complementary) suppression, one rule for every table of counts
// the API publishes — the figures (api/figureTable.ts) and the case
// statistics (api/caseStatisticsSuppression.ts): hiding a small count is not
// enough where counts add up to a total someone can know, since the total
// minus the shown parts gives the hidden one back. So, of every such sum with
// exactly one hidden part, one more part is hidden; and a hidden total is not
// left to be had as the sum of its parts, all shown: one of them is hidden.

/**
 * Count cells that add up to a total: hiding exactly one part would not hide it. `total` lists the
 * total's cells in the same table (a total repeated on each row of a group is one cell, listed with
 * all its copies); an empty `total` is a total the table does not show but that may be known all
 * the same — a marginal another figure publishes, or any count a reader can get elsewhere.
 */
export interface SumConstraint {
  total: string[];
  parts: string[];
}

/**
 * Adds to `hidden` (the cells hidden for being small) until nothing changes: one more part of every
 * sum whose total is not hidden and of which exactly one part is hidden — the smallest shown part
 * (`valueOf`), or the total itself when no part is left and the total is in the table; the smallest
 * part of every sum whose total is hidden and no part is; a total hidden on one of its rows is
 * hidden on all. Returns `hidden`. A total outside the table hidden where it is published is
 * listed under a name of its own and put in `hidden` beforehand.
 *
 * A part alone in a sum whose total is not in the table is known through that total, so it is never
 * hidden as a complement: hiding it would hide nothing. A sum left with one hidden part and no other
 * to hide is left alone: either its only part is the hidden one (then the total is under the minimum
 * itself, and hidden wherever the same rule publishes it), or the hidden part follows from totals
 * published elsewhere alone, which nothing in this table can mend.
 */
export function complementarySuppression(hidden: Set<string>, constraints: readonly SumConstraint[], valueOf: (cell: string) => number): Set<string> {
  const pinned = new Set(constraints.flatMap((con) => (con.total.length === 0 && con.parts.length === 1 ? con.parts : [])));
  const hideAll = (cells: readonly string[]) => cells.forEach((cell) => hidden.add(cell));
  const spreadHiddenTotals = () => {
    for (const con of constraints) if (con.total.some((cell) => hidden.has(cell))) hideAll(con.total);
  };
  spreadHiddenTotals();
  let changed = true;
  while (changed) {
    changed = false;
    for (const con of constraints) {
      const totalHidden = con.total.some((cell) => hidden.has(cell));
      const hiddenParts = con.parts.filter((cell) => hidden.has(cell)).length;
      if (totalHidden ? hiddenParts !== 0 : hiddenParts !== 1) continue;
      const before = hidden.size;
      const next = con.parts.filter((cell) => !hidden.has(cell) && !pinned.has(cell)).sort((x, y) => valueOf(x) - valueOf(y))[0];
      if (next) hidden.add(next);
      else if (!totalHidden) hideAll(con.total);
      if (hidden.size === before) continue;
      spreadHiddenTotals();
      changed = true;
    }
  }
  return hidden;
}
