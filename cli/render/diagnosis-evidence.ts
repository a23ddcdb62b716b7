// A diagnosis' evidence in words: the one place the rules' facts (cli/diagnose/evidence.ts) become the
// sentences every diagnosis output shows (terminal, markdown, the JSON document). This file words the
// event loop and queueing families; diagnosis-evidence-limits.ts the overhead and limit families. Pure.
import { formatDecimals, formatMs as ms, formatRatio, formatWholePercent } from '../core/format.js';
import type { Evidence, LoopEvidence, QueueEvidence, Scaling, ServerCpu, Under } from '../diagnose/evidence.js';
import { limitText, overheadText } from './diagnosis-evidence-limits.js';

/** Throughput as the scaling lines quote it: "19.2", or whole req/s where a capacity is read. */
const rate = (rps: number, decimals = 1) => formatDecimals(rps, decimals);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const where = (u: Under) => (u ? `with ${u.flow} at ${u.connections} connections` : 'in the mix');

function scalingText(s: Extract<Evidence, { kind: 'scaling' }>): string {
  const through = (decimals: number) => `${s.endpoint} throughput ${rate(s.fromRps, decimals)} -> ${rate(s.toRps, decimals)}/s from ${s.fromC} to ${s.toC} connections`;
  const p50 = (sp: Scaling) => `${ms(sp.fromP50)} -> ${ms(sp.toP50)}`;
  switch (s.reading) {
    case 'one-at-a-time': return `${through(1)} while its p50 went ${p50(s)}: it runs one at a time`;
    case 'overlap': return `${through(1)}, p50 ${p50(s)}: waits overlap, nothing here is saturated`;
    case 'queue': return `${through(1)} while its p50 grew ${p50(s)} (x${formatDecimals(s.growth, 1)})`;
    case 'capacity': return `${through(0)} while its p50 grew ${p50(s)} (p95 ${ms(s.toP95)})`;
  }
}

/** The server's CPU as seen: its process from /proc, or what its /metrics report. */
export function serverCpuText(c: ServerCpu): string {
  if (c.source === 'proc') {
    return `the server process (pid ${c.pid}, from /proc) used ${formatDecimals(c.cores, 2)} cores of ${c.ofCores}, ${formatDecimals(c.demand, 1)} threads wanting a CPU, its main thread busy ${formatWholePercent(c.mainBusy)} of the time`;
  }
  const parts = [c.cores !== null ? `${formatDecimals(c.cores, 2)} CPU cores` : null, c.elu !== null ? `event-loop utilization ${formatRatio(c.elu)}` : null];
  return `the server reports ${parts.filter((p) => p !== null).join(', ')}`;
}

function loopText(e: LoopEvidence): string {
  switch (e.kind) {
    case 'server-elu': return `server event-loop utilization ${formatRatio(e.elu)}`;
    case 'loop-delay': return `event-loop delay p99 ${ms(e.p99Ms)}`;
    case 'health-stall': {
      const took = `/health took ${ms(e.loadedP50)} (idle ${ms(e.idleP50)})`;
      if (e.reading === 'seen') return `${where(e.under)} ${took}`;
      return `${where(e.under)}, ${took}: ${e.reading === 'sync-query' ? 'the work runs on the event loop (synchronous query)' : 'every request waits, even one that does no work'}`;
    }
    case 'health-stall-priciest':
      return `in the mix /health took ${ms(e.loadedP50)} (idle ${ms(e.idleP50)}), and ${e.endpoint} is its most expensive request (${ms(e.serviceMs)} alone); no sweep ran to single it out`;
    case 'health-free': return `with ${e.flow} at ${e.connections} connections /health stayed at ${ms(e.loadedP50)}: the event loop is free while it waits`;
    case 'health-pre-handler': return `/health spent ${ms(e.handlerP50)} in its handler but ${ms(e.ttfbP50)} to first byte: it waited before the handler ran`;
    case 'slowed-in-mix': return `in the mix ${e.endpoints.join(', ')} slowed while ${e.while} ran`;
    case 'scaling': return scalingText(e);
    case 'slow-alone': return `${e.endpoint} takes ${ms(e.serviceMs)} alone at concurrency 1, its peers ${ms(e.peersMs)}`;
    case 'fast-path':
      return `at ${e.connections} connections its p50 fell to ${ms(e.p50)}: most answers there skipped the slow call (${e.status5xx > 0 ? `${e.status5xx} answered 5xx` : 'e.g. rate-limited or cached answers'})`;
  }
}

function queueText(e: QueueEvidence): string {
  switch (e.kind) {
    case 'pool-gauges':
      return `during ${e.run} (${e.connections} connections) up to ${e.waiting} requests waited for a connection, ${e.inUse ?? '?'} of ${e.size ?? '?'} in use (the server's pool gauges)`;
    case 'pool-runs': return `${plural(e.runs, 'run')} with the pool exhausted hurt ${e.endpoints.join(', ')} (5xx, timeouts, targets missed or setup failed)`;
    case 'read-wait':
      return e.under
        ? `${where(e.under)}, ${e.path} took ${ms(e.readP50)} while /health took ${ms(e.healthP50)}: requests that touch the database queue, the event loop is free`
        : `in the mix too: ${e.path} ${ms(e.readP50)}, /health ${ms(e.healthP50)}`;
    case 'failing':
      return e.connections !== null
        ? `${e.endpoints.map((x) => `${x.name}: ${x.status5xx} 5xx, ${x.timeouts} timeouts`).join('; ')} at ${e.connections} connections`
        : `in the mix ${e.endpoints.map((x) => `${x.name} ${x.status5xx} 5xx / ${x.timeouts} timeouts`).join(', ')}`;
    case 'admission-queue':
      return e.run
        ? `during ${e.run.id} (${e.run.connections} connections) the server's admission queue reached ${e.queue} with ${e.active} slot in use`
        : `server admission queue depth reached ${e.queue} with ${plural(e.active, 'slot')} in use`;
    case 'little-queue':
      return `Little's law: ${rate(e.rps)}/s x ${ms(e.serviceMs)} of service = ${formatDecimals(e.inService, 1)} in service at once; the rest wait in a queue`;
    case 'nothing-else-waits':
      return `/health stayed at ${ms(e.healthP50)} and ${e.readP50 !== null ? `the authenticated read at ${ms(e.readP50)}` : 'other requests were not probed'}: nothing else waits`;
    case 'server-cpu': return `${serverCpuText(e.cpu)}${e.spare ? ': CPU to spare, so requests wait for a slot, not for the CPU' : ''}`;
    case 'targets-missed': return `${e.lead}${e.lead === 'targets missed' ? ':' : ''} ${e.targets.join('; ')}`;
    case 'hash-slow': return `${e.endpoint} p95 ${ms(e.p95)} at ${rate(e.rps)}/s; others p95 <= ${ms(e.othersP95)}`;
    case 'health-in-mix': return `/health ${ms(e.p50)} in the mix`;
  }
}

export function evidenceText(e: Evidence): string {
  switch (e.kind) {
    case 'note': return e.text;
    case 'server-elu': case 'loop-delay': case 'health-stall': case 'health-stall-priciest': case 'health-free':
    case 'health-pre-handler': case 'slowed-in-mix': case 'scaling': case 'slow-alone': case 'fast-path':
      return loopText(e);
    case 'pool-gauges': case 'pool-runs': case 'read-wait': case 'failing': case 'admission-queue': case 'little-queue':
    case 'nothing-else-waits': case 'server-cpu': case 'targets-missed': case 'hash-slow': case 'health-in-mix':
      return queueText(e);
    case 'stalls': case 'health-spikes': case 'gc': case 'gc-medians': case 'pre-auth': case 'server-timing':
      return overheadText(e);
    default:
      return limitText(e);
  }
}
