// Virtual users: a CSV file read into rows, and `pattern` users expanded to one record each.
import type { Problem } from '../core/errors.js';
import type { UsersSpec } from './types.js';
import { VARIABLE_NAME_RE } from './template.js';

export type CsvResult = { ok: true; list: Array<Record<string, string>> } | { ok: false; problems: Problem[] };

/** Splits RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF) into rows with their line numbers. */
function csvRows(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { cell += ch; if (ch === '\n') line++; }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') { cells.push(cell); cell = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      rowLine = ++line;
    } else cell += ch;
  }
  if (cell !== '' || cells.length) endRow();
  return rows;
}

/** Reads users from CSV text: a header row of variable names, then one user per row. */
export function parseUsersCsv(text: string, file: string): CsvResult {
  const problems: Problem[] = [];
  const at = (line: number, message: string, hint?: string) =>
    problems.push({ file, line, column: 1, path: '', message, ...(hint ? { hint } : {}) });
  const [header, ...rows] = csvRows(text.replace(/^\uFEFF/, ''));
  if (!header) {
    at(1, 'the users CSV file is empty', 'add a header row such as email,password and one row per user');
    return { ok: false, problems };
  }
  const names = header.cells.map((c) => c.trim());
  names.forEach((n) => {
    if (!VARIABLE_NAME_RE.test(n)) at(header.line, `column "${n}" is not a variable name`, 'use letters, digits and _ in the header row');
  });
  if (new Set(names).size !== names.length) at(header.line, 'duplicate column names in the header row');
  if (!rows.length) at(header.line, 'the users CSV file has a header but no users', 'add one row per user');
  const list: Array<Record<string, string>> = [];
  for (const row of rows) {
    if (row.cells.length !== names.length) {
      at(row.line, `row has ${row.cells.length} field(s), the header has ${names.length}`, 'quote fields that contain commas');
      continue;
    }
    list.push(Object.fromEntries(names.map((n, i) => [n, row.cells[i] ?? ''])));
  }
  return problems.length ? { ok: false, problems } : { ok: true, list };
}

/** One record per virtual user (user 1 first). Pattern fields get `{{n}}` replaced by the user number. */
export function expandUsers(users: UsersSpec): Array<Record<string, string>> {
  switch (users.kind) {
    case 'none':
      return [];
    case 'inline':
      return users.list;
    case 'pattern':
      return Array.from({ length: users.count }, (_, i) =>
        Object.fromEntries(Object.entries(users.fields).map(([k, v]) => [k, v.replace(/\{\{\s*n\s*\}\}/g, String(i + 1))])),
      );
    case 'csv':
      throw new Error(`users CSV ${users.file} was not loaded: use loadScenarioFile`);
  }
}

/** Field names every user has, which templates may reference. */
export function userFields(users: UsersSpec): string[] {
  if (users.kind === 'pattern') return Object.keys(users.fields);
  if (users.kind === 'inline') return Object.keys(users.list[0] ?? {});
  return [];
}
