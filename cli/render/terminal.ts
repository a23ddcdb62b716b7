// The terminal view of a run, failures first: the verdict, each missed target with its cause in
// words, the met targets folded into one line, a table that fits the width, and the verdict again
// last so it is on screen when the output stops. Pure: width and colour come in, a string goes out.
import { Chalk, type ChalkInstance } from 'chalk';
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import {
  describeTarget, formatCount, formatMetricValue, formatMs, formatRate,
} from '../core/format.js';
import { missCause, setupCause } from './miss-cause.js';
import { endpointTable } from './terminal-table.js';
import { DEFAULT_WIDTH, MIN_WIDTH, truncate, wrap } from './terminal-fit.js';

export { topErrorClasses } from './terminal-table.js';

export interface TerminalOptions {
  /** ANSI colours; off for NO_COLOR, FORCE_COLOR=0, --no-color, pipes and files. */
  color: boolean;
  /** Columns to fit (the terminal's width; 80 when it is not a terminal). */
  width?: number;
}

export function renderTerminal(result: RunResult, evaluation: Evaluation, options: TerminalOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const width = Math.max(MIN_WIDTH, options.width ?? DEFAULT_WIDTH);
  return [
    ...headline(result, evaluation, c, width),
    '',
    ...targetLines(result, evaluation.outcomes, c, width),
    '',
    endpointTable(result, c, width),
    '',
    ...verdictLines(result, evaluation, c, width),
  ].join('\n') + '\n';
}

/** The verdict in one line (wrapped if the name is long): shown first and repeated last. */
function verdictLines(result: RunResult, evaluation: Evaluation, c: ChalkInstance, width: number): string[] {
  const { outcomes, verdict } = evaluation;
  const missed = outcomes.filter((o) => !o.pass).length;
  const name = result.scenario.name;
  let word: string;
  let text: string;
  if (verdict === 'invalid') {
    word = 'INVALID';
    text = `${name}: the numbers of this run cannot be trusted`;
  } else if (verdict === 'fail') {
    word = 'FAIL';
    text = `${name}: ${missed} of ${outcomes.length} targets missed`;
  } else {
    const n = outcomes.length;
    word = 'PASS';
    text = `${name}: ${n === 0 ? 'no targets set' : n === 1 ? 'the one target met' : `all ${n} targets met`}`;
  }
  // On the verdict line itself: with --quiet it is the only line shown.
  const partial = result.partial ? ` (PARTIAL: stopped early, ${formatMs(result.measuredMs)} measured)` : '';
  const paint = verdict === 'invalid' ? c.bold.magenta : verdict === 'fail' ? c.bold.red : c.bold.green;
  const lines = marked(paint(word), word.length, `${text}${partial}`, width);
  if (partial) {
    const at = lines.findIndex((l) => l.includes('(PARTIAL'));
    if (at >= 0) lines[at] = lines[at]!.replace(/\(PARTIAL.*$/, (m) => c.yellow(m));
  }
  return lines;
}

function headline(result: RunResult, evaluation: Evaluation, c: ChalkInstance, width: number): string[] {
  const lines = verdictLines(result, evaluation, c, width);
  if (evaluation.verdict === 'invalid') {
    for (const reason of evaluation.invalidReasons) lines.push(...indented(`- ${reason}`, width, 2, 2));
  }
  const where = result.target.bundled ? `${result.target.url} (bundled reference server)` : result.target.url;
  const warmup = result.warmupMs > 0 ? ` after ${formatMs(result.warmupMs)} warm-up` : '';
  const context = `${where} · ${result.scenario.model} model · ${formatMs(result.measuredMs)} measured${warmup} · ` +
    `${formatCount(result.overall.attempted)} requests, ${formatRate(result.overall.rps)} req/s`;
  lines.push(...wrap(context, width, 2).map((l) => c.dim(l)));
  const v = result.validity;
  if (v.askedRate !== undefined && v.achievedRate !== undefined) {
    const dropped = v.dropped ? `, ${formatCount(v.dropped)} arrivals dropped` : '';
    lines.push(...wrap(`arrival rate asked ${formatRate(v.askedRate)}/s, achieved ${formatRate(v.achievedRate)}/s${dropped}`, width, 2).map((l) => c.dim(l)));
  }
  const setup = setupCause(result);
  if (setup) lines.push(...wrap(setup, width, 2).map((l) => c.yellow(l)));
  return lines;
}

/**
 * Each miss on its own line with its cause under it; misses that measured nothing for the same
 * reason (an endpoint absent, nothing attempted) folded into one; the passes after them, in one line.
 */
function targetLines(result: RunResult, outcomes: TargetOutcome[], c: ChalkInstance, width: number): string[] {
  if (outcomes.length === 0) return wrap('No targets: nothing to judge (add `targets:` to the scenario).', width, 2).map((l) => c.dim(l));
  const lines: string[] = [];
  const missed = outcomes.filter((x) => !x.pass);
  const unmeasured = new Map<string, TargetOutcome[]>();
  for (const o of missed) {
    if (o.actual !== null) continue;
    const why = missCause(result, o);
    unmeasured.set(why, [...(unmeasured.get(why) ?? []), o]);
  }
  for (const o of missed) {
    const why = o.actual === null ? missCause(result, o) : null;
    const group = why === null ? undefined : unmeasured.get(why);
    if (group && group.length > 1) {
      if (group[0] !== o) continue;
      lines.push(...marked(c.red.bold('FAIL'), 4, `${group.length} targets, ${why}`, width));
      lines.push(`      ${truncate(foldTargets(group), width - 6)}`);
      continue;
    }
    const actual = o.actual === null ? '-' : formatMetricValue(o.target.metric, o.actual, o.atLeast);
    lines.push(
      ...marked(c.red.bold('FAIL'), 4, `${describeTarget(o.target)}: actual ${actual}`, width),
      ...indented(missCause(result, o), width, 6),
    );
  }
  const met = outcomes.filter((o) => o.pass);
  if (met.length > 0) lines.push(c.green('PASS') + truncate(`  ${met.length} met: ${foldTargets(met)}`, width - 4));
  return lines;
}

/** "p95 < 1 s on overall, me, …; error_rate < 10 % on overall": targets grouped by their limit. */
function foldTargets(outcomes: TargetOutcome[]): string {
  const groups = new Map<string, string[]>();
  for (const o of outcomes) {
    const key = describeTarget({ ...o.target, endpoint: null }).replace(/^overall /, '');
    groups.set(key, [...(groups.get(key) ?? []), o.target.endpoint ?? 'overall']);
  }
  return [...groups].map(([key, scopes]) => `${key} on ${scopes.join(', ')}`).join('; ');
}

/** "WORD  text", the text wrapped under itself; the mark is coloured already, `markWidth` is its visible width. */
function marked(mark: string, markWidth: number, text: string, width: number): string[] {
  const lines = indented(text, width, markWidth + 2);
  lines[0] = mark + lines[0]!.slice(markWidth);
  return lines;
}

/** `text` wrapped so that every line starts `indent` spaces in (and `hang` more after the first). */
function indented(text: string, width: number, indent: number, hang = 0): string[] {
  return wrap(text, width - indent, hang).map((l) => ' '.repeat(indent) + l);
}
