// The target grammar: `<metric> <op> <value>`, e.g. `p95 < 200ms`, `error_rate < 1%`, `rps > 100`.
// Targets are parsed into plain data here; judging a run against them happens in cli/evaluate.
import type { TargetMetric, TargetOp, TargetSpec } from './types.js';
import { checkDuration, checkPercent, PERCENT_HINT } from './units.js';
import { closest } from './did-you-mean.js';
import { isLatencyMetric, LATENCY_METRICS } from '../core/metrics.js';

export const TARGET_METRICS: readonly TargetMetric[] = [...LATENCY_METRICS, 'error_rate', 'rps', 'timeouts', 'errors'];
export const TARGET_OPS: readonly TargetOp[] = ['<', '<=', '>', '>=', '=='];

/**
 * The grammar above as one regular expression, for the JSON Schema editors read (where a located
 * problem cannot be given): a latency needs a unit, a rate is a number or a percentage.
 */
export const TARGET_PATTERN = (() => {
  const op = '\\s*(?:<=|>=|==|=<|=>|<|>|=)\\s*';
  const num = '\\d+(?:\\.\\d+)?';
  const latency = `(?:[pP](?:50|75|90|95|99|99\\.9)|[pP]\\(${num}\\)|max|mean)${op}(?:${num}(?:us|µs|ms|s|m|h))+`;
  return `^\\s*(?:${latency}|error_rate${op}${num}\\s*%?|rps${op}${num}\\s*(?:rps|/s)?|(?:timeouts|errors)${op}\\d+)\\s*$`;
})();

export type TargetProblem = { problem: string; hint: string };

const SHAPE = /^\s*([A-Za-z_][\w.()]*)\s*(<=|>=|==|=<|=>|<|>|=|!=)?\s*(.*?)\s*$/;
const EXAMPLES = 'e.g. "p95 < 200ms", "error_rate < 1%", "rps > 100", "timeouts == 0"';

/** Parses one target for `endpoint` (null = the whole run), or says what is wrong and how to fix it. */
export function parseTarget(text: string, endpoint: string | null): TargetSpec | TargetProblem {
  const m = SHAPE.exec(text);
  if (!m || !m[1]) return { problem: `cannot read target "${text}"`, hint: `write <metric> <op> <value>, ${EXAMPLES}` };
  const [, rawMetric = '', rawOp, rawValue = ''] = m;
  // k6 writes p(95); accept the same meaning under one spelling.
  const metricName = rawMetric.replace(/^p\((\d+(?:\.\d+)?)\)$/, 'p$1').toLowerCase();
  if (!(TARGET_METRICS as readonly string[]).includes(metricName)) {
    const guess = closest(metricName, TARGET_METRICS);
    return {
      problem: `unknown metric "${rawMetric}" in target "${text}"`,
      hint: guess ? `did you mean "${guess}"? metrics: ${TARGET_METRICS.join(', ')}` : `metrics: ${TARGET_METRICS.join(', ')}`,
    };
  }
  const metric = metricName as TargetMetric;
  if (!rawOp) return { problem: `missing operator in target "${text}"`, hint: `operators: ${TARGET_OPS.join(' ')}` };
  const op = ({ '=': '==', '=<': '<=', '=>': '>=' } as Record<string, TargetOp>)[rawOp] ?? rawOp;
  if (!(TARGET_OPS as readonly string[]).includes(op)) {
    return { problem: `unsupported operator "${rawOp}" in target "${text}"`, hint: `operators: ${TARGET_OPS.join(' ')}` };
  }
  if (!rawValue) return { problem: `missing value in target "${text}"`, hint: EXAMPLES };
  const value = parseValue(metric, rawValue);
  if ('problem' in value) return { problem: `${value.problem} in target "${text}"`, hint: value.hint };
  return { metric, op: op as TargetOp, value: value.value, endpoint, source: text.trim() };
}

function parseValue(metric: TargetMetric, raw: string): { value: number } | TargetProblem {
  if (isLatencyMetric(metric)) {
    // A bare number is ambiguous for latency (ms? s?), so a unit is required here.
    if (/^\d+(?:\.\d+)?$/.test(raw)) return { problem: `${metric} needs a unit`, hint: `write ${raw}ms or ${raw}s` };
    const d = checkDuration(raw);
    return d.ok ? { value: d.value } : { problem: `invalid latency "${raw}"`, hint: 'write a number with us, ms or s, e.g. 200ms' };
  }
  if (metric === 'error_rate') {
    const p = checkPercent(raw);
    return p.ok ? { value: p.value } : { problem: `invalid error rate "${raw}"`, hint: PERCENT_HINT };
  }
  if (metric === 'rps') {
    const n = /^(\d+(?:\.\d+)?)\s*(?:rps|\/s)?$/.exec(raw);
    return n ? { value: Number(n[1]) } : { problem: `invalid rate "${raw}"`, hint: 'write requests per second as a number, e.g. 100' };
  }
  // timeouts, errors: counts
  return /^\d+$/.test(raw)
    ? { value: Number(raw) }
    : { problem: `invalid count "${raw}"`, hint: `${metric} is a whole number of requests, e.g. ${metric} == 0` };
}

/** Type guard separating a parsed target from a problem. */
export function isTargetProblem(t: TargetSpec | TargetProblem): t is TargetProblem {
  return 'problem' in t;
}
