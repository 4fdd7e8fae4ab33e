/** Left/right-aligned columns for the terminal; widths by code point count (log names are mostly ASCII). */
export type Align = 'left' | 'right';

export function textTable(rows: readonly (readonly string[])[], align: readonly Align[], indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => {
    const cells = row.map((cell, i) => {
      const pad = ' '.repeat((widths[i] ?? 0) - [...cell].length);
      return align[i] === 'right' ? pad + cell : i === row.length - 1 ? cell : cell + pad;
    });
    return (indent + cells.join('  ')).trimEnd();
  });
}
