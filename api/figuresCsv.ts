// A figure as comma-separated values (RFC 4180), for Accept: text/csv: a
// header of column keys, one line per row, CRLF line ends. A suppressed cell
// reads ".." (Statistics Sweden's mark for a figure not shown), never a number.
import type { FigureRow } from './figureTable.js';

/** The mark of a suppressed cell. */
export const SUPPRESSED_MARK = '..';

const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function figuresCsv(columns: readonly { key: string }[], rows: readonly FigureRow[]): string {
  const lines = [columns.map((c) => field(c.key)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => field(row[c.key] === null || row[c.key] === undefined ? SUPPRESSED_MARK : String(row[c.key]))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
