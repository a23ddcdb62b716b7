// Rules the schema cannot express: names that must refer to something, templates, targets, URLs.
// Runs on the raw data even when the schema found problems, reading it defensively, so one pass
// reports every problem in the file rather than the first layer of them.
import { suggest } from './did-you-mean.js';
import type { ProblemList, YamlPath } from './problems.js';
import { NAME_PATTERN } from './schema.js';
import { isTargetProblem, parseTarget } from './targets.js';
import { checkUsers, checkVariableName } from './check-users.js';
import { BUILTIN_VARIABLES, parseTemplateString } from './template.js';
import { checkDuration } from './units.js';
import { list, obj, type Obj } from './raw-access.js';

const NAME_RE = new RegExp(NAME_PATTERN);
/** Dotted path into a JSON body: `access_token`, `data.items.0.id`. */
const JSON_PATH_RE = /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+)*$/;

/**
 * @param csvFields the users CSV header when it was read, or null when users come from a CSV not
 *   yet read (then templates may reference names only the CSV can confirm).
 */
export function checkScenario(raw: unknown, problems: ProblemList, csvFields: string[] | null = []): void {
  const root = obj(raw);
  const requests = obj(root.requests);
  const names = Object.keys(requests);
  const setup = list(root.setup).filter((s): s is string => typeof s === 'string');

  if (root.requests !== undefined && names.length === 0) problems.add(['requests'], 'no requests defined', 'add at least one request');
  for (const n of names) if (!NAME_RE.test(n)) problems.add(['requests', n], `request name "${n}" is not allowed`, 'use letters, digits, _ and -', 'key');
  // A target read from the environment is checked once it has its value, when the run starts.
  if (typeof root.target === 'string' && !root.target.includes('${')) checkUrl(root.target, problems);

  const known = new Set<string>([...BUILTIN_VARIABLES, ...Object.keys(obj(root.variables))]);
  for (const v of Object.keys(obj(root.variables))) checkVariableName(v, ['variables', v], problems);
  const fieldsOpen = root.users === undefined ? false : checkUsers(obj(root.users), problems, csvFields, known);
  for (const [n, r] of Object.entries(requests)) {
    for (const [v, p] of Object.entries(obj(obj(r).capture))) {
      checkVariableName(v, ['requests', n, 'capture', v], problems);
      known.add(v);
      if (typeof p === 'string' && !JSON_PATH_RE.test(p)) {
        problems.add(['requests', n, 'capture', v], `malformed capture path "${p}"`, 'write a dotted path into the JSON response, e.g. access_token or data.items.0.id');
      }
    }
  }

  const refer = (name: unknown, path: YamlPath) => {
    if (typeof name === 'string' && !Object.hasOwn(requests, name)) problems.add(path, `unknown request "${name}"`, suggest(name, names, 'requests'));
  };
  setup.forEach((s, i) => refer(s, ['setup', i]));
  const mixed = new Set<string>();
  if (Array.isArray(root.mix)) {
    root.mix.forEach((f, i) => list(obj(f).run).forEach((r, j) => {
      refer(r, ['mix', i, 'run', j]);
      if (typeof r === 'string') mixed.add(r);
    }));
  } else {
    for (const n of names) if (!setup.includes(n)) mixed.add(n);
    if (names.length && !mixed.size) problems.add(['setup'], 'every request is in setup, so nothing would be measured', 'add a mix, or take a request out of setup');
  }

  for (const [n, r] of Object.entries(requests)) checkRequest(n, obj(r), known, fieldsOpen, problems);
  for (const [h, v] of Object.entries(obj(obj(root.defaults).headers))) checkTemplate(v, ['defaults', 'headers', h], known, fieldsOpen, problems);
  checkLoad(obj(root.load), problems);
  checkTargets(obj(root.targets), names, setup, mixed, problems);
}

function checkUrl(target: string, problems: ProblemList): void {
  let url: URL | null = null;
  try { url = new URL(target); } catch { /* reported below */ }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    problems.add(['target'], `"${target}" is not an http(s) URL`, 'write a base URL such as http://127.0.0.1:8080, or omit target to use the bundled server');
  }
}

function checkTemplate(value: unknown, path: YamlPath, known: Set<string>, fieldsOpen: boolean, problems: ProblemList): void {
  if (typeof value === 'string') {
    const { parts, problems: bad } = parseTemplateString(value);
    for (const p of bad) problems.add(path, p, 'write {{name}}; names are letters, digits and _');
    for (const part of parts) {
      if (typeof part === 'string' || !('name' in part) || known.has(part.name) || (fieldsOpen && !part.name.startsWith('$'))) continue;
      problems.add(path, `unknown variable {{${part.name}}}`, suggest(part.name, [...known].sort(), 'known variables'));
    }
  } else if (Array.isArray(value)) value.forEach((v, i) => checkTemplate(v, [...path, i], known, fieldsOpen, problems));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkTemplate(v, [...path, k], known, fieldsOpen, problems);
  }
}

function checkRequest(name: string, r: Obj, known: Set<string>, fieldsOpen: boolean, problems: ProblemList): void {
  const at = (...rest: Array<string | number>): YamlPath => ['requests', name, ...rest];
  if (typeof r.path === 'string' && !r.path.startsWith('/')) problems.add(at('path'), `path "${r.path}" must start with "/"`, 'the host goes in target; write e.g. /api/me');
  checkTemplate(r.path, at('path'), known, fieldsOpen, problems);
  for (const [h, v] of Object.entries(obj(r.headers))) checkTemplate(v, at('headers', h), known, fieldsOpen, problems);
  const bodies = (['body', 'form', 'text'] as const).filter((k) => r[k] !== undefined);
  if (bodies.length > 1) {
    problems.add(at(bodies[1]!), `a request has one body: this one has ${bodies.join(' and ')}`,
      'keep one: body (JSON), form (url-encoded) or text (raw, with a content-type header)', 'key');
  }
  for (const k of bodies) checkTemplate(r[k], at(k), known, fieldsOpen, problems);
  list(obj(r.expect).fields).forEach((f, i) => {
    if (typeof f === 'string' && !JSON_PATH_RE.test(f)) problems.add(at('expect', 'fields', i), `malformed field path "${f}"`, 'write a dotted path such as access_token or data.id');
  });
  if (r.timeout !== undefined && positive(r.timeout) === false) problems.add(at('timeout'), 'a timeout must be more than 0');
}

/** false when the value is a valid duration of 0; null when it is not a duration at all. */
function positive(v: unknown): boolean | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = checkDuration(v);
  return d.ok ? d.value > 0 : null;
}

function checkLoad(load: Obj, problems: ProblemList): void {
  if (load.model === 'closed' && positive(load.duration) === false) problems.add(['load', 'duration'], 'a run must last more than 0', 'e.g. duration: 15s');
  if (load.model !== 'open') return;
  list(load.stages).forEach((s, i) => {
    const stage = obj(s);
    if (positive(stage.duration) === false) problems.add(['load', 'stages', i, 'duration'], 'a stage must last more than 0');
    if (stage.rate === 0 && (stage.to === undefined || stage.to === 0)) problems.add(['load', 'stages', i], 'this stage starts no flows (rate 0)', 'give it a rate, or a "to" to ramp up to');
  });
}

function checkTargets(targets: Obj, names: string[], setup: string[], mixed: Set<string>, problems: ProblemList): void {
  const parseAll = (items: unknown, endpoint: string | null, path: YamlPath) => list(items).forEach((t, i) => {
    if (typeof t !== 'string') return;
    const parsed = parseTarget(t, endpoint);
    if (isTargetProblem(parsed)) problems.add([...path, i], parsed.problem, parsed.hint);
  });
  parseAll(targets.overall, null, ['targets', 'overall']);
  for (const [endpoint, items] of Object.entries(obj(targets.endpoints))) {
    const path = ['targets', 'endpoints', endpoint];
    if (endpoint !== '*' && !names.includes(endpoint)) problems.add(path, `unknown request "${endpoint}"`, suggest(endpoint, ['*', ...names], 'requests'), 'key');
    else if (endpoint !== '*' && !mixed.has(endpoint) && setup.includes(endpoint)) {
      problems.add(path, `"${endpoint}" only runs in setup, which is not measured`, 'target a request that runs in the mix', 'key');
    } else if (endpoint !== '*' && !mixed.has(endpoint) && mixed.size) {
      problems.add(path, `"${endpoint}" is not in the mix, so it is never measured`, 'add it to a flow in mix, or remove this target', 'key');
    }
    parseAll(items, endpoint, path);
  }
}
