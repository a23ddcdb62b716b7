// Every number the tool shows a person, in one spelling: durations, percentages, rates, counts and
// target values. SI style throughout: a space between the number and its unit ("4.26 ms", "2.1 %",
// "52.3 req/s"), about three significant digits (what an HDR histogram of 3 digits can honestly
// show), no locale and no clock, so the same result renders to the same bytes in every output.
// `formatDuration` is the one exception, on purpose: it writes a duration back in the scenario
// grammar (`1m30s`), so a value quoted in a hint or a plan can be pasted into YAML or a flag.
import { isLatencyMetric } from './metrics.js';
import type { TargetMetric, TargetSpec } from '../plan/types.js';

/** What a value that was not measured (null, NaN) shows as. */
export const DASH = '—';

type Maybe = number | null | undefined;

const known = (v: Maybe): v is number => v !== null && v !== undefined && Number.isFinite(v);

/** Fixed-point without trailing zeros: 1.20 -> "1.2", 10.0 -> "10". */
function fixed(value: number, decimals: number): string {
  return String(Number(value.toFixed(decimals)));
}

/** Decimals that keep about three significant digits for a value >= 0. */
const decimalsFor = (v: number): number => (v < 10 ? 2 : v < 100 ? 1 : 0);

/** 0 ms, 0.42 ms, 4.26 ms, 42.2 ms, 422 ms, 1.23 s, 12.3 s, 123 s. */
export function formatMs(ms: Maybe): string {
  if (!known(ms)) return DASH;
  if (ms < 0) return `-${formatMs(-ms)}`;
  if (ms === 0) return '0 ms';
  const msText = fixed(ms, decimalsFor(ms));
  if (Number(msText) < 1000) return `${msText} ms`;
  const s = ms / 1000;
  return `${fixed(s, decimalsFor(s))} s`;
}

/** Milliseconds at a fixed number of decimals, for a probe's single exchange: "4100.0 ms", "12 ms". */
export function formatMsFixed(ms: number, decimals: number): string {
  return `${ms.toFixed(decimals)} ms`;
}

/** A latency that may be a lower bound (it landed on timed-out requests): ">= 10 s". */
export function formatLatency(ms: Maybe, atLeast: boolean): string {
  const text = formatMs(ms);
  return atLeast && text !== DASH ? `>= ${text}` : text;
}

/** A fraction as a percentage: 0 %, 0.005 %, 0.35 %, 2.1 %, 12.3 %, 100 %; tiny values never show as 0. */
export function formatPercent(fraction: Maybe): string {
  if (!known(fraction)) return DASH;
  const pct = fraction * 100;
  if (pct === 0) return '0 %';
  const mag = Math.abs(pct);
  const text = fixed(mag, mag < 0.1 ? 3 : mag < 10 ? 2 : 1);
  if (text === '0') return pct > 0 ? '< 0.001 %' : '> -0.001 %';
  return `${pct < 0 ? '-' : ''}${text} %`;
}

/** A relative change with its sign, one decimal below 10 %: "+0.0 %", "-4.2 %", "+375 %". */
export function formatChange(fraction: number): string {
  const pct = fraction * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(pct > -10 && pct < 10 ? 1 : 0)} %`;
}

/** A difference of two rates in percentage points: "+1.5 pp" (a bound without its sign: "1.5 pp"). */
export function formatPoints(fractionDelta: number, o: { sign?: boolean } = {}): string {
  const pp = fractionDelta * 100;
  return `${pp >= 0 && o.sign !== false ? '+' : ''}${fixed(pp, 2)} pp`;
}

/** Requests per second: one decimal below 100, whole and grouped above: 9.4, 98.7, 276, 12,346. */
export function formatRate(rps: Maybe): string {
  if (!known(rps)) return DASH;
  return rps >= 100 ? formatCount(Math.round(rps)) : fixed(rps, 1);
}

/** A count with comma grouping, independent of the locale: 1234567 -> "1,234,567". */
export function formatCount(n: Maybe): string {
  if (!known(n)) return DASH;
  const [int = '0', frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** Seconds at a fixed number of decimals, for elapsed and budgeted times: "4.0 s", "12 s". */
export function formatSeconds(ms: number, decimals = 1): string {
  return `${secondsValue(ms, decimals)} s`;
}

/** Seconds as a bare number at fixed decimals, where the format carries the unit (JUnit's time="1.234"). */
export function secondsValue(ms: number, decimals: number): string {
  return (ms / 1000).toFixed(decimals);
}

/**
 * A number at exactly this many decimals, trailing zeros kept: the cores, rates and factors a
 * diagnosis quotes at the precision its rule judged them ("1.90 cores", "19.2/s", "x3.0", "~276 req/s").
 */
export function formatDecimals(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/** A ratio of 0..1 at two decimals, trailing zero kept: a utilization or a confidence ("0.90"). */
export function formatRatio(value: number): string {
  return value.toFixed(2);
}

/** At most this many decimals, trailing zeros dropped (1.200 -> "1.2"): numbers in a chart's grammar. */
export function formatTrimmed(value: number, decimals: number): string {
  return fixed(value, decimals);
}

/** A score out of 100 (readiness), at most two decimals, no trailing zeros: "100 %", "62.5 %". */
export function formatScorePercent(percent: number): string {
  return `${fixed(percent, 2)} %`;
}

/** A share as a whole percentage, for ratios shown roughly: "42 %". */
export function formatWholePercent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)} %`;
}

/** Sizes in binary units, for messages about limits: 1048576 -> "1 MiB", 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${fixed(bytes / 1024, 1)} KiB`;
  return `${fixed(bytes / 1024 / 1024, 1)} MiB`;
}

/** A value in a target metric's own unit: ms for latency, % for error_rate, req/s, or a count. */
export function formatMetricValue(metric: TargetMetric, value: Maybe, atLeast = false): string {
  if (isLatencyMetric(metric)) return formatLatency(value, atLeast);
  if (metric === 'error_rate') return formatPercent(value);
  if (metric === 'rps') return known(value) ? `${formatRate(value)} req/s` : DASH;
  return formatCount(value);
}

/** The limit side of a target, e.g. "< 1 s", "< 10 %", "> 50 req/s". */
export function formatLimit(target: Pick<TargetSpec, 'metric' | 'op' | 'value'>): string {
  return `${target.op} ${formatMetricValue(target.metric, target.value)}`;
}

/** Where a target applies: the request name, or "overall". */
export function targetScope(target: Pick<TargetSpec, 'endpoint'>): string {
  return target.endpoint ?? 'overall';
}

/** `overall p95 < 200 ms` / `login error_rate < 1 %`: the target restated in these units. */
export function describeTarget(t: TargetSpec): string {
  return `${targetScope(t)} ${t.metric} ${formatLimit(t)}`;
}

/** A duration in the scenario grammar, read back by parseDuration: 250us, 12.5ms, 850ms, 1.5s, 1m30s. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0ms';
  if (ms < 1) return `${fixed(ms * 1000, 0)}us`;
  if (ms < 1000) {
    const text = fixed(ms, decimalsFor(ms));
    return text === '1000' ? '1s' : `${text}ms`;
  }
  if (ms < 60_000) return `${fixed(ms / 1000, ms < 10_000 ? 2 : 1)}s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}
