// `${NAME}` references: where a scenario may use them, where their values come from (the
// environment, a dotenv file, --var), and the located problem for one that is not set. Values stay
// out of the Scenario's echoed parts: only `Scenario.env` holds them, and writers never read it.
import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { UsageError } from '../core/errors.js';
import type { ProblemList, YamlPath } from './problems.js';
import { obj, type Obj } from './raw-access.js';
import { envReferences, ENV_NAME_RE, type EnvValues } from './template.js';

/** The environment a scenario is loaded with; unset names are `undefined`, as in process.env. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Every place a `${NAME}` is read, with the names used there. */
export function envPlaces(raw: unknown): Array<{ path: YamlPath; names: string[] }> {
  const root = obj(raw);
  const places: Array<{ path: YamlPath; value: unknown }> = [
    { path: ['target'], value: root.target },
    { path: ['variables'], value: root.variables },
    { path: ['users'], value: root.users },
    { path: ['defaults', 'headers'], value: obj(root.defaults).headers },
  ];
  for (const [name, r] of Object.entries(obj(root.requests))) {
    const req: Obj = obj(r);
    for (const key of ['path', 'headers', 'body', 'form', 'text']) places.push({ path: ['requests', name, key], value: req[key] });
  }
  return places.map((p) => ({ path: p.path, names: envReferences(p.value) })).filter((p) => p.names.length);
}

/**
 * The values of the names the scenario uses. An unset name is a problem at the place it is used,
 * with the three ways to give it a value; an empty value counts as set (it may be meant).
 */
export function resolveEnv(raw: unknown, source: EnvSource, problems: ProblemList): Record<string, string> {
  const values: Record<string, string> = {};
  const reported = new Set<string>();
  for (const { path, names } of envPlaces(raw)) {
    for (const name of names) {
      const value = source[name];
      if (typeof value === 'string') { values[name] = value; continue; }
      if (reported.has(name)) continue;
      reported.add(name);
      problems.add(path, `\${${name}} is not set`,
        `export ${name}=... before running, pass --var ${name}=..., or put ${name}=... in a file given with --env-file`);
    }
  }
  return values;
}

/**
 * process.env, then each --env-file in order, then each --var: later sources win, so a flag on the
 * command line beats a file, and a file beats the shell.
 */
export async function envFromOptions(envFiles: string[], vars: string[], base: EnvSource = process.env): Promise<EnvSource> {
  const out: Record<string, string | undefined> = { ...base };
  for (const file of envFiles) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`--env-file: cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? String(err)}): check the path`);
    }
    Object.assign(out, parseEnv(text));
  }
  for (const v of vars) {
    const eq = v.indexOf('=');
    const name = eq > 0 ? v.slice(0, eq) : '';
    if (!ENV_NAME_RE.test(name)) throw new UsageError(`--var "${v}": write NAME=value, with a name of letters, digits and _ (e.g. --var ZB_USERNAME=alice)`);
    out[name] = v.slice(eq + 1);
  }
  return out;
}

/** Replaces every secret value in `text` by its `${NAME}` reference (values under 4 characters are left alone: too common to mean anything). */
export function redactSecrets(text: string, env: EnvValues): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) if (value.length >= 4) out = out.split(value).join(`\${${name}}`);
  return out;
}
