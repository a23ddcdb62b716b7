// The evidence sections of the markdown report: the run, per-endpoint tables, charts, environment.
import { ERROR_CLASSES, type EndpointResult, type PercentileKey, type RunResult } from '../results/types.js';
import {
  bucketTimeline, latencyChart, latencySeries, legend, percentileChart, percentileCurve, throughputSeries, timelineChart,
  xyChart, type LatencyMarks, type Limit,
} from './charts.js';
import { formatCount, formatLatency, formatLimit, formatMs, formatPercent, formatRate } from '../core/format.js';
import { isLatencyMetric } from '../core/metrics.js';
import { code, table } from './markdown-format.js';

/** Load parameters as "connections: 50, durationMs: 30000"; nested values as compact JSON. */
export function describeLoad(load: unknown): string {
  if (load === null || typeof load !== 'object' || Array.isArray(load)) return code(JSON.stringify(load) ?? 'none');
  return Object.entries(load as Record<string, unknown>)
    .filter(([key]) => key !== 'model') // already said next to it
    .map(([key, value]) => code(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`))
    .join(', ');
}

function counts(record: Record<string, number>): string {
  const parts = Object.entries(record).filter(([, n]) => n > 0).map(([k, n]) => `${k} ×${formatCount(n)}`);
  return parts.length > 0 ? parts.join(', ') : '—';
}

export function runSection(result: RunResult): string {
  const { scenario, target, validity, setup } = result;
  const lines = [
    `- **Scenario:** ${scenario.name}${scenario.description ? ` — ${scenario.description}` : ''}`,
    `- **Target:** ${target.url}${target.bundled ? ' (bundled reference server)' : ''}`,
    `- **Load:** ${scenario.model} model, ${describeLoad(scenario.load)}; ${formatMs(result.measuredMs)} measured after ${formatMs(result.warmupMs)} warm-up`,
    `- **When:** ${result.startedAt} to ${result.endedAt}${result.partial ? ' (stopped early: the numbers cover only what ran)' : ''}`,
  ];
  if (setup.users > 0) {
    const failures = counts(setup.failures);
    lines.push(`- **Setup:** ${formatCount(setup.ready)} of ${formatCount(setup.users)} virtual users ready${failures === '—' ? '' : `; failures: ${failures}`}`);
  }
  const generator: string[] = [];
  if (validity.askedRate !== undefined) generator.push(`asked ${formatRate(validity.askedRate)} req/s`);
  if (validity.achievedRate !== undefined) generator.push(`achieved ${formatRate(validity.achievedRate)} req/s`);
  if (validity.dropped !== undefined) generator.push(`${formatCount(validity.dropped)} arrivals dropped`);
  const lag = validity.scheduleLagMs;
  if (lag) generator.push(`send lag p50 ${formatMs(lag.p50)}, p99 ${formatMs(lag.p99)}, max ${formatMs(lag.max)}`);
  if (validity.generatorLoopDelayP99Ms !== undefined) generator.push(`event-loop delay p99 ${formatMs(validity.generatorLoopDelayP99Ms)}`);
  if (generator.length > 0) lines.push(`- **Load generator:** ${generator.join(', ')}`);
  lines.push(validity.valid ? '- **Validity:** valid' : `- **Validity:** INVALID — ${validity.reasons.join('; ') || 'no reason given'}`);
  return `## Run\n\n${lines.join('\n')}`;
}

const TABLE_PERCENTILES: PercentileKey[] = ['p50', 'p90', 'p95', 'p99', 'p99.9', 'max'];

function latency(e: EndpointResult, key: PercentileKey): string {
  return e.attempted === 0 ? '—' : formatLatency(e.latency[key], e.atLeast.includes(key));
}

export function endpointsSection(result: RunResult): string {
  const all = [...result.endpoints, result.overall];
  const label = (e: EndpointResult): string => (e === result.overall ? '**overall**' : e.name);
  const timing = table(
    ['endpoint', 'request', 'attempted', 'rps', 'error %', ...TABLE_PERCENTILES],
    all.map((e) => [
      label(e), e === result.overall ? '' : code(`${e.method} ${e.path}`), formatCount(e.attempted), formatRate(e.rps),
      formatPercent(e.errorRate), ...TABLE_PERCENTILES.map((k) => latency(e, k)),
    ]),
    ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
  );
  const errors = table(
    ['endpoint', 'errors', 'error classes', 'statuses', 'timeout'],
    all.map((e) => {
      const classes = Object.fromEntries(ERROR_CLASSES.map((c) => [c, e.errorClasses[c] ?? 0]));
      const statuses = Object.fromEntries(Object.entries(e.statuses).sort(([a], [b]) => a.localeCompare(b, 'en')));
      return [label(e), formatCount(e.errors), counts(classes), counts(statuses), e === result.overall ? '' : formatMs(e.timeoutMs)];
    }),
    ['l', 'r', 'l', 'l', 'r'],
  );
  return `## Endpoints\n\n${timing}\n\n### Errors and statuses\n\n${errors}`;
}

/** The latency limits of the targets on one endpoint (null: the overall ones), to draw as lines. */
function limitsFor(result: RunResult, endpoint: string | null): Limit[] {
  return result.targets
    .filter((t) => t.endpoint === endpoint && isLatencyMetric(t.metric))
    .map((t) => ({ label: `limit ${t.metric} ${formatLimit(t)}`, ms: t.value }));
}

/** The smallest timeout among endpoints that had timeouts: from there on a value is a lower bound. */
function lowerBoundFrom(endpoints: EndpointResult[]): number | null {
  const timeouts = endpoints.filter((e) => (e.errorClasses.timeout ?? 0) > 0).map((e) => e.timeoutMs);
  return timeouts.length === 0 ? null : Math.min(...timeouts);
}

/** The sentence under a latency chart: what its lines are, and what "≥" on a category means. */
function chartNotes(series: string, marks: LatencyMarks): string {
  const bound = marks.lowerBoundFromMs === null ? '' : ' A category marked "≥" sits on timed-out requests: its value is a lower bound.';
  return `${series}.${bound}`;
}

function curveBlock(result: RunResult, e: EndpointResult, title: string): string {
  const curve = percentileCurve(e.histogram, e.latency.max);
  if (!curve) return `**${title}**: no latency recorded.`;
  const isOverall = e === result.overall;
  const marks: LatencyMarks = {
    limits: limitsFor(result, isOverall ? null : e.name),
    lowerBoundFromMs: isOverall ? lowerBoundFrom(result.endpoints) : lowerBoundFrom([e]),
  };
  const timedOut = (e.errorClasses.timeout ?? 0) > 0
    ? `\n\n${formatCount(e.errorClasses.timeout)} request(s) timed out and sit at ${formatMs(e.timeoutMs)}: the tail from there on is a lower bound.`
    : '';
  const { series } = latencyChart({ title: '', xTitle: '', categories: [], yTitle: '' }, [{ kind: 'line', label: 'latency', values: [] }], marks);
  const notes = marks.limits.length > 0 || marks.lowerBoundFromMs !== null ? `\n\n${chartNotes(legend(series), marks)}` : '';
  return `**${title}**${timedOut}${notes}\n\n${percentileChart(`${title}: latency by percentile (ms)`, curve, marks)}`;
}

export function chartsSection(result: RunResult): string {
  const curves = [
    curveBlock(result, result.overall, 'overall'),
    ...result.endpoints.map((e) => curveBlock(result, e, `${e.name} — ${e.method} ${e.path}`)),
  ];
  const parts = ['## Latency percentiles', ...curves, '## Over the run'];
  const buckets = bucketTimeline(result.timeline);
  if (buckets.length === 0) {
    parts.push('No timeline was recorded.');
  } else {
    const size = buckets[0]!.seconds;
    if (size > 1) parts.push(`Each point covers ${size} seconds: rates are averaged, percentiles keep the worst second.`);
    const marks: LatencyMarks = { limits: limitsFor(result, null), lowerBoundFromMs: lowerBoundFrom(result.endpoints) };
    const { chart, series } = latencyChart({
      title: 'Latency over the run (ms)', xTitle: 'second of the measured window', categories: buckets.map((b) => String(b.second)), yTitle: 'ms',
    }, latencySeries(buckets), marks);
    const thr = throughputSeries(buckets);
    parts.push(`Latency over the run, all endpoints: ${chartNotes(legend(series), marks)}`, xyChart(chart));
    parts.push(`Throughput over the run: ${legend(thr)}.`, timelineChart('Throughput over the run (req/s)', 'req/s', buckets, thr));
  }
  return parts.join('\n\n');
}

export function environmentSection(result: RunResult): string {
  const env = result.environment;
  const rows: string[][] = [
    ['zimmer-bench', env.zimmerBench],
    ['Node.js', env.node],
    ['load engine', env.engine],
    ['machine', `${env.platform} ${env.arch}, ${env.cpus} × ${env.cpuModel}, ${formatRate(env.memoryGiB)} GiB`],
    ['host', env.hostname],
    ['scenario file', result.scenario.file ?? '(built in code)'],
    ['results schema', result.schema],
  ];
  return `## Environment\n\n${table(['what', 'value'], rows)}`;
}
