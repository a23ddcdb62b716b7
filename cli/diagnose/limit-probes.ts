// Probes sent when an experiment met a limit, to see what limits and how: one request at a time right
// after the load (does it fail even alone, and until when: a breaker's open period and half-open
// recovery), a burst at once (who rejects: the headers and body of a rejection next to an answer),
// and connections opened one by one and held (how many the target serves at once).
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { RenderedRequest } from '../runner/compile-requests.js';
import type { TargetUrl } from '../runner/target-url.js';
import { establishedTo } from './host-cpu.js';
import type { ConnectionProbe, RecoveryTrace, RejectionSample } from './types.js';

const RECOVERY_INTERVAL_MS = 50;
const RECOVERY_MAX_MS = 2500;
/** Enough answers in a row to call it recovered. */
const RECOVERED_AFTER = 6;
const BODY_CHARS = 160;

type Sent = { status: number; ms: number; headers: Record<string, string | string[] | undefined>; body: string };

async function send(pool: Pool, r: RenderedRequest, timeoutMs: number): Promise<Sent> {
  const t0 = performance.now();
  try {
    const res = await pool.request({ method: r.method as 'GET', path: r.path, headers: r.headers, body: r.body, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = (await res.body.text()).slice(0, 4096);
    return { status: res.statusCode, ms: performance.now() - t0, headers: res.headers, body };
  } catch {
    return { status: 0, ms: performance.now() - t0, headers: {}, body: '' };
  }
}

const header = (h: Sent['headers'], name: string): string | null => {
  const v = h[name];
  return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
};

/** Through any protection: answered, even refused by auth (401) or not found; not a 429, a 5xx or no answer. */
const ok = (status: number) => status > 0 && status < 500 && status !== 429;

/** One request at a time every 50 ms from the end of a load, until it answers 6 times in a row (2.5 s at most). */
export async function traceRecovery(target: TargetUrl, endpoint: string, request: () => RenderedRequest, loadEnded: number, deadline: number): Promise<RecoveryTrace> {
  const pool = new Pool(target.origin, { connections: 1 });
  const steps: RecoveryTrace['steps'] = [];
  try {
    let streak = 0;
    const until = Math.min(deadline, performance.now() + RECOVERY_MAX_MS);
    while (performance.now() < until && streak < RECOVERED_AFTER) {
      const at = performance.now() - loadEnded;
      const s = await send(pool, request(), 1000);
      steps.push({ at: Math.round(at), status: s.status, ms: Math.round(s.ms * 100) / 100 });
      streak = ok(s.status) ? streak + 1 : 0;
      const wait = RECOVERY_INTERVAL_MS - s.ms;
      if (wait > 0) await sleep(wait);
    }
  } finally {
    await pool.destroy();
  }
  return { endpoint, intervalMs: RECOVERY_INTERVAL_MS, steps };
}

/** `n` requests at once: who answers a rejection (Server, Via, body) and how fast, next to an answer. */
export async function sampleRejections(target: TargetUrl, endpoint: string, request: () => RenderedRequest, n: number): Promise<RejectionSample> {
  const pool = new Pool(target.origin, { connections: n });
  try {
    const answers = await Promise.all(Array.from({ length: n }, () => send(pool, request(), 2000)));
    const describe = (a: Sent) => ({
      status: a.status, ms: Math.round(a.ms * 100) / 100, server: header(a.headers, 'server'), via: header(a.headers, 'via'),
      contentType: header(a.headers, 'content-type'),
    });
    return {
      endpoint,
      sent: n,
      rejected: answers.filter((a) => a.status === 429 || a.status === 503).map((a) => ({
        ...describe(a), retryAfter: header(a.headers, 'retry-after'), body: a.body.replace(/\s+/g, ' ').trim().slice(0, BODY_CHARS),
      })),
      accepted: answers.filter((a) => a.status >= 200 && a.status < 400).map(describe),
    };
  } finally {
    await pool.destroy();
  }
}

const CONNECT_TIMEOUT_MS = 1500;

/**
 * Opens connections one by one up to `max`, each sending one keep-alive request and staying open
 * after its answer, so that they add up: the first one refused, reset or closed unanswered shows the
 * target's cap on connections (a max-connections setting, a full listen backlog).
 */
export async function probeConnections(target: TargetUrl, path: string, max: number, deadline: number, local: boolean): Promise<ConnectionProbe> {
  const sockets: Array<ReturnType<typeof connect>> = [];
  const kinds: Record<string, number> = {};
  let served = 0;
  let failed = 0;
  let firstFailure: number | null = null;
  let openAtFailure: number | null = null;
  const port = Number(target.port);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  try {
    for (let i = 1; i <= max && performance.now() < deadline; i++) {
      const outcome = await new Promise<string>((resolve) => {
        const sock = connect({ host, port });
        sockets.push(sock);
        let data = '';
        const done = (what: string) => { clearTimeout(timer); sock.removeAllListeners('data'); resolve(what); };
        const timer = setTimeout(() => done('no answer'), CONNECT_TIMEOUT_MS);
        sock.on('connect', () => sock.write(`GET ${path} HTTP/1.1\r\nHost: ${target.hostname}:${target.port}\r\nConnection: keep-alive\r\n\r\n`));
        sock.on('data', (chunk: Buffer) => {
          data += chunk.toString('latin1');
          const m = /^HTTP\/1\.[01] (\d{3})/.exec(data);
          if (m) done(`status ${m[1]}`);
        });
        sock.on('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' ? 'refused' : 'reset'));
        sock.on('close', () => done('closed unanswered'));
      });
      // Any answer, even a 503, means the connection was taken: shedding is another cause.
      if (outcome.startsWith('status ')) { served++; continue; }
      failed++;
      kinds[outcome] = (kinds[outcome] ?? 0) + 1;
      if (firstFailure === null) {
        firstFailure = i;
        // What the target held then, the tracer's keep-alive connections included.
        openAtFailure = local ? establishedTo(port) : null;
      }
      // Two failures in a row settle it; the rest would only cost time.
      if (failed >= 2) break;
    }
  } finally {
    for (const s of sockets) s.destroy();
  }
  return { path, tried: served + failed, served, failed, firstFailure, openAtFailure, failureKinds: kinds };
}
