// The options every run-style command shares (run, phase1-3, today), and their checking: every bad
// value is found before anything starts, and all of them are reported together on one line.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { parseDuration } from '../plan/units.js';
import { connectionProblem } from '../runner/machine-limits.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { parseDurationFlag } from './duration-flag.js';
import { parseExport, type ExportSpec } from '../export/spec.js';
import { addTargetOptions } from './target-options.js';
import { addShardOptions, parseShardOptions, type RawShardOptions, type ShardOptions } from './shard-options.js';

/** Options as commander hands them over: strings, unchecked. */
export interface RawRunOptions extends RawShardOptions {
  target?: string;
  /** --fault, repeatable ([] from commander when absent). */
  fault?: string[];
  /** --preset: a lab state of the bundled server. */
  preset?: string;
  duration?: string;
  warmup?: string;
  connections?: string;
  rate?: string;
  timeout?: string;
  out: string;
  junit?: string;
  json?: boolean;
  quiet?: boolean;
  var?: string[];
  envFile?: string[];
  /** --export KIND=URL, repeatable. */
  export?: string[];
  exportInterval?: string;
}

/** What the command line changes in the scenario (the shape `applyOverrides` takes). */
export interface RunOverrides {
  target?: string;
  durationMs?: number;
  warmupMs?: number;
  connections?: number;
  rate?: number;
  timeoutMs?: number;
}

export interface RunOptions extends ShardOptions {
  overrides: RunOverrides;
  /** Faults for the bundled server (checked when the target starts). */
  faults: string[];
  /** Lab state for the bundled server (checked when the target starts). */
  preset?: string;
  out: string;
  /** JUnit XML file to write for CI test views, if asked for. */
  junit?: string;
  json: boolean;
  quiet: boolean;
  /** Where `${NAME}` values come from, besides the environment (read by `scenarioEnv`). */
  vars: string[];
  envFiles: string[];
  /** Live metrics destinations (`--export`), and how often they are pushed. */
  exports: ExportSpec[];
  exportIntervalMs: number;
}

/** How often live metrics are pushed when --export-interval does not say. */
export const DEFAULT_EXPORT_INTERVAL_MS = 5000;

export const DEFAULT_OUT = 'reports';

export function addRunOptions(cmd: Command): Command {
  addTargetOptions(cmd, 'measure')
    .option('--duration <time>', 'length of the measured window, e.g. 10s or 1m')
    .option('--warmup <time>', 'load before measuring starts, not counted, e.g. 2s (0 for none)')
    .option('--connections <n>', 'closed model: this many connections, each sending its next request on an answer')
    .option('--rate <n>', 'open model: this many flow starts per second, whatever the answers')
    .option('--timeout <time>', 'per-request timeout; a request still unanswered counts as a timeout error')
    .option('--out <dir>', 'folder for the results JSON and markdown report', DEFAULT_OUT)
    .option('--junit <file>', 'also write JUnit XML (one testcase per target) for CI test views')
    .option('--json', 'print the results and evaluation as JSON on stdout (the table goes to stderr)')
    .option('--quiet', 'no progress line, no targets, no table: only the verdict and the files written')
    .option('--export <kind=url>', 'stream live metrics during the run: otlp=URL (OpenTelemetry over OTLP/HTTP) or prometheus-rw=URL (Prometheus remote write); repeatable; --out still gets the files', collect, [])
    .option('--export-interval <time>', 'how often live metrics are pushed (default 5s)');
  return addShardOptions(addEnvOptions(cmd));
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** --var and --env-file: values for the scenario's `${NAME}` references (validate has them too). */
export function addEnvOptions(cmd: Command): Command {
  return cmd
    .option('--var <name=value>', 'give ${name} in the scenario this value (repeatable; beats --env-file and the environment)', collect, [])
    .option('--env-file <file>', 'read NAME=value lines (dotenv) for ${NAME} references (repeatable; beats the environment)', collect, []);
}

/** Checks every option; throws one UsageError naming each bad flag, its value and the fix. */
export function parseRunOptions(raw: RawRunOptions): RunOptions {
  const problems: string[] = [];
  const overrides: RunOverrides = {};
  // `flagged` parsers name their flag themselves; the others get it put in front.
  const check = <T>(flag: string, value: string | undefined, parse: (v: string) => T, set: (v: T) => void, flagged = false) => {
    if (value === undefined) return;
    try {
      set(parse(value));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      problems.push(flagged ? message : `${flag}: ${message}`);
    }
  };
  const longerThanZero = (flag: string) => (v: string) => parseDurationFlag(flag, v, { atLeastMs: 0, example: '10s' });
  check('--target', raw.target, (v) => parseTargetUrl(v).href, (v) => { overrides.target = v; });
  check('--duration', raw.duration, longerThanZero('--duration'), (v) => { overrides.durationMs = v; }, true);
  check('--warmup', raw.warmup, (v) => parseDuration(/^0+$/.test(v) ? '0ms' : v), (v) => { overrides.warmupMs = v; });
  check('--timeout', raw.timeout, longerThanZero('--timeout'), (v) => { overrides.timeoutMs = v; }, true);
  check('--connections', raw.connections, (v) => withinMachine(count(v, 'connections')), (v) => { overrides.connections = v; });
  check('--rate', raw.rate, rate, (v) => { overrides.rate = v; });
  if (raw.connections !== undefined && raw.rate !== undefined) {
    problems.push(
      '--connections and --rate cannot be used together: --connections runs a closed model ' +
      '(N connections waiting for answers), --rate an open model (N arrivals per second); pick one',
    );
  }
  if (!raw.out.trim()) problems.push('--out: give a folder name, e.g. --out reports');
  const exports: ExportSpec[] = [];
  for (const value of raw.export ?? []) check('--export', value, parseExport, (v) => { exports.push(v); }, true);
  let exportIntervalMs = DEFAULT_EXPORT_INTERVAL_MS;
  check('--export-interval', raw.exportInterval, (v) => parseDurationFlag('--export-interval', v, { atLeastMs: 100, purpose: 'to push metrics', example: '5s' }), (v) => { exportIntervalMs = v; }, true);
  const sharding = parseShardOptions(raw, problems);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return {
    overrides,
    faults: raw.fault ?? [],
    ...(raw.preset !== undefined ? { preset: raw.preset } : {}),
    out: raw.out,
    ...(raw.junit ? { junit: raw.junit } : {}),
    json: raw.json === true,
    quiet: raw.quiet === true,
    vars: raw.var ?? [],
    envFiles: raw.envFile ?? [],
    exports,
    exportIntervalMs,
    ...sharding,
  };
}

function count(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new Error(`"${text}" is not a whole number of ${what} of 1 or more, e.g. 50`);
  }
  return n;
}

function withinMachine(connections: number): number {
  const problem = connectionProblem(connections);
  if (problem !== null) throw new Error(`${problem}; ask for fewer`);
  return connections;
}

function rate(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(n > 0)) {
    throw new Error(`"${text}" is not an arrival rate above zero (flow starts per second), e.g. 100`);
  }
  return n;
}
