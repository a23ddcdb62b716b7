// The overhead and limit families of a diagnosis' evidence in words (diagnosis-evidence.ts words the
// rest): GC and work before auth; shedding, a breaker open, a connection cap, the generator's limits. Pure.
import { formatDecimals, formatMs as ms, formatPercent as pct } from '../core/format.js';
import type { GeneratorLimit, LimitEvidence, OverheadEvidence, ProxyClue } from '../diagnose/evidence.js';
import type { ConnectionCap, Rejecter, ShedLimit } from '../diagnose/reasons.js';

const whole = (v: number) => formatDecimals(v, 0);

export function overheadText(e: OverheadEvidence): string {
  switch (e.kind) {
    case 'stalls':
      return `in the mix ${e.endpoints.length}/${e.of} endpoints have rare long stalls with a fast median: ${e.endpoints.slice(0, 4).map((x) => `${x.name} p50 ${ms(x.p50)}, max ${ms(x.max)}`).join('; ')}`;
    case 'health-spikes': return `/health stalled up to ${ms(e.maxMs)} in ${e.experiments} experiment(s) while its median stayed under ${ms(e.medianUnderMs)}`;
    case 'gc':
      return `server: ${e.longPauses} GC pauses >= 100 ms, ${e.majors} major collections (${formatDecimals(e.majorRate, 1)}/s), ${e.collections} collections averaging ${ms(e.meanPauseMs)}, GC took ${pct(e.share)} of the time${e.heapFull > 0 ? `, heap up to ${pct(e.heapFull)} of its limit` : ''}`;
    case 'gc-medians':
      return `collection is frequent enough that medians suffer too: in the mix /health took ${ms(e.healthP50)}${e.targetsMissed.length ? `, targets missed: ${e.targetsMissed.join('; ')}` : ''}`;
    case 'pre-auth':
      return `idle, a request with an invalid token takes at least ${ms(e.invalidMs)} to be rejected, a valid one ${ms(e.validMs)}, /health ${ms(e.healthMs)}: ${ms(e.extraMs)} of work runs before auth rejects`;
    case 'server-timing':
      return `${e.request === 'rejected' ? 'the rejected request\'s' : 'a valid request\'s'} Server-Timing: ${Object.entries(e.spans).map(([k, v]) => `${k} ${ms(v)}`).join(', ')}`;
  }
}

/** Who turned the requests away, as the reasons and the fix name it. */
export const rejecterText = (r: Rejecter) => (r === 'proxy' ? 'a proxy in front of the app' : r === 'app' ? 'the app itself' : 'the target');

export function shedLimitText(l: ShedLimit): string {
  if (l.by === 'rate') return l.rps !== null ? `above ~${whole(l.rps)} req/s` : 'above some request rate';
  return `above ${l.approx ? '~' : ''}${l.concurrent} concurrent`;
}

export const capText = (c: ConnectionCap) => ('exact' in c ? `~${c.exact} connections` : `between ${c.between} and ${c.and} connections`);

/** "~200 req/s for me (at 16 connections)": a capacity, in the evidence and the reason alike. */
export const capacityText = (c: { endpoint: string; rps: number; connections: number }) => `~${whole(c.rps)} req/s for ${c.endpoint} (at ${c.connections} connections)`;

function clueText(c: ProxyClue): string {
  switch (c.kind) {
    case 'server': return `rejections carry Server: ${c.rejected ?? '(none)'}, answers ${c.answered ?? '(none)'}`;
    case 'via': return `answers came through a proxy (Via: ${c.via}), rejections did not`;
    case 'content-type': return `rejections are ${c.rejected}, answers ${c.answered}`;
    case 'html': return 'rejections are an HTML page';
  }
}

export function generatorText(g: GeneratorLimit): string {
  switch (g.kind) {
    case 'generator-cpu': return `the load generator used ${formatDecimals(g.cores, 2)} cores (its JavaScript runs on one) during ${g.experiment}`;
    case 'generator-reasons': return `${g.experiment}: ${g.reasons.join('; ')}`;
    case 'generator-loop': return `the load generator's event loop lagged ${ms(g.p99Ms)} (p99) during ${g.experiment}`;
  }
}

export function limitText(e: LimitEvidence): string {
  switch (e.kind) {
    case 'shed-alone':
      return `even one connection at a time was turned away (${e.endpoints.map((l) => `${l.name} ${pct(l.share)} rejected at ${whole(l.rps)} req/s`).join('; ') || 'its setup requests'}): a limit on the request rate, not on concurrency`;
    case 'shed-rate': return `accepted throughput stayed at ~${whole(e.rps)} req/s (median over ${e.experiments} experiments) whatever was sent`;
    case 'shed-levels':
      return `${e.cleanAt !== null ? `none shed at ${e.cleanAt} connection${e.cleanAt === 1 ? '' : 's'}, ` : ''}${e.levels.map((l) => `${l.name} ${pct(l.share)} at ${l.connections}`).join(', ')}: shed beyond a concurrency`;
    case 'burst-served': return `of ${e.sent} requests sent at once, ${e.served} were served`;
    case 'little-cap': return `Little's law: the accepted ${whole(e.acceptedRps)} req/s x their service time alone = ~${e.inService} in service at once`;
    case 'setup-shed': return `${e.experiment} could not start: its setup was answered ${e.status}`;
    case 'rejections':
      return `${e.rejected} of ${e.sent} requests sent at once were rejected (${e.statuses.join('/')}), in ${ms(e.rejectedMs)} (median)${e.acceptedMs !== null ? ` while answers took ${ms(e.acceptedMs)}` : ''}; ${e.retryAfter !== null ? `Retry-After: ${e.retryAfter}` : 'no Retry-After'}; body "${e.body}"`;
    case 'proxy': return `from a proxy in front of the app: ${e.clues.map(clueText).join('; ')}`;
    case 'burst-5xx': return `under ${e.experiment} (${e.connections} connections) ${pct(e.share)} of requests failed with 5xx`;
    case 'recovery-failed':
      return `right after it, one request at a time every ${e.intervalMs} ms: the first ${e.failed} all failed (${e.statuses.map((s) => s || 'no answer').join('/')}) in ${ms(e.eachMs)} each, for ${ms(e.forMs)}${e.recovered ? '' : ', and still failing when the probe stopped'}`;
    case 'recovered': return `then it answered again (${e.answered} in a row, ${ms(e.ms)}): a half-open trial succeeded and the breaker closed`;
    case 'dropped': return e.at.map((d) => `${d.name} at ${d.connections} connections: ${d.refused} refused, ${d.reset} reset of ${d.attempted}`).join('; ');
    case 'none-dropped': return `none at ${e.connections} connection${e.connections === 1 ? '' : 's'}`;
    case 'connection-probe':
      return e.firstFailure !== null
        ? `connections opened one by one and held: ${e.served} were served, connection ${e.firstFailure} was ${e.failureKinds.join('/')}${e.openAtFailure !== null ? ` with ${e.openAtFailure} connections open to the target (from /proc/net/tcp, the probes' own included)` : ''}`
        : `connections opened one by one and held: all ${e.served} were served (the limit is above ${e.served}, or it is on accepting, not holding)`;
    case 'capacity': return `capacity ${capacityText(e)}: more connections only wait longer`;
    case 'generator-cpu': case 'generator-reasons': case 'generator-loop': return generatorText(e);
    case 'generator-mix': return `the mix missed its targets while ${generatorText(e.limit)}`;
    case 'client-errors': return `${e.experiment}: ${e.count} requests failed in the client itself (no HTTP answer, not refused or reset: e.g. out of local ports)`;
  }
}
