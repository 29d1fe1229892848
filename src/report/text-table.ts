import { printable } from './printable.js';

/**
 * Plain-text tables for terminals and logs: columns padded to their widest cell, two spaces apart, the last
 * column left ragged so long titles do not pad every row. Columns listed in `right` are right-aligned.
 * Every cell is one line of `printable` text: cells carry stored titles and names, and widths are measured
 * on what the terminal will show.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { readonly right?: readonly number[]; readonly indent?: string } = {},
): string {
  const all = [header, ...rows].map((row) => row.map(printable));
  const widths = header.map((_, col) => Math.max(...all.map((row) => (row[col] ?? '').length)));
  const last = header.length - 1;
  const line = (row: readonly string[]): string =>
    (options.indent ?? '') +
    row
      .map((cell, col) => {
        if (col === last) return cell;
        const width = widths[col] ?? 0;
        return options.right?.includes(col) ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return all.map(line).join('\n');
}
