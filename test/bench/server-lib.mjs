// Shared by the server benchmarks: servers in their own processes, one autocannon setting.
// Run after `npm run build`; every figure is compared with a baseline measured in the same run.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SEED_PASSWORD = 'zimmer-bench-password';

/** Same settings for every measurement: 50 connections, no pipelining, 10 s request timeout. */
export const LOAD = { connections: 50, pipelining: 1, timeout: 10 };
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);

/** Spawns a process that prints its URL as the last word of its first stdout line. */
export async function spawnServer(args, label, env = {}) {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${label} exited ${code}: ${stderr}`)));
  });
  const url = line.trim().split(' ').at(-1);
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

export const startReference = (extra = []) =>
  spawnServer(['dist/cli/main.js', 'serve', '--port', '0', '--seed-users', String(SEEDED), ...extra], 'reference server');

/** `replay` ({ headers, body }): the hello server answers with exactly these instead (server-hello.mjs). */
export const startHello = (replay) =>
  spawnServer(['test/bench/server-hello.mjs'], 'hello server', replay ? { REPLAY: JSON.stringify(replay) } : {});

/** Headers node writes itself on every answer: a replay that carried them would send them twice. */
const NODE_WRITES = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** One real answer's headers (lower-cased and sorted, as fetch gives them) and body, for startHello(replay). */
export async function captureAnswer(url, headers) {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`capture ${url}: ${res.status}`);
  const kept = {};
  for (const [k, v] of res.headers) if (!NODE_WRITES.has(k)) kept[k] = v;
  return { headers: kept, body: await res.text() };
}
/** The hello server spending `us` microseconds of pure CPU per request (server-spin.mjs). */
export const startSpin = (us) => spawnServer(['test/bench/server-spin.mjs'], 'spin server', { SPIN_US: String(us) });

/**
 * CPU seconds (user + system) a process has used, from /proc (Linux). Throughput swings with
 * whatever else the box runs; CPU per request is steadier, so benchmarks report both.
 */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return Number.NaN;
  }
}

/**
 * Each thread's scheduler account (Linux): ns run on a core, ns waited for one after waking,
 * slices, and its nice value. A latency tail on a full machine is often a wait for a core, which
 * no profile of the process shows.
 */
export function threadTimes(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const [run, wait, slices] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(' ').map(Number);
      const nice = Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
      out.set(tid, { run, wait, slices, nice });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** `label: ran X s, waited Y s for a core (Z µs a slice)` for the threads `pick` keeps, summed. */
export function schedLine(label, before, after, pick) {
  let run = 0, wait = 0, slices = 0, n = 0;
  for (const [tid, b] of after) {
    const a = before.get(tid) ?? { run: 0, wait: 0, slices: 0 };
    if (!pick(tid, b)) continue;
    n++;
    run += b.run - a.run;
    wait += b.wait - a.wait;
    slices += b.slices - a.slices;
  }
  return `${label} (${n} thread${n === 1 ? '' : 's'}): ran ${(run / 1e9).toFixed(2)} s, waited ${(wait / 1e9).toFixed(2)} s for a core`
    + ` (${slices ? (wait / 1e3 / slices).toFixed(0) : 0} us a slice)`;
}


export async function measured(server, opts) {
  const cpu0 = cpuSeconds(server.pid);
  const r = await cannon(opts);
  r.cpuUsPerReq = ((cpuSeconds(server.pid) - cpu0) * 1e6) / Math.max(1, r.requests.total);
  return r;
}

export function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ ...LOAD, duration: DURATION_S, ...opts }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

/** Seeded accounts the reference server has (startReference). */
export const SEEDED = 100;

/**
 * Login load spread over the seeded accounts, one after another: the sign-in guard refuses a 6th
 * attempt in flight for one account+address (503), so a storm on one account measures refusals.
 */
export function loginLoad(url) {
  let n = 0;
  return {
    url: `${url}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{
      setupRequest: (req) => ({ ...req, body: JSON.stringify({ email: `user${(n++ % SEEDED) + 1}@zimmer.test`, password: SEED_PASSWORD }) }),
    }],
  };
}

export async function loginToken(url, n = 1) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `user${n}@zimmer.test`, password: SEED_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return (await res.json()).access_token;
}

export function summary(r) {
  const cpu = r.cpuUsPerReq === undefined ? '' : `, ${r.cpuUsPerReq.toFixed(0)} us server CPU/req`;
  return `${r.requests.average.toFixed(0)} rps${cpu}, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
    `${r['2xx']} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`;
}

/** Prints the verdict line and returns whether the goal was met. */
export function goal(name, ok, detail) {
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
  return ok;
}

/**
 * CPU microseconds per GET /api/me through a request listener (@hono/node-server's) driven with
 * node's own IncomingMessage/ServerResponse and no socket: only the JavaScript a request runs.
 */
export async function driveInProcess(listener, token, n) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = '/api/me';
    req.headers = { host: '127.0.0.1', authorization: `Bearer ${token}` };
    req.rawHeaders = ['host', '127.0.0.1', 'authorization', `Bearer ${token}`];
    req.push(null);
    const res = new ServerResponse(req);
    let status = 0;
    const done = new Promise((resolve) => {
      res.end = function end() {
        status = this.statusCode;
        resolve();
        return this;
      };
    });
    await listener(req, res);
    await done;
    if (status !== 200) throw new Error(`status ${status}`);
  }
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / n;
}
