// Markdown building blocks shared by the markdown, step-summary, readiness, diagnosis and compare
// renderers: escaped cells, inline code, tables. Numbers are spelled by cli/core/format.ts.

/**
 * Escapes a markdown table cell: pipes would split the cell (GFM honours `\|` even inside code spans),
 * newlines would end the row.
 */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A markdown table from a header row and body rows; every cell escaped. */
export function table(header: string[], rows: string[][], align?: Array<'l' | 'r'>): string {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${sep.join(' | ')} |`, ...rows.map(line)].join('\n');
}
