// YAML text or file -> validated Scenario, or a ScenarioError carrying every problem found:
// syntax, then shape (schema), then meaning (references, templates, targets), each located.
import { resolve } from 'node:path';
import { ScenarioError, type Problem } from '../core/errors.js';
import { buildScenario } from './build-scenario.js';
import { BUNDLED_SCENARIOS } from './bundled.js';
import { checkScenario } from './check-scenario.js';
import { resolveEnv, type EnvSource } from './env.js';
import { parseYaml, toPlainData } from './parse-yaml.js';
import { MAX_SCENARIO_BYTES, MAX_USERS_CSV_BYTES, overLimit, readCapped } from './read-capped.js';
import { scenarioSchema } from './schema.js';
import type { Scenario } from './types.js';
import { parseUsersCsv, resolveUsersCsv } from './users-csv.js';
import { addZodIssues } from './zod-issues.js';

/** A users CSV already read (or failed to read) by loadScenarioFile. */
type CsvSource = { ok: true; file: string; list: Array<Record<string, string>> } | { ok: false; problems: Problem[] };

/** How a scenario is loaded: the environment its `${NAME}` references read (default process.env). */
export interface LoadOptions {
  env?: EnvSource;
  /** Read a users CSV that lies outside the scenario's folder (`--allow-outside-csv`). */
  allowOutsideCsv?: boolean;
}

function validate(text: string, file: string, csv: CsvSource | null, absolute: string | null, options: LoadOptions): Scenario {
  const yaml = parseYaml(text, file);
  const { problems } = yaml;
  if (problems.size) throw new ScenarioError(problems.sorted());
  const plain = toPlainData(yaml);
  if (!plain.ok) throw new ScenarioError(problems.sorted());
  const raw = plain.value;
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
    const read = await readCapped(absolute, MAX_SCENARIO_BYTES);
    if (!read.ok) {
      throw new ScenarioError([{
        file: path, line: null, column: null, path: '', message: overLimit('scenario file', read.size, MAX_SCENARIO_BYTES),
        hint: 'a scenario holds requests, load and targets; put many users in a users CSV file, users: { csv: users.csv }',
      }]);
    }
    text = read.text;
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError([{
      file: path, line: null, column: null, path: '', message: `cannot read the scenario file (${codeOf(err)})`,
      hint: `check the path; bundled scenarios: ${BUNDLED_SCENARIOS.join(', ')}`,
    }]);
  }
  return validate(text, path, await readCsv(text, path, absolute, options.allowOutsideCsv === true), absolute, options);
}

/** Reads `users.csv` when the scenario has one; null when it has none (or it cannot be found yet). */
async function readCsv(text: string, file: string, absolute: string, allowOutsideCsv: boolean): Promise<CsvSource | null> {
  const { doc, problems } = parseYaml(text, file);
  const csv = problems.size ? undefined : doc.getIn(['users', 'csv']);
  if (typeof csv !== 'string' || csv === '') return null;
  const where = resolveUsersCsv(csv, absolute, allowOutsideCsv);
  const csvPath = where.path;
  if (!where.ok) {
    problems.add(['users', 'csv'], where.message, where.hint);
    return { ok: false, problems: problems.problems };
  }
  try {
    const read = await readCapped(csvPath, MAX_USERS_CSV_BYTES);
    if (!read.ok) {
      problems.add(['users', 'csv'], `${overLimit('users CSV file', read.size, MAX_USERS_CSV_BYTES)}: ${csvPath}`, 'split the users over several scenarios, or use a users pattern');
      return { ok: false, problems: problems.problems };
    }
    const result = parseUsersCsv(read.text, csvPath);
    return result.ok ? { ok: true, file: csvPath, list: result.list } : result;
  } catch (err) {
    problems.add(['users', 'csv'], `cannot read users file ${csvPath} (${codeOf(err)})`, 'the path is relative to the scenario file');
    return { ok: false, problems: problems.problems };
  }
}

function codeOf(err: unknown): string {
  return (err as { code?: string }).code ?? String(err);
}
