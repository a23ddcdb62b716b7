// YAML text or file -> validated Scenario, or a ScenarioError carrying every problem found:
// syntax, then shape (schema), then meaning (references, templates, targets), each located.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { ScenarioError, type Problem } from '../core/errors.js';
import { buildScenario } from './build-scenario.js';
import { BUNDLED_SCENARIOS } from './bundled.js';
import { checkScenario } from './check-scenario.js';
import { resolveEnv, type EnvSource } from './env.js';
import { ProblemList } from './problems.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';
import { parseUsersCsv } from './users.js';
import { addZodIssues } from './zod-issues.js';

/** A users CSV already read (or failed to read) by loadScenarioFile. */
type CsvSource = { ok: true; file: string; list: Array<Record<string, string>> } | { ok: false; problems: Problem[] };

function parseYaml(text: string, file: string): { doc: Document; problems: ProblemList } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems = new ProblemList(file, doc, lines);
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    problems.push({
      file, line: pos.line, column: pos.col, path: '',
      message: `YAML syntax: ${err.message.split('\n')[0]}`,
      hint: err.code === 'DUPLICATE_KEY' ? 'remove or rename the repeated key' : 'check indentation, quotes and colons',
    });
  }
  return { doc, problems };
}

/** How a scenario is loaded: the environment its `${NAME}` references read (default process.env). */
export interface LoadOptions {
  env?: EnvSource;
}

function validate(text: string, file: string, csv: CsvSource | null, absolute: string | null, options: LoadOptions): Scenario {
  const { doc, problems } = parseYaml(text, file);
  if (problems.size) throw new ScenarioError(problems.sorted());
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.add([], 'a scenario is a mapping of keys (name, requests, load, ...)', 'see scenarios/phase1.yaml for an example');
    throw new ScenarioError(problems.sorted());
  }
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) addZodIssues(problems, parsed.error.issues, scenarioSchema, raw);
  if (csv && !csv.ok) {
    for (const p of csv.problems) problems.push(p);
  }
  checkScenario(raw, problems, csv === null ? null : csv.ok ? Object.keys(csv.list[0] ?? {}) : null);
  const env = resolveEnv(raw, options.env ?? process.env, problems);
  if (problems.size || !parsed.success) throw new ScenarioError(problems.sorted());
  return buildScenario(parsed.data, absolute, csv?.ok ? csv.list : null, env);
}

/**
 * Validates scenario text. `file` names it in problems. A `users: {csv}` file is not read here
 * (no I/O): it stays `{kind: 'csv'}`; use loadScenarioFile to have it read and checked.
 */
export function parseScenario(text: string, file: string, options: LoadOptions = {}): Scenario {
  return validate(text, file, null, null, options);
}

/** Reads and validates a scenario file, reading its users CSV (relative to it) into inline users. */
export async function loadScenarioFile(path: string, options: LoadOptions = {}): Promise<Scenario> {
  const absolute = resolve(path);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    throw new ScenarioError([{
      file: path, line: null, column: null, path: '', message: `cannot read the scenario file (${codeOf(err)})`,
      hint: `check the path; bundled scenarios: ${BUNDLED_SCENARIOS.join(', ')}`,
    }]);
  }
  return validate(text, path, await readCsv(text, path, absolute), absolute, options);
}

/** Reads `users.csv` when the scenario has one; null when it has none (or it cannot be found yet). */
async function readCsv(text: string, file: string, absolute: string): Promise<CsvSource | null> {
  const { doc, problems } = parseYaml(text, file);
  const csv = problems.size ? undefined : doc.getIn(['users', 'csv']);
  if (typeof csv !== 'string' || csv === '') return null;
  const csvPath = resolve(dirname(absolute), csv);
  try {
    const result = parseUsersCsv(await readFile(csvPath, 'utf8'), csvPath);
    return result.ok ? { ok: true, file: csvPath, list: result.list } : result;
  } catch (err) {
    problems.add(['users', 'csv'], `cannot read users file ${csvPath} (${codeOf(err)})`, 'the path is relative to the scenario file');
    return { ok: false, problems: problems.problems };
  }
}

function codeOf(err: unknown): string {
  return (err as { code?: string }).code ?? String(err);
}
