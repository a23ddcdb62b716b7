// Virtual-user identities from the scenario's `users`: each is the set of variables its requests
// render with (scenario variables, then the user's own fields, then `$n`, the user number from 1).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario, UsersSpec } from '../plan/types.js';
import type { Vars } from '../plan/template.js';
import { UsageError } from '../core/errors.js';

/** How many distinct users the spec defines (Infinity for `none`: anonymous users are unlimited). */
export function userCount(spec: UsersSpec, scenarioFile: string | null): number {
  switch (spec.kind) {
    case 'none': return Number.POSITIVE_INFINITY;
    case 'inline': return spec.list.length;
    case 'pattern': return spec.count;
    case 'csv': return readCsvUsers(spec.file, scenarioFile).length;
  }
}

/** The first `count` identities (fewer if the spec defines fewer). */
export function expandUsers(s: Scenario, count: number): Vars[] {
  const n = Math.min(count, userCount(s.users, s.file));
  const fields = fieldsOf(s.users, s.file, n);
  return fields.map((f, i) => ({ ...s.variables, ...f, $n: String(i + 1) }));
}

function fieldsOf(spec: UsersSpec, scenarioFile: string | null, n: number): Array<Record<string, string>> {
  switch (spec.kind) {
    case 'none': return Array.from({ length: n }, () => ({}));
    case 'inline': return spec.list.slice(0, n);
    case 'csv': return readCsvUsers(spec.file, scenarioFile).slice(0, n);
    case 'pattern':
      return Array.from({ length: n }, (_, i) => Object.fromEntries(
        Object.entries(spec.fields).map(([k, v]) => [k, v.replaceAll('{{n}}', String(i + 1))]),
      ));
  }
}

const csvCache = new Map<string, Array<Record<string, string>>>();

export function readCsvUsers(file: string, scenarioFile: string | null): Array<Record<string, string>> {
  const path = resolve(scenarioFile ? dirname(scenarioFile) : process.cwd(), file);
  const cached = csvCache.get(path);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    throw new UsageError(`cannot read users file ${path} (${code}): check users.csv in the scenario`);
  }
  const rows = parseCsv(text).filter((r) => r.some((c) => c !== ''));
  const [header, ...data] = rows;
  if (!header) throw new UsageError(`users file ${path} is empty: it needs a header row, then one user per line`);
  const users = data.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
  csvCache.set(path, users);
  return users;
}

/** RFC 4180 CSV: commas, double-quoted fields with "" escapes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
