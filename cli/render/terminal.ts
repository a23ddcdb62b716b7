// The terminal view of a run: verdict first, then each target against its limit, then one row per
// endpoint. Pure: returns a string; the caller decides where it goes and whether colour is on.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import { ERROR_CLASSES, type EndpointResult, type ErrorClass, type PercentileKey, type RunResult } from '../results/types.js';
import {
  describeTarget, formatCount, formatMetricValue, formatMs, formatPercent, formatRate,
} from '../core/format.js';

export interface TerminalOptions {
  /** ANSI colours; off for NO_COLOR, pipes and files. */
  color: boolean;
}

export function renderTerminal(result: RunResult, evaluation: Evaluation, options: TerminalOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return [
    ...headline(result, evaluation, c),
    '',
    ...targetLines(evaluation.outcomes, c),
    '',
    endpointTable(result, c),
  ].join('\n') + '\n';
}

function headline(result: RunResult, evaluation: Evaluation, c: ChalkInstance): string[] {
  const { outcomes, verdict } = evaluation;
  const missed = outcomes.filter((o) => !o.pass).length;
  const name = result.scenario.name;
  const lines: string[] = [];
  if (verdict === 'invalid') {
    lines.push(`${c.bold.magenta('INVALID')}  ${name}: the numbers of this run cannot be trusted`);
    for (const reason of evaluation.invalidReasons) lines.push(`  - ${reason}`);
  } else if (verdict === 'fail') {
    lines.push(`${c.bold.red('FAIL')}  ${name}: ${missed} of ${outcomes.length} targets missed`);
  } else {
    const n = outcomes.length;
    const met = n === 0 ? 'no targets set' : n === 1 ? 'the one target met' : `all ${n} targets met`;
    lines.push(`${c.bold.green('PASS')}  ${name}: ${met}`);
  }
  if (result.partial) {
    // On the verdict line itself: with --quiet it is the only line shown.
    lines[0] += c.yellow(` (PARTIAL: stopped early, ${formatMs(result.measuredMs)} measured)`);
  }
  const where = result.target.bundled ? `${result.target.url} (bundled reference server)` : result.target.url;
  const warmup = result.warmupMs > 0 ? ` after ${formatMs(result.warmupMs)} warm-up` : '';
  lines.push(c.dim(
    `${where} · ${result.scenario.model} model · ${formatMs(result.measuredMs)} measured${warmup} · ` +
    `${formatCount(result.overall.attempted)} requests, ${formatRate(result.overall.rps)} req/s`,
  ));
  const v = result.validity;
  if (v.askedRate !== undefined && v.achievedRate !== undefined) {
    const dropped = v.dropped ? `, ${formatCount(v.dropped)} arrivals dropped` : '';
    lines.push(c.dim(`arrival rate asked ${formatRate(v.askedRate)}/s, achieved ${formatRate(v.achievedRate)}/s${dropped}`));
  }
  const { users, ready, failures } = result.setup;
  if (ready < users) {
    const why = Object.entries(failures).map(([msg, n]) => `${msg} (${n})`).join('; ');
    lines.push(c.yellow(`setup: ${ready} of ${users} virtual users ready${why ? `: ${why}` : ''}`));
  }
  return lines;
}

function targetLines(outcomes: TargetOutcome[], c: ChalkInstance): string[] {
  if (outcomes.length === 0) return [c.dim('No targets: nothing to judge (add `targets:` to the scenario).')];
  const rows = outcomes.map((o) => ({
    mark: o.pass ? 'PASS' : 'FAIL',
    target: describeTarget(o.target),
    actual: o.actual === null ? '-' : formatMetricValue(o.target.metric, o.actual, o.atLeast),
    detail: o.note ?? (o.brokenBy.length > 0 && o.target.endpoint === null ? `broken by ${o.brokenBy.join(', ')}` : ''),
    pass: o.pass,
  }));
  const width = (key: 'target' | 'actual') => Math.max(...rows.map((r) => r[key].length));
  const lines = ['Targets'];
  for (const r of rows) {
    // Pad before colouring: ANSI codes have no width.
    const mark = r.pass ? c.green(r.mark) : c.red.bold(r.mark);
    const actual = `actual ${r.actual.padEnd(width('actual'))}`;
    lines.push(`  ${mark}  ${r.target.padEnd(width('target'))}  ${actual}  ${r.detail}`.trimEnd());
  }
  return lines;
}

/** The terminal table's columns: p75 and p99.9 are left to the markdown report for width. */
const TABLE_PERCENTILES: PercentileKey[] = ['p50', 'p90', 'p95', 'p99', 'max'];

function endpointTable(result: RunResult, c: ChalkInstance): string {
  const table = new Table({
    head: ['endpoint', 'requests', 'rps', 'errors', ...TABLE_PERCENTILES, 'top errors'].map((h) => c.bold(h)),
    colAligns: ['left', 'right', 'right', 'right', ...TABLE_PERCENTILES.map(() => 'right' as const), 'left'],
    // cli-table3 would colour headers red through its own colour library; chalk above decides instead.
    // compact: no rule between body rows, so the table is as tall as the number of endpoints.
    style: { head: [], border: [], compact: true },
  });
  for (const e of result.endpoints) table.push(endpointRow(e, e.name, c));
  if (result.endpoints.length !== 1) table.push(endpointRow(result.overall, c.bold('overall'), c));
  return table.toString();
}

function endpointRow(e: EndpointResult, label: string, c: ChalkInstance): string[] {
  if (e.attempted === 0) return [label, '0', '-', '-', ...TABLE_PERCENTILES.map(() => '-'), c.dim('nothing measured')];
  const errors = formatPercent(e.errorRate);
  return [
    label,
    formatCount(e.attempted),
    formatRate(e.rps),
    e.errors > 0 ? c.red(errors) : errors,
    ...TABLE_PERCENTILES.map((p) => {
      const text = formatMetricValue(p, e.latency[p], e.atLeast.includes(p));
      return e.atLeast.includes(p) ? c.yellow(text) : text;
    }),
    topErrorClasses(e),
  ];
}

/** The most frequent error classes, e.g. `timeout 30, http5xx 7` (empty when there were none). */
export function topErrorClasses(e: EndpointResult, limit = 3): string {
  return ERROR_CLASSES
    .map((cls): [ErrorClass, number] => [cls, e.errorClasses[cls] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([cls, n]) => `${cls} ${formatCount(n)}`)
    .join(', ');
}
