// Runs each virtual user's setup steps (e.g. log in) once, before the load, and keeps the variables
// they capture. Not measured. Users whose setup fails are left out and counted by failure message.
import { Pool } from 'undici';
import type { Scenario } from '../plan/types.js';
import type { Vars } from '../plan/template.js';
import type { CompiledRequest } from './compile-requests.js';
import { describeAnswer, judgeBody } from './outcome.js';
import { redactSecrets } from '../plan/env.js';
import type { EnvValues } from '../plan/template.js';
import type { TargetUrl } from './target-url.js';

const CONCURRENCY = 4;
const MAX_RETRIES = 3;
const MAX_RETRY_WAIT_MS = 5000;

export interface SetupOutcome {
  ready: Vars[];
  failures: Record<string, number>;
  /** The first failure, with the user it happened to, for the message when nobody got ready. */
  firstFailure: { step: string; user: string; answer: string } | null;
}

export async function setupUsers(
  s: Scenario, target: TargetUrl, compiled: CompiledRequest[], users: Vars[], signal?: AbortSignal,
): Promise<SetupOutcome> {
  const byName = new Map(compiled.map((c) => [c.name, c]));
  const steps = s.setup.map((name) => byName.get(name)).filter((c): c is CompiledRequest => !!c);
  const out: SetupOutcome = { ready: [], failures: {}, firstFailure: null };
  if (steps.length === 0) return { ...out, ready: users };
  const pool = new Pool(target.origin, { connections: CONCURRENCY, pipelining: 1 });
  const results: Array<Vars | null> = new Array<Vars | null>(users.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < users.length && !signal?.aborted) {
      const i = next++;
      const vars = { ...(users[i] as Vars) };
      results[i] = await runSteps(pool, steps, vars, out, s.env ?? {}, signal);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, users.length) }, worker));
  } finally {
    await pool.destroy();
  }
  out.ready = results.filter((v): v is Vars => v !== null);
  return out;
}

async function runSteps(
  pool: Pool, steps: CompiledRequest[], vars: Vars, out: SetupOutcome, secrets: EnvValues, signal?: AbortSignal,
): Promise<Vars | null> {
  for (const step of steps) {
    const answer = await send(pool, step, vars, signal);
    if (signal?.aborted) return null;
    const failure = answer.failure ?? (() => {
      const verdict = judgeBody(step.spec, answer.status, answer.body);
      Object.assign(vars, verdict.captured);
      // A server may echo what it was sent: secrets are taken out before the answer is cut short.
      return verdict.error ? describeAnswer(answer.status, redactSecrets(answer.body, secrets)) : null;
    })();
    if (failure) {
      const key = `${step.name}: ${failure}`;
      out.failures[key] = (out.failures[key] ?? 0) + 1;
      out.firstFailure ??= { step: step.name, user: redactSecrets(describeUser(vars), secrets), answer: failure };
      return null;
    }
  }
  return vars;
}

interface Answer { status: number; body: string; failure: string | null }

/** One request, retried after 429/503 as the server's Retry-After asks (bounded). */
async function send(pool: Pool, step: CompiledRequest, vars: Vars, signal?: AbortSignal): Promise<Answer> {
  for (let attempt = 0; ; attempt++) {
    const r = step.render(vars);
    try {
      const res = await pool.request({
        method: r.method as 'GET', path: r.path, headers: r.headers, body: r.body, signal,
        headersTimeout: step.timeoutMs, bodyTimeout: step.timeoutMs,
      });
      const body = await res.body.text();
      if ((res.statusCode === 429 || res.statusCode === 503) && attempt < MAX_RETRIES) {
        await sleep(retryAfterMs(res.headers['retry-after'], attempt), signal);
        continue;
      }
      return { status: res.statusCode, body, failure: null };
    } catch (err) {
      const e = err as { code?: string; message?: string };
      return { status: 0, body: '', failure: e.code ?? e.message ?? String(err) };
    }
  }
}

function retryAfterMs(header: string | string[] | undefined, attempt: number): number {
  const v = Array.isArray(header) ? header[0] : header;
  const secs = v === undefined ? NaN : Number(v);
  const date = v === undefined ? NaN : Date.parse(v) - Date.now();
  const ms = Number.isFinite(secs) ? secs * 1000 : Number.isFinite(date) ? date : 200 * 2 ** attempt;
  return Math.min(MAX_RETRY_WAIT_MS, Math.max(0, ms));
}

/**
 * Waits, or less when `signal` aborts. The abort listener goes when the wait ends: one left behind per
 * retry piles up on a signal that outlives many setups (MaxListenersExceededWarning against a server
 * that sheds every login).
 */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = () => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `#3 (email=a@b.c)`: the user number and its first field that is not a secret. */
export function describeUser(vars: Vars): string {
  const field = Object.entries(vars).find(([k]) => !k.startsWith('$') && !/pass|secret|token|key/i.test(k));
  return `#${vars.$n ?? '?'}${field ? ` (${field[0]}=${field[1]})` : ''}`;
}
