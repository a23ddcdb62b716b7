// A users CSV file read into one record per user. The file holds passwords, so no problem message
// ever quotes a cell: problems name the line and the column number only. Parsing is csv-parse's
// (RFC 4180 quoting, CRLF, BOM, and an unclosed quote reported at its line instead of silently
// swallowing the rest of the file).
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import type { Problem } from '../core/errors.js';
import { VARIABLE_NAME_RE } from './template.js';

export type CsvResult = { ok: true; list: Array<Record<string, string>> } | { ok: false; problems: Problem[] };

interface Row {
  line: number;
  cells: string[];
}

/** What csv-parse reports, said without the cell it choked on. */
const SYNTAX: Partial<Record<string, string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a quote inside a field that is not quoted as a whole',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'text after the closing quote of a field',
  INVALID_OPENING_QUOTE: 'a quote inside a field that is not quoted as a whole',
};

function rows(text: string): Row[] | Problem {
  try {
    const records = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
    return records.map(({ record, info }) => ({ line: info.lines, cells: record }));
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = typeof err.lines === 'number' ? err.lines : null;
    return {
      file: '', line, column: line === null ? null : 1, path: '',
      message: `not valid CSV: ${SYNTAX[err.code] ?? err.code}`,
      hint: 'quote a field that holds commas, quotes or line breaks as a whole ("a,b"), doubling quotes inside it ("say ""hi""")',
    };
  }
}

/** Reads users from CSV text: a header row of variable names, then one user per row. */
export function parseUsersCsv(text: string, file: string): CsvResult {
  const problems: Problem[] = [];
  const at = (line: number, message: string, hint?: string) =>
    problems.push({ file, line, column: 1, path: '', message, ...(hint ? { hint } : {}) });
  const parsed = rows(text);
  if (!Array.isArray(parsed)) return { ok: false, problems: [{ ...parsed, file }] };
  const [header, ...users] = parsed;
  if (!header) {
    at(1, 'the users CSV file is empty', 'add a header row such as email,password and one row per user');
    return { ok: false, problems };
  }
  const names = header.cells.map((c) => c.trim());
  const bad = names.flatMap((n, i) => (VARIABLE_NAME_RE.test(n) ? [] : [i + 1]));
  if (bad.length) {
    // A first row of data (an email, a password) is the usual cause: name the columns, never the values.
    at(header.line, `the header row's column${bad.length > 1 ? 's' : ''} ${bad.join(', ')} ${bad.length > 1 ? 'are not variable names' : 'is not a variable name'}`,
      'the first row must name the fields in letters, digits and _, e.g. email,password; add one above the users if it is missing');
  }
  if (new Set(names).size !== names.length) at(header.line, 'duplicate column names in the header row');
  if (!users.length) at(header.line, 'the users CSV file has a header but no users', 'add one row per user');
  const list: Array<Record<string, string>> = [];
  for (const row of users) {
    if (row.cells.length !== names.length) {
      at(row.line, `row has ${row.cells.length} field(s), the header has ${names.length}`, 'quote fields that contain commas');
      continue;
    }
    list.push(Object.fromEntries(names.map((n, i) => [n, row.cells[i] ?? ''])));
  }
  return problems.length ? { ok: false, problems } : { ok: true, list };
}

export type CsvPath = { ok: true; path: string } | { ok: false; path: string; message: string; hint: string };

/**
 * Where `users: { csv }` points, resolved against the scenario's folder. A file outside that folder
 * (`../../../etc/passwd`, a symlink leading out) is refused unless the person running the command
 * allows it: a scenario from elsewhere must not be able to send a local file to its target.
 */
export function resolveUsersCsv(csv: string, scenarioFile: string | null, allowOutside: boolean): CsvPath {
  const folder = scenarioFile ? dirname(resolve(scenarioFile)) : process.cwd();
  const path = resolve(folder, csv);
  if (allowOutside) return { ok: true, path };
  const real = (p: string) => {
    try { return realpathSync(p); } catch { return p; }
  };
  const rel = relative(real(folder), real(path));
  if (rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)) return { ok: true, path };
  return {
    ok: false, path,
    message: `the users file ${csv} is outside the scenario's folder ${folder}`,
    hint: 'move it into that folder, or allow it explicitly with --allow-outside-csv',
  };
}
