// Virtual-user identities from the scenario's `users`: each is the set of variables its requests
// render with (scenario variables, then the user's own fields, then `$n`, the user number from 1).
import { readFileSync, statSync } from 'node:fs';
import type { Scenario, UsersSpec } from '../plan/types.js';
import { expandEnv, type Vars } from '../plan/template.js';
import { ScenarioError, UsageError } from '../core/errors.js';
import { MAX_USERS_CSV_BYTES, overLimit } from '../plan/read-capped.js';
import { expandUsers as expandUserFields } from '../plan/users.js';
import { parseUsersCsv, resolveUsersCsv } from '../plan/users-csv.js';

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
  const env = s.env ?? {};
  const filled = (r: Record<string, string>) => (s.env ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, expandEnv(v, env)])) : r);
  const variables = filled(s.variables);
  return fields.map((f, i) => ({ ...variables, ...filled(f), $n: String(i + 1) }));
}

function fieldsOf(spec: UsersSpec, scenarioFile: string | null, n: number): Array<Record<string, string>> {
  if (spec.kind === 'none') return Array.from({ length: n }, () => ({}));
  if (spec.kind === 'csv') return readCsvUsers(spec.file, scenarioFile).slice(0, n);
  return expandUserFields(spec).slice(0, n);
}

const csvCache = new Map<string, Array<Record<string, string>>>();

/**
 * Users of a scenario still holding `users: {csv}` (parsed from text rather than loaded from its
 * file, which reads the CSV already): read relative to the scenario file, checked by the loader's rules.
 */
export function readCsvUsers(file: string, scenarioFile: string | null): Array<Record<string, string>> {
  const where = resolveUsersCsv(file, scenarioFile, false);
  if (!where.ok) throw new UsageError(`${where.message} (${where.hint})`);
  const path = where.path;
  const cached = csvCache.get(path);
  if (cached) return cached;
  let text: string;
  try {
    if (statSync(path).size > MAX_USERS_CSV_BYTES) throw new UsageError(`${overLimit('users CSV file', statSync(path).size, MAX_USERS_CSV_BYTES)}: ${path}`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as { code?: string }).code ?? String(err);
    throw new UsageError(`cannot read users file ${path} (${code}): check users.csv in the scenario`);
  }
  const parsed = parseUsersCsv(text, path);
  if (!parsed.ok) throw new ScenarioError(parsed.problems);
  csvCache.set(path, parsed.list);
  return parsed.list;
}
