// Rules for `users`: exactly one source, variable-named fields, and pattern users that differ.
import type { ProblemList, YamlPath } from './problems.js';
import { parseTemplateString, VARIABLE_NAME_RE } from './template.js';
import { list, obj, type Obj } from './raw-access.js';

export function checkVariableName(name: string, path: YamlPath, problems: ProblemList): void {
  if (!VARIABLE_NAME_RE.test(name)) problems.add(path, `"${name}" is not a variable name`, 'use letters, digits and _ (names starting with $ are built-in)', 'key');
}

/** Adds user fields to `known`; returns true when fields cannot be known yet (an unread CSV). */
export function checkUsers(users: Obj, problems: ProblemList, csvFields: string[] | null, known: Set<string>): boolean {
  const kinds = (['pattern', 'inline', 'csv'] as const).filter((k) => users[k] !== undefined);
  if (kinds.length > 1) problems.add(['users', kinds[1]!], `users has ${kinds.join(' and ')}`, 'choose exactly one of pattern, inline or csv', 'key');
  if (kinds.length === 0) problems.add(['users'], 'users has none of pattern, inline or csv', 'give exactly one of them, or omit users');
  const pattern = obj(users.pattern);
  if (users.pattern !== undefined) {
    const fields = Object.entries(pattern).filter(([k]) => k !== 'count');
    if (!fields.length) problems.add(['users', 'pattern'], 'pattern users have no fields', 'add fields such as email: "user{{n}}@zimmer.test"');
    for (const [k, v] of fields) {
      checkVariableName(k, ['users', 'pattern', k], problems);
      known.add(k);
      if (typeof v !== 'string') continue;
      const refs = parseTemplateString(v);
      for (const p of refs.problems) problems.add(['users', 'pattern', k], p);
      for (const part of refs.parts) {
        if (typeof part !== 'string' && 'name' in part && part.name !== 'n') problems.add(['users', 'pattern', k], `pattern fields can only use {{n}}, not {{${part.name}}}`);
      }
    }
    const count = typeof pattern.count === 'number' ? pattern.count : 1;
    const numbered = fields.filter(([, v]) => typeof v === 'string' && /\{\{\s*n\s*\}\}/.test(v)).map(([k]) => k);
    const needs = fields.some(([k]) => k === 'email') ? 'email' : fields[0]?.[0];
    if (count > 1 && needs && (needs === 'email' ? !numbered.includes('email') : !numbered.length)) {
      problems.add(['users', 'pattern', needs], `${count} users would all have the same ${needs}`, `put {{n}} in it, e.g. "user{{n}}@zimmer.test"`);
    }
  }
  const rows = list(users.inline);
  rows.forEach((row, i) => Object.keys(obj(row)).forEach((k) => { checkVariableName(k, ['users', 'inline', i, k], problems); known.add(k); }));
  const first = Object.keys(obj(rows[0])).sort().join(',');
  rows.forEach((row, i) => {
    if (Object.keys(obj(row)).sort().join(',') !== first) problems.add(['users', 'inline', i], 'this user has different fields from the first user', 'give every user the same fields');
  });
  if (users.csv !== undefined && kinds.length === 1) {
    if (csvFields === null) return true;
    csvFields.forEach((f) => known.add(f));
  }
  return false;
}
