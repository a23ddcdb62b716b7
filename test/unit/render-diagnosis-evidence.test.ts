// Each kind of diagnosis fact in words, as every output shows it: the rules' evidence, why a cause is
// so sure, the figure its fix is sized by, the verdict's notes and why it is inconclusive. The
// tables are keyed by kind, so a kind added to cli/diagnose/ without its wording here does not compile.
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../cli/diagnose/evidence.js';
import type { DiagnosisNote, Inconclusive, NoiseReason, Reason } from '../../cli/diagnose/reasons.js';
import { evidenceText } from '../../cli/render/diagnosis-evidence.js';
import { fixText, inconclusiveText, noteText, reasonText } from '../../cli/render/diagnosis-reasons.js';

type Cases<T extends { kind: string }> = { [K in T['kind']]: Array<[Extract<T, { kind: K }>, string]> };

const sc = { endpoint: 'login', fromC: 1, toC: 16, fromRps: 19.04, toRps: 19.2, fromP50: 52, toP50: 830 };
const under = { flow: 'login', connections: 16 };

const EVIDENCE: Cases<Evidence> = {
  note: [[{ kind: 'note', text: 'as it is' }, 'as it is']],
  'server-elu': [[{ kind: 'server-elu', elu: 0.9 }, 'server event-loop utilization 0.90']],
  'loop-delay': [[{ kind: 'loop-delay', p99Ms: 160 }, 'event-loop delay p99 160 ms']],
  'health-stall': [
    [{ kind: 'health-stall', under: null, loadedP50: 180, idleP50: 0.4, reading: 'seen' }, 'in the mix /health took 180 ms (idle 0.4 ms)'],
    [{ kind: 'health-stall', under, loadedP50: 180, idleP50: 0.4, reading: 'every-request-waits' }, 'with login at 16 connections, /health took 180 ms (idle 0.4 ms): every request waits, even one that does no work'],
    [{ kind: 'health-stall', under: null, loadedP50: 180, idleP50: 0.4, reading: 'sync-query' }, 'in the mix, /health took 180 ms (idle 0.4 ms): the work runs on the event loop (synchronous query)'],
  ],
  'health-stall-priciest': [[{ kind: 'health-stall-priciest', loadedP50: 90, idleP50: 0.4, endpoint: 'login', serviceMs: 52 },
    'in the mix /health took 90 ms (idle 0.4 ms), and login is its most expensive request (52 ms alone); no sweep ran to single it out']],
  'health-free': [[{ kind: 'health-free', flow: 'mail', connections: 16, loadedP50: 0.8 }, 'with mail at 16 connections /health stayed at 0.8 ms: the event loop is free while it waits']],
  'health-pre-handler': [[{ kind: 'health-pre-handler', handlerP50: 0.2, ttfbP50: 140 }, '/health spent 0.2 ms in its handler but 140 ms to first byte: it waited before the handler ran']],
  'slowed-in-mix': [[{ kind: 'slowed-in-mix', endpoints: ['me', 'profile'], while: 'search' }, 'in the mix me, profile slowed while search ran']],
  scaling: [
    [{ kind: 'scaling', ...sc, reading: 'one-at-a-time' }, 'login throughput 19.0 -> 19.2/s from 1 to 16 connections while its p50 went 52 ms -> 830 ms: it runs one at a time'],
    [{ kind: 'scaling', ...sc, reading: 'overlap' }, 'login throughput 19.0 -> 19.2/s from 1 to 16 connections, p50 52 ms -> 830 ms: waits overlap, nothing here is saturated'],
    [{ kind: 'scaling', ...sc, reading: 'queue', growth: 16 }, 'login throughput 19.0 -> 19.2/s from 1 to 16 connections while its p50 grew 52 ms -> 830 ms (x16.0)'],
    [{ kind: 'scaling', ...sc, reading: 'capacity', toP95: 1200 }, 'login throughput 19 -> 19/s from 1 to 16 connections while its p50 grew 52 ms -> 830 ms (p95 1.2 s)'],
  ],
  'slow-alone': [[{ kind: 'slow-alone', endpoint: 'mail', serviceMs: 300, peersMs: 0.5 }, 'mail takes 300 ms alone at concurrency 1, its peers 0.5 ms']],
  'fast-path': [
    [{ kind: 'fast-path', connections: 16, p50: 20, status5xx: 4 }, 'at 16 connections its p50 fell to 20 ms: most answers there skipped the slow call (4 answered 5xx)'],
    [{ kind: 'fast-path', connections: 16, p50: 20, status5xx: 0 }, 'at 16 connections its p50 fell to 20 ms: most answers there skipped the slow call (e.g. rate-limited or cached answers)'],
  ],
  'pool-gauges': [
    [{ kind: 'pool-gauges', run: 'sweep-c16', connections: 16, waiting: 12, inUse: 8, size: 8 }, 'during sweep-c16 (16 connections) up to 12 requests waited for a connection, 8 of 8 in use (the server\'s pool gauges)'],
    [{ kind: 'pool-gauges', run: 'mix', connections: 20, waiting: 3, inUse: null, size: null }, 'during mix (20 connections) up to 3 requests waited for a connection, ? of ? in use (the server\'s pool gauges)'],
  ],
  'pool-runs': [
    [{ kind: 'pool-runs', runs: 1, endpoints: ['me'] }, '1 run with the pool exhausted hurt me (5xx, timeouts, targets missed or setup failed)'],
    [{ kind: 'pool-runs', runs: 2, endpoints: ['me', 'refresh'] }, '2 runs with the pool exhausted hurt me, refresh (5xx, timeouts, targets missed or setup failed)'],
  ],
  'read-wait': [
    [{ kind: 'read-wait', under, path: '/api/me', readP50: 240, healthP50: 0.8 }, 'with login at 16 connections, /api/me took 240 ms while /health took 0.8 ms: requests that touch the database queue, the event loop is free'],
    [{ kind: 'read-wait', under: null, path: '/api/me', readP50: 120, healthP50: 0.7 }, 'in the mix too: /api/me 120 ms, /health 0.7 ms'],
  ],
  failing: [
    [{ kind: 'failing', connections: 16, endpoints: [{ name: 'me', status5xx: 3, timeouts: 1 }, { name: 'put', status5xx: 0, timeouts: 2 }] }, 'me: 3 5xx, 1 timeouts; put: 0 5xx, 2 timeouts at 16 connections'],
    [{ kind: 'failing', connections: null, endpoints: [{ name: 'me', status5xx: 3, timeouts: 1 }, { name: 'put', status5xx: 0, timeouts: 2 }] }, 'in the mix me 3 5xx / 1 timeouts, put 0 5xx / 2 timeouts'],
  ],
  'admission-queue': [
    [{ kind: 'admission-queue', run: { id: 'mix', connections: 20 }, queue: 9, active: 1 }, 'during mix (20 connections) the server\'s admission queue reached 9 with 1 slot in use'],
    [{ kind: 'admission-queue', run: null, queue: 9, active: 1 }, 'server admission queue depth reached 9 with 1 slot in use'],
    [{ kind: 'admission-queue', run: null, queue: 9, active: 2 }, 'server admission queue depth reached 9 with 2 slots in use'],
  ],
  'little-queue': [[{ kind: 'little-queue', rps: 19.2, serviceMs: 52, inService: 0.9984 }, 'Little\'s law: 19.2/s x 52 ms of service = 1.0 in service at once; the rest wait in a queue']],
  'nothing-else-waits': [
    [{ kind: 'nothing-else-waits', healthP50: 0.8, readP50: 1 }, '/health stayed at 0.8 ms and the authenticated read at 1 ms: nothing else waits'],
    [{ kind: 'nothing-else-waits', healthP50: 0.8, readP50: null }, '/health stayed at 0.8 ms and other requests were not probed: nothing else waits'],
  ],
  'server-cpu': [
    [{ kind: 'server-cpu', cpu: { source: 'proc', pid: 4242, cores: 1.9, ofCores: 2, demand: 4, mainBusy: 0.3 }, spare: false },
      'the server process (pid 4242, from /proc) used 1.90 cores of 2, 4.0 threads wanting a CPU, its main thread busy 30 % of the time'],
    [{ kind: 'server-cpu', cpu: { source: 'metrics', cores: 0.6, elu: 0.4 }, spare: true }, 'the server reports 0.60 CPU cores, event-loop utilization 0.40: CPU to spare, so requests wait for a slot, not for the CPU'],
    [{ kind: 'server-cpu', cpu: { source: 'metrics', cores: null, elu: 0.4 }, spare: false }, 'the server reports event-loop utilization 0.40'],
  ],
  'targets-missed': [
    [{ kind: 'targets-missed', targets: ['overall p95 < 1s', 'me p99 < 5ms'], lead: 'targets missed' }, 'targets missed: overall p95 < 1s; me p99 < 5ms'],
    [{ kind: 'targets-missed', targets: ['overall p95 < 1s'], lead: 'the mix missed' }, 'the mix missed overall p95 < 1s'],
  ],
  'hash-slow': [[{ kind: 'hash-slow', endpoint: 'login', p95: 340, rps: 36, othersP95: 5 }, 'login p95 340 ms at 36.0/s; others p95 <= 5 ms']],
  'health-in-mix': [[{ kind: 'health-in-mix', p50: 0.7 }, '/health 0.7 ms in the mix']],
  stalls: [[{ kind: 'stalls', of: 8, endpoints: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name, p50: 2, max: 180 })) },
    'in the mix 5/8 endpoints have rare long stalls with a fast median: a p50 2 ms, max 180 ms; b p50 2 ms, max 180 ms; c p50 2 ms, max 180 ms; d p50 2 ms, max 180 ms']],
  'health-spikes': [[{ kind: 'health-spikes', maxMs: 240, experiments: 3, medianUnderMs: 10 }, '/health stalled up to 240 ms in 3 experiment(s) while its median stayed under 10 ms']],
  gc: [
    [{ kind: 'gc', longPauses: 4, majors: 30, majorRate: 3, collections: 90, meanPauseMs: 25, share: 0.25, heapFull: 0.93 },
      'server: 4 GC pauses >= 100 ms, 30 major collections (3.0/s), 90 collections averaging 25 ms, GC took 25 % of the time, heap up to 93 % of its limit'],
    [{ kind: 'gc', longPauses: 0, majors: 0, majorRate: 0, collections: 20, meanPauseMs: 0.75, share: 0.015, heapFull: 0 },
      'server: 0 GC pauses >= 100 ms, 0 major collections (0.0/s), 20 collections averaging 0.75 ms, GC took 1.5 % of the time'],
  ],
  'gc-medians': [
    [{ kind: 'gc-medians', healthP50: 60, targetsMissed: ['overall p95 < 1s'] }, 'collection is frequent enough that medians suffer too: in the mix /health took 60 ms, targets missed: overall p95 < 1s'],
    [{ kind: 'gc-medians', healthP50: 60, targetsMissed: [] }, 'collection is frequent enough that medians suffer too: in the mix /health took 60 ms'],
  ],
  'pre-auth': [[{ kind: 'pre-auth', invalidMs: 3.78, validMs: 4.05, healthMs: 0.36, extraMs: 3.42 },
    'idle, a request with an invalid token takes at least 3.78 ms to be rejected, a valid one 4.05 ms, /health 0.36 ms: 3.42 ms of work runs before auth rejects']],
  'server-timing': [
    [{ kind: 'server-timing', request: 'rejected', spans: { db: 2.1, log: 0.3 } }, 'the rejected request\'s Server-Timing: db 2.1 ms, log 0.3 ms'],
    [{ kind: 'server-timing', request: 'valid', spans: { db: 2.2 } }, 'a valid request\'s Server-Timing: db 2.2 ms'],
  ],
  'shed-alone': [
    [{ kind: 'shed-alone', endpoints: [{ name: 'me', share: 0.6, rps: 99.6 }] }, 'even one connection at a time was turned away (me 60 % rejected at 100 req/s): a limit on the request rate, not on concurrency'],
    [{ kind: 'shed-alone', endpoints: [] }, 'even one connection at a time was turned away (its setup requests): a limit on the request rate, not on concurrency'],
  ],
  'shed-rate': [[{ kind: 'shed-rate', rps: 40.4, experiments: 3 }, 'accepted throughput stayed at ~40 req/s (median over 3 experiments) whatever was sent']],
  'shed-levels': [
    [{ kind: 'shed-levels', cleanAt: 4, levels: [{ name: 'me', share: 0.5, connections: 16 }] }, 'none shed at 4 connections, me 50 % at 16: shed beyond a concurrency'],
    [{ kind: 'shed-levels', cleanAt: 1, levels: [{ name: 'me', share: 0.5, connections: 4 }, { name: 'me', share: 0.75, connections: 16 }] }, 'none shed at 1 connection, me 50 % at 4, me 75 % at 16: shed beyond a concurrency'],
    [{ kind: 'shed-levels', cleanAt: null, levels: [{ name: 'me', share: 0.5, connections: 1 }] }, 'me 50 % at 1: shed beyond a concurrency'],
  ],
  'burst-served': [[{ kind: 'burst-served', sent: 16, served: 4 }, 'of 16 requests sent at once, 4 were served']],
  'little-cap': [[{ kind: 'little-cap', acceptedRps: 1199.5, inService: 4 }, 'Little\'s law: the accepted 1200 req/s x their service time alone = ~4 in service at once']],
  'setup-shed': [[{ kind: 'setup-shed', experiment: 'sweep-c4', status: 503 }, 'sweep-c4 could not start: its setup was answered 503']],
  rejections: [
    [{ kind: 'rejections', rejected: 12, sent: 16, statuses: [429, 503], rejectedMs: 0.4, acceptedMs: 3, retryAfter: '1', body: '{"error":"rate"}' },
      '12 of 16 requests sent at once were rejected (429/503), in 0.4 ms (median) while answers took 3 ms; Retry-After: 1; body "{"error":"rate"}"'],
    [{ kind: 'rejections', rejected: 16, sent: 16, statuses: [503], rejectedMs: 0.4, acceptedMs: null, retryAfter: null, body: '' },
      '16 of 16 requests sent at once were rejected (503), in 0.4 ms (median); no Retry-After; body ""'],
  ],
  proxy: [[{ kind: 'proxy', clues: [{ kind: 'server', rejected: 'nginx', answered: null }, { kind: 'via', via: '1.1 edge' }, { kind: 'content-type', rejected: 'text/html', answered: 'application/json' }, { kind: 'html' }] },
    'from a proxy in front of the app: rejections carry Server: nginx, answers (none); answers came through a proxy (Via: 1.1 edge), rejections did not; rejections are text/html, answers application/json; rejections are an HTML page']],
  'burst-5xx': [[{ kind: 'burst-5xx', experiment: 'sweep-c16', connections: 16, share: 0.5 }, 'under sweep-c16 (16 connections) 50 % of requests failed with 5xx']],
  'recovery-failed': [
    [{ kind: 'recovery-failed', intervalMs: 100, failed: 3, statuses: [503, 0], eachMs: 0.4, forMs: 400, recovered: true }, 'right after it, one request at a time every 100 ms: the first 3 all failed (503/no answer) in 0.4 ms each, for 400 ms'],
    [{ kind: 'recovery-failed', intervalMs: 100, failed: 3, statuses: [503], eachMs: 0.4, forMs: 300, recovered: false }, 'right after it, one request at a time every 100 ms: the first 3 all failed (503) in 0.4 ms each, for 300 ms, and still failing when the probe stopped'],
  ],
  recovered: [[{ kind: 'recovered', answered: 2, ms: 2.25 }, 'then it answered again (2 in a row, 2.25 ms): a half-open trial succeeded and the breaker closed']],
  dropped: [[{ kind: 'dropped', at: [{ name: 'me', connections: 16, refused: 30, reset: 4, attempted: 300 }, { name: 'put', connections: 32, refused: 1, reset: 2, attempted: 90 }] },
    'me at 16 connections: 30 refused, 4 reset of 300; put at 32 connections: 1 refused, 2 reset of 90']],
  'none-dropped': [[{ kind: 'none-dropped', connections: 1 }, 'none at 1 connection'], [{ kind: 'none-dropped', connections: 4 }, 'none at 4 connections']],
  'connection-probe': [
    [{ kind: 'connection-probe', served: 12, firstFailure: 13, failureKinds: ['refused', 'reset'], openAtFailure: 14 },
      'connections opened one by one and held: 12 were served, connection 13 was refused/reset with 14 connections open to the target (from /proc/net/tcp, the probes\' own included)'],
    [{ kind: 'connection-probe', served: 12, firstFailure: 13, failureKinds: ['refused'], openAtFailure: null }, 'connections opened one by one and held: 12 were served, connection 13 was refused'],
    [{ kind: 'connection-probe', served: 20, firstFailure: null, failureKinds: [], openAtFailure: null }, 'connections opened one by one and held: all 20 were served (the limit is above 20, or it is on accepting, not holding)'],
  ],
  capacity: [[{ kind: 'capacity', endpoint: 'me', rps: 200.4, connections: 16 }, 'capacity ~200 req/s for me (at 16 connections): more connections only wait longer']],
  'generator-cpu': [[{ kind: 'generator-cpu', experiment: 'mix', cores: 0.95 }, 'the load generator used 0.95 cores (its JavaScript runs on one) during mix']],
  'generator-reasons': [[{ kind: 'generator-reasons', experiment: 'mix', reasons: ['late', 'short'] }, 'mix: late; short']],
  'generator-loop': [[{ kind: 'generator-loop', experiment: 'mix', p99Ms: 90 }, 'the load generator\'s event loop lagged 90 ms (p99) during mix']],
  'generator-mix': [[{ kind: 'generator-mix', limit: { kind: 'generator-cpu', experiment: 'mix', cores: 1 } }, 'the mix missed its targets while the load generator used 1.00 cores (its JavaScript runs on one) during mix']],
  'client-errors': [[{ kind: 'client-errors', experiment: 'sweep-c16', count: 40 }, 'sweep-c16: 40 requests failed in the client itself (no HTTP answer, not refused or reset: e.g. out of local ports)']],
};

const REASONS: Cases<Reason> = {
  note: [[{ kind: 'note', text: 'plain' }, 'plain']],
  'db-span': [[{ kind: 'db-span', reason: { kind: 'note', text: 'busy loop' }, ms: 24 }, 'busy loop; db span 24 ms']],
  'queue-flat': [
    [{ kind: 'queue-flat', inService: 1.04, clientOnly: true, cpuKnown: false }, 'client-only: throughput flat at ~1.0 in service while the loop stays free; the server\'s CPU is unseen, so a server at its capacity would look the same'],
    [{ kind: 'queue-flat', inService: 1.04, clientOnly: false, cpuKnown: true }, 'throughput flat at ~1.0 in service while the loop stays free; the server\'s CPU had room to spare'],
  ],
  'gc-latent': [[{ kind: 'gc-latent', majorRate: 3 }, 'the server runs 3.0 major collections a second (a heap kept near full), but the client did not yet see long pauses in this run']],
  'gc-mean-pause': [[{ kind: 'gc-mean-pause', ms: 25 }, 'the server\'s collections average 25 ms (a healthy heap\'s scavenges take a few ms)']],
  'pre-auth-work': [
    [{ kind: 'pre-auth-work', ms: 3.6, database: true }, 'the server reports at least 3.6 ms of work on a request it then rejects, database included'],
    [{ kind: 'pre-auth-work', ms: 3.6, database: false }, 'the server reports at least 3.6 ms of work on a request it then rejects'],
  ],
  shed: [
    [{ kind: 'shed', from: 'proxy', limit: { by: 'rate', rps: 40.4 } }, 'fast 429/503 answers from a proxy in front of the app, shed by request rate above ~40 req/s'],
    [{ kind: 'shed', from: 'unknown', limit: { by: 'rate', rps: null } }, 'fast 429/503 answers from the target, shed by request rate above some request rate'],
    [{ kind: 'shed', from: 'app', limit: { by: 'concurrency', concurrent: 4, approx: true } }, 'fast 429/503 answers from the app itself, shed by concurrency above ~4 concurrent'],
    [{ kind: 'shed', from: 'app', limit: { by: 'concurrency', concurrent: 4, approx: false } }, 'fast 429/503 answers from the app itself, shed by concurrency above 4 concurrent'],
  ],
  circuit: [
    [{ kind: 'circuit', openMs: 400, recovered: true }, 'failed fast for 400 ms even alone after a burst of failures, then recovered'],
    [{ kind: 'circuit', openMs: 300, recovered: false }, 'failed fast even alone for 300 ms after a burst of failures, not yet recovered (a long open period, or a dependency still down)'],
  ],
  connections: [
    [{ kind: 'connections', cap: { exact: 14 } }, 'connections refused or reset beyond ~14 connections'],
    [{ kind: 'connections', cap: { between: 4, and: 16 } }, 'connections refused or reset beyond between 4 and 16 connections'],
  ],
  capacity: [
    [{ kind: 'capacity', endpoint: 'me', rps: 200, connections: 16, cpu: 'all-used' }, 'flat throughput at ~200 req/s for me (at 16 connections) with the server\'s CPU all used: its capacity, not a cap'],
    [{ kind: 'capacity', endpoint: 'me', rps: 200, connections: 16, cpu: 'unseen' },
      'flat throughput at ~200 req/s for me (at 16 connections); the server\'s CPU is unseen (not on this machine, no /metrics), so its capacity and a concurrency cap cannot be told apart'],
  ],
  unchecked: [[{ kind: 'unchecked', reason: { kind: 'gc-mean-pause', ms: 25 } }, 'the server\'s collections average 25 ms (a healthy heap\'s scavenges take a few ms); not re-checked on a busy machine']],
};

const busy: NoiseReason = { kind: 'busy-machine', noisy: 3, of: 4, first: { kind: 'others-cpu', cores: 1.34, ofCores: 2 }, othersMedian: 1.25 };
const jitter: NoiseReason = { kind: 'idle-jitter', p50: 1.23, p90: 9.87 };
const BUSY = '3 of 4 experiments ran on a busy machine (other processes used 1.3 of 2 cores; others\' CPU median 1.3 cores)';
const JITTER = 'idle /health probes were jittery (p50 1.2 ms, p90 9.9 ms)';

const NOTES: Cases<DiagnosisNote> = {
  note: [[{ kind: 'note', text: 'mix could not run: setup answered 503' }, 'mix could not run: setup answered 503']],
  'budget-no-sweep': [[{ kind: 'budget-no-sweep', budgetMs: 6000 }, 'budget of 6.0 s too small for a concurrency sweep: only service times and the mix are measured']],
  'budget-short': [[{ kind: 'budget-short', budgetMs: 6000, plannedMs: 7350 }, 'budget of 6.0 s is below the 7.3 s the shortest useful plan takes: experiments that do not fit are skipped']],
  skipped: [[{ kind: 'skipped', experiment: 'mix', leftMs: 420 }, 'skipped mix: 0.4 s of budget left']],
  'machine-load': [[{ kind: 'machine-load', load: 3.456, cores: 2 }, 'this machine was busy with other work (load average 3.5 on 2 cores): latencies are inflated and close calls less certain']],
  'target-local': [
    [{ kind: 'target-local', pid: 4242, serverSignals: true }, 'the target listens on this machine (pid 4242): its CPU was read from /proc'],
    [{ kind: 'target-local', pid: 4242, serverSignals: false }, 'the target listens on this machine (pid 4242): its CPU was read from /proc, even with --no-server-signals'],
    [{ kind: 'target-local', pid: null, serverSignals: true }, 'the target listens on this machine but its process is not visible in /proc: its CPU is unknown'],
  ],
  noise: [
    [{ kind: 'noise', reasons: [busy, jitter] }, `noise: ${BUSY}; ${JITTER}`],
    [{ kind: 'noise', reasons: [{ kind: 'busy-machine', noisy: 2, of: 2, first: { kind: 'steal', share: 0.23 }, othersMedian: null }] }, 'noise: 2 of 2 experiments ran on a busy machine (23 % of CPU time was stolen by the hypervisor)'],
    [{ kind: 'noise', reasons: [{ kind: 'busy-machine', noisy: 2, of: 2, first: { kind: 'loop-lag', p99Ms: 130.4 }, othersMedian: null }] }, 'noise: 2 of 2 experiments ran on a busy machine (the load generator\'s own event loop lagged 130 ms (p99))'],
  ],
  recheck: [
    [{ kind: 'recheck', cause: 'queue-bottleneck', experiment: 'sweep-c16', confirmed: true }, 'queue-bottleneck was checked by running sweep-c16 again: it showed again'],
    [{ kind: 'recheck', cause: 'queue-bottleneck', experiment: 'sweep-c16', confirmed: false }, 'queue-bottleneck was suspected, but sweep-c16 run again did not show it: not named'],
  ],
  failing: [[{ kind: 'failing', failing: 5, tried: 7 }, '5 of 7 experiments failed (setup refused or most requests failed) and no known cause matched: not healthy']],
  missed: [[{ kind: 'missed', targets: ['overall p95 < 1s'] }, 'the mix missed its targets (overall p95 < 1s) but no known cause matched the signals']],
};

const INCONCLUSIVE: Cases<Inconclusive> = {
  flapped: [[{ kind: 'flapped', cause: 'event-loop-blocked', experiment: 'sweep-c16', noise: null },
    'event-loop-blocked showed in one run and not when sweep-c16 ran again, while this machine was busy (noisy): neither it nor its absence can be told; diagnose again on a quieter machine']],
  generator: [
    [{ kind: 'generator', first: { kind: 'generator-reasons', experiment: 'mix', reasons: ['late'] }, reason: { kind: 'note', text: 'r' } }, 'the load generator hit its own limit (mix: late): the server\'s limits were not reached'],
    [{ kind: 'generator', first: null, reason: { kind: 'note', text: 'could not send' } }, 'the load generator hit its own limit (could not send): the server\'s limits were not reached'],
  ],
  unchecked: [[{ kind: 'unchecked', cause: 'memory-pressure', noise: jitter },
    `memory-pressure was suspected, but it could not be checked again (budget spent) while this machine was busy (${JITTER}): not named; diagnose again on a quieter machine or with a larger --budget`]],
  'nothing-ran': [[{ kind: 'nothing-ran' }, 'no experiment ran (the budget was spent before the first one: starting the target, or setting up): nothing can be concluded; give a larger --budget']],
  'failing-busy': [[{ kind: 'failing-busy', failing: 5, tried: 7, noise: [busy, jitter] }, `5 of 7 experiments failed, mostly by timeouts, while this machine was busy (${BUSY}; ${JITTER}): no cause in the server showed`]],
  'mix-unrun': [[{ kind: 'mix-unrun' }, 'the budget ran out before the mix ran: too little was measured to call it healthy (give a larger --budget)']],
  'missed-busy': [[{ kind: 'missed-busy', targets: ['overall p95 < 1s', 'me p99 < 5ms'], noise: [busy] }, `the mix missed its targets (overall p95 < 1s; me p99 < 5ms) while this machine was busy (${BUSY}): no cause in the server showed`]],
};

const rows = <T extends { kind: string }>(cases: Cases<T>): Array<[string, T, string]> =>
  (Object.values(cases) as Array<Array<[T, string]>>).flat().map(([fact, text]) => [fact.kind, fact, text]);

describe('diagnosis facts in words', () => {
  it.each(rows(EVIDENCE))('evidence %s', (_kind, fact, text) => expect(evidenceText(fact)).toBe(text));
  it.each(rows(REASONS))('reason %s', (_kind, fact, text) => expect(reasonText(fact)).toBe(text));
  it.each(rows(NOTES))('note %s', (_kind, fact, text) => expect(noteText(fact)).toBe(text));
  it.each(rows(INCONCLUSIVE))('inconclusive %s', (_kind, fact, text) => expect(inconclusiveText(fact)).toBe(text));

  it('a fix is followed by the figure it was measured at', () => {
    expect(fixText({ fix: 'Add capacity.' })).toBe('Add capacity.');
    expect(fixText({ fix: 'Add capacity.', measured: { kind: 'sheds', from: 'proxy', limit: { by: 'rate', rps: 40.4 } } })).toBe('Add capacity. Measured: a proxy in front of the app sheds above ~40 req/s.');
    expect(fixText({ fix: 'Fix it.', measured: { kind: 'open', ms: 1200 } })).toBe('Fix it. Measured: open for ~1.2 s after the burst.');
    expect(fixText({ fix: 'Raise it.', measured: { kind: 'takes', cap: { exact: 14 } } })).toBe('Raise it. Measured: the target takes ~14 connections at once.');
  });
});
