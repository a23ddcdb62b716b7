// The readiness facts in words: each check's evidence, each item's summary, what is left and why a
// verdict is invalid. The judges (cli/readiness/) return numbers and answers; this is the one place
// they become sentences, for every readiness output (terminal, markdown, JUnit, the JSON document). Pure.
import { formatLatency, formatMetricValue, formatMs, formatMsFixed, formatPercent, formatRate, formatWholePercent } from '../core/format.js';
import type { Answer, Counts, Evidence, Group, OverloadFacts, Summary, Timing } from '../readiness/evidence.js';
import { answerText, mismatchText, seen, snippet } from './readiness-answer.js';
import type { LeftEntry, ReadinessReport } from '../readiness/types.js';
import { describeResolved } from '../plan/phase-goals.js';

function timingText(t: Timing, withCalls = true): string {
  const ms = (v: number) => formatMsFixed(v, 1);
  return `median ${ms(t.median)}, p90 ${ms(t.p90)}, slowest ${ms(t.max)}${withCalls ? ` over ${t.calls} sequential calls` : ''}`;
}

/** "503 × 80, 429 × 2". */
const countsText = (c: Counts) => c.map(([k, n]) => `${k} × ${n}`).join(', ');

function groupText(g: Group, what: string): string {
  return g.count === 0 ? '' : `${g.count} ${what} (p95 ${formatMs(g.p95)}, max ${formatMs(g.max)})`;
}

const refused = (c: Counts) => (c.length ? `refused (${countsText(c)})` : 'refused');

/** "160 concurrent logins: 80 2xx (p95 …), 80 refused (503 × 80) with Retry-After (…)". */
export function overloadLead(f: OverloadFacts): string {
  const parts = [
    groupText(f.ok, '2xx'),
    groupText(f.retried, `${refused(f.retried.statuses)} with Retry-After`),
    groupText(f.unretried, `${refused(f.unretried.statuses)} WITHOUT Retry-After`),
    f.other.count ? `${f.other.count} other (${countsText(f.other.statuses)})` : '',
    groupText(f.timedOut, `timed out after ${formatMs(f.timeoutMs)}`),
    f.dropped.count ? `${f.dropped.count} without an answer (${countsText(f.dropped.errors)})` : '',
  ].filter(Boolean).join(', ');
  return `${f.burst} concurrent logins: ${parts || 'nothing came back'}`;
}

function overloadText(e: Extract<Evidence, { kind: 'overload' }>): string {
  const f = e.facts;
  switch (e.show) {
    case 'timed-out': return `${f.timedOut.count} of ${f.total} timed out`;
    case 'all-answered': return 'every request got an answer';
    case 'refusals-retried': return f.retried.count ? `${f.retried.count} refusals, each with Retry-After` : 'no refusals, no errors';
    case 'queues': return `${overloadLead(f)}: neither shed nor fast, so requests queue`;
    case 'all': return overloadLead(f);
  }
}

export function evidenceText(e: Evidence): string {
  switch (e.kind) {
    case 'note': return e.text;
    case 'reasons': return e.reasons.join('; ');
    case 'contract': {
      const bad = e.calls.filter((c) => c.answer === null || c.mismatch !== null)
        .map((c) => `${c.name}: ${c.mismatch ? mismatchText(c.mismatch) : 'not probed'}`);
      const good = e.calls.filter((c) => c.answer !== null && c.mismatch === null).map((c) => `${c.name} ${seen(c.answer as Answer)}`);
      return bad.length === 0 ? good.join('; ') : `${bad.join('; ')}${good.length ? ` (as expected: ${good.join('; ')})` : ''}`;
    }
    case 'answers':
      return e.failed ? `${e.calls - e.ok} of ${e.calls} calls failed, e.g. ${answerText(e.failed)}` : `${e.ok}/${e.calls} answered ${e.status ?? ''}`;
    case 'timing':
      if (e.timing === null) return 'not measured: the login burst did not run';
      if (e.timing.calls === 0 && !e.failed) return 'no call made';
      return e.failed ? `${answerText(e.failed)} during the burst (${timingText(e.timing)})` : timingText(e.timing);
    case 'header': {
      if (e.where.length === 0) return 'no response to inspect';
      if (e.failing) return `${headerValue(e.rule, e.failing.value)} on ${e.failing.where.join(', ')}`;
      const good = e.rule === 'nosniff' ? 'nosniff' : e.rule === 'framing' ? 'framing forbidden' : 'no x-powered-by';
      return `${good} on ${e.where.join(', ')}`;
    }
    case 'gzip': return gzipText(e);
    case 'small-response':
      return e.got ? answerText(e.got) : `${e.at}: ${e.bytes} B${e.encoding ? `, content-encoding ${e.encoding}` : ', not compressed'}`;
    case 'error-body': {
      const r = e.answer;
      const problems = [
        r.status !== e.expected ? `expected ${e.expected}, got ${r.status ?? `no answer (${r.error})`}` : '',
        e.stack ? 'the body shows a stack trace or source path' : '',
        !e.shaped && r.status !== null ? 'the body is not a JSON error object' : '',
      ].filter(Boolean);
      return `${r.method} ${r.path}: ${e.pass ? seen(r) : problems.join('; ')}: ${snippet(r.body, 140)}`;
    }
    case 'overload': return overloadText(e);
    case 'target': {
      const measured = e.actual === null ? (e.note ?? 'nothing measured') : `measured ${formatMetricValue(e.metric, e.actual, e.atLeast)}`;
      return `${measured}${e.worst.length > 0 ? `; worst: ${e.worst.slice(0, 3).join(', ')}` : ''}`;
    }
    case 'endpoint': {
      const p = e.endpoint;
      if (p.p95 === null) return 'not measured: no request of the run hit this endpoint';
      const numbers = `p95 ${formatLatency(p.p95, p.atLeast)}, p99 ${formatLatency(p.p99, p.atLeast)}, max ${formatLatency(p.max, false)}, `
        + `errors ${formatPercent(p.errorRate)} of ${p.attempted}, ${p.timeouts} timeouts`;
      return p.resolved ? numbers : `${p.reasons.join('; ')} (${numbers})`;
    }
  }
}

function headerValue(rule: Extract<Evidence, { kind: 'header' }>['rule'], value: string | null): string {
  if (rule === 'nosniff') return `x-content-type-options ${JSON.stringify(value)}`;
  if (rule === 'framing') return `x-frame-options ${JSON.stringify(value)}, no CSP frame-ancestors`;
  return `x-powered-by: ${value ?? ''}`;
}

function gzipText(e: Extract<Evidence, { kind: 'gzip' }>): string {
  switch (e.outcome) {
    case 'status': return `${e.at}: expected 200, got ${answerText(e.got as Answer)}`;
    case 'too-small': return `${e.at} answered only ${e.bytes} B: no large response to judge`;
    case 'not-gzipped': return `${e.at}: ${e.bytes} B sent ${e.encoding ? `as ${e.encoding}` : 'uncompressed'} despite accept-encoding: gzip`;
    case 'different-json': return `${e.at}: the gzipped body does not decode to the same JSON as the plain one`;
    case 'gzipped': return `${e.at}: gzip ${e.bytes} B -> ${e.wireBytes} B on the wire (${formatWholePercent(e.wireBytes / e.bytes)})`;
  }
}

function runText(r: Extract<Summary, { kind: 'phase' }>['run']): string {
  return `${r.attempted} requests in ${formatLatency(r.measuredMs, false)}: ${formatRate(r.rps)} req/s, `
    + `p95 ${formatLatency(r.p95, r.p95AtLeast)}, errors ${formatPercent(r.errorRate)}`
    + `${r.timeouts > 0 ? `, ${r.timeouts} timeouts` : ''}`;
}

export function summaryText(s: Summary): string {
  switch (s.kind) {
    case 'checks':
      return s.failed.length === 0 ? s.names.join('; ') : `${s.failed.length} of ${s.names.length} failed: ${s.failed.join('; ')}`;
    case 'not-run': return `not run: ${s.why}`;
    case 'evidence': return evidenceText(s.evidence);
    case 'coverage':
      return `${s.ok}/${s.total} endpoints answer as the contract says${s.missing.length ? `; not as specified: ${s.missing.join(', ')}` : ''}`;
    case 'health':
      return `idle ${timingText(s.idle, false)}${s.burst ? `; during the login burst ${timingText(s.burst, false)}` : ''}`;
    case 'headers': return `nosniff, framing forbidden, no x-powered-by on ${s.where.join(', ')}`;
    case 'error-bodies': return `${s.cases.map((c) => `${c.name}: ${c.status}`).join(', ')}; JSON errors, no stack trace`;
    case 'phase':
      if (s.invalid) return `INVALID: the load generator's numbers cannot be trusted (${runText(s.run)})`;
      return s.met === s.total && s.total > 0 ? `all ${s.total} targets met; ${runText(s.run)}` : `${s.total - s.met} of ${s.total} targets missed; ${runText(s.run)}`;
    case 'timeouts': return `${s.resolved}/${s.total} resolved (${describeResolved()}; ${s.load})`;
  }
}

/** One line of what is left: "<item> — <check>: <evidence>", or how many more failed. */
export function leftText(l: LeftEntry): string {
  if ('more' in l) return `${l.title} — and ${l.more} more failed check${l.more === 1 ? '' : 's'} (see the evidence)`;
  return `${l.title} — ${l.check}: ${evidenceText(l.evidence)}`;
}

/** Why the verdict is invalid, for one untrusted item: "<item>: <its first failed check>". */
export function invalidReasonText(x: ReadinessReport['invalidReasons'][number]): string {
  return `${x.title}: ${x.evidence ? evidenceText(x.evidence) : 'not judged'}`;
}
