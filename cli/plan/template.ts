// `{{var}}` templates in paths, headers and bodies. A template is parsed once and compiled into a
// closure, because the runner renders one per request at tens of thousands of requests per second:
// rendering must be string concatenation, never parsing. `${NAME}` reads the environment (or
// --var / --env-file): fixed for the whole run, so it is folded into the constant text at compile
// time, and the scenario itself (which reports echo) only ever holds the reference, not the secret.
import { randomUUID } from 'node:crypto';

/** Variables every scenario has. `$uuid` is made per render; the runner supplies `$n` and `$seq`. */
export const BUILTIN_VARIABLES = ['$n', '$uuid', '$seq'] as const;

/** Names a scenario may define (variables, user fields, captures). `$` is kept for built-ins. */
export const VARIABLE_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REFERENCE_RE = /^\$?[A-Za-z_][A-Za-z0-9_]*$/;
const TAG_RE = /\{\{(.*?)\}\}|\$\$\{|\$\{([^}]*)\}/g;
/** What `${NAME}` may name: the shell's rule for environment variable names. */
export const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export type Vars = Record<string, string>;
/** Values of `${NAME}` references, resolved once before a run. */
export type EnvValues = Readonly<Record<string, string>>;
type Part = string | { name: string } | { env: string };

/** Splits a string into literal text and variable references; reports malformed `{{ }}` tags. */
export function parseTemplateString(text: string): { parts: Part[]; problems: string[] } {
  const parts: Part[] = [];
  const problems: string[] = [];
  let last = 0;
  for (const m of text.matchAll(TAG_RE)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
    // `$${` is a literal `${`, for a value that really contains one.
    if (m[0] === '$${') { parts.push('${'); continue; }
    if (m[2] !== undefined) {
      const env = m[2].trim();
      if (ENV_NAME_RE.test(env)) parts.push({ env });
      else problems.push(`malformed environment reference "${m[0]}": write \${NAME} with letters, digits and _ (or $\${ for a literal \${)`);
      continue;
    }
    const name = (m[1] ?? '').trim();
    if (REFERENCE_RE.test(name)) parts.push({ name });
    else problems.push(`malformed template "${m[0]}": a variable name is letters, digits and _`);
  }
  if (last < text.length) parts.push(text.slice(last));
  const rest = parts.filter((p): p is string => typeof p === 'string').join('');
  if (rest.includes('{{') || rest.includes('}}')) problems.push(`unbalanced "{{" or "}}" in "${text}"`);
  return { parts, problems };
}

function lookup(name: string): (vars: Vars) => string {
  if (name === '$uuid') return () => randomUUID();
  // A variable with no value yet (a capture whose response failed) renders empty: the request is
  // still sent and its failure is measured, rather than hidden.
  // typeof, not ??: a name like `constructor` must not render an inherited function.
  return (vars) => {
    const value = vars[name];
    return typeof value === 'string' ? value : '';
  };
}

/** `${NAME}` parts replaced by their values, and adjacent literal text joined. */
function foldEnv(parts: Part[], env: EnvValues): Array<string | { name: string }> {
  const out: Array<string | { name: string }> = [];
  for (const p of parts) {
    let piece: string | { name: string };
    if (typeof p === 'string') piece = p;
    else if ('env' in p) {
      const value = env[p.env];
      // The loader reports an unset reference with its place in the file; reaching here is a bug.
      if (typeof value !== 'string') throw new Error(`\${${p.env}} is not set`);
      piece = value;
    } else piece = p;
    const prev = out[out.length - 1];
    if (typeof piece === 'string' && typeof prev === 'string') out[out.length - 1] = prev + piece;
    else out.push(piece);
  }
  return out;
}

/** Compiles one string; templates without tags return the constant itself. */
export function compileString(text: string, env: EnvValues = {}): (vars: Vars) => string {
  const parsed = parseTemplateString(text);
  if (parsed.problems.length) throw new Error(parsed.problems.join('; '));
  const parts = foldEnv(parsed.parts, env);
  const fns = parts.map((p) => (typeof p === 'string' ? () => p : lookup(p.name)));
  const [a, b] = fns;
  const [pa, , pc] = parts;
  // Specialised shapes cover nearly every real template ("Bearer {{t}}", "/users/{{id}}/x").
  if (!a) return () => '';
  if (parts.length === 1) return a;
  if (parts.length === 2 && b) return (v) => a(v) + b(v);
  if (parts.length === 3 && b && typeof pa === 'string' && typeof pc === 'string') return (v) => pa + b(v) + pc;
  return (vars) => {
    let out = '';
    for (const fn of fns) out += fn(vars);
    return out;
  };
}

/**
 * Compiles a string, or an object/array whose leaf strings are templates (a JSON body).
 * Parts without templates are shared, not copied: treat rendered values as read-only.
 */
export function compileTemplate(value: unknown, env: EnvValues = {}): (vars: Vars) => unknown {
  if (typeof value === 'string') return compileString(value, env);
  if (!hasTemplate(value)) return () => value;
  if (Array.isArray(value)) {
    const items = value.map((v) => compileTemplate(v, env));
    return (vars) => items.map((fn) => fn(vars));
  }
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, compileTemplate(v, env)] as const);
  return (vars) => {
    const out: Record<string, unknown> = {};
    for (const [k, fn] of entries) out[k] = fn(vars);
    return out;
  };
}

/**
 * Compiles a JSON body straight to its serialised text: constant fragments are stringified once,
 * and only templated leaves are escaped per render. Same output as JSON.stringify(render(vars)).
 */
export function compileJsonBody(value: unknown, env: EnvValues = {}): (vars: Vars) => string {
  const segments: Array<string | ((vars: Vars) => string)> = [];
  const emit = (s: string | ((vars: Vars) => string)) => {
    const prev = segments[segments.length - 1];
    if (typeof s === 'string' && typeof prev === 'string') segments[segments.length - 1] = prev + s;
    else segments.push(s);
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'string' && hasTemplate(v)) {
      const fn = compileString(v, env);
      if (!templateVariables(v).length) emit(JSON.stringify(fn({})));
      else emit((vars) => JSON.stringify(fn(vars)));
    } else if (Array.isArray(v)) {
      emit('[');
      v.forEach((item, i) => { if (i) emit(','); walk(item === undefined ? null : item); });
      emit(']');
    } else if (v !== null && typeof v === 'object') {
      emit('{');
      Object.entries(v).filter(([, x]) => x !== undefined).forEach(([k, x], i) => {
        emit(`${i ? ',' : ''}${JSON.stringify(k)}:`);
        walk(x);
      });
      emit('}');
    } else {
      emit(JSON.stringify(v) ?? 'null');
    }
  };
  walk(value);
  if (segments.length === 1 && typeof segments[0] === 'string') {
    const text = segments[0];
    return () => text;
  }
  return (vars) => {
    let out = '';
    for (const s of segments) out += typeof s === 'string' ? s : s(vars);
    return out;
  };
}

/** True if any string inside `value` holds a `{{` tag or a `${NAME}` reference. */
export function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{') || value.includes('${');
  if (Array.isArray(value)) return value.some(hasTemplate);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasTemplate);
  return false;
}

/** Every variable name referenced in `value` (strings, nested objects and arrays), in order, once. */
export function templateVariables(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const p of parseTemplateString(v).parts) if (typeof p !== 'string' && 'name' in p) names.add(p.name);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...names];
}

/** Every `${NAME}` referenced in `value` (strings, nested objects and arrays), in order, once. */
export function envReferences(value: unknown): string[] {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('${')) for (const p of parseTemplateString(v).parts) if (typeof p !== 'string' && 'env' in p) names.add(p.env);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...names];
}

/** A plain value (a variable, a user field, the target URL) with its `${NAME}` references filled in. */
export function expandEnv(text: string, env: EnvValues): string {
  if (!text.includes('${')) return text;
  const { parts, problems } = parseTemplateString(text);
  // Text the loader did not check (a CSV field): left exactly as written.
  if (problems.length || parts.some((p) => typeof p !== 'string' && 'env' in p && typeof env[p.env] !== 'string')) return text;
  return foldEnv(parts, env).map((p) => (typeof p === 'string' ? p : `{{${p.name}}}`)).join('');
}
