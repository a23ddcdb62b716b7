// Where GET /api/me's server CPU goes: the same load against the stack built up one layer at a
// time (server-split-target.mjs), each in its own process, CPU per request from /proc. The
// difference between two rows is what that layer costs. Rounds alternate so drift hits every row.
// Usage: npm run build && nice -n 10 node test/bench/server-me-split.mjs (ONLY=hello,full for some
// layers; PROF=dir writes each server's --cpu-prof there)
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cannon, cpuSeconds, DURATION_S } from './server-lib.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
import { LAYERS as ALL } from './server-layers.mjs';

/** ONLY=hello,full measures a few layers. */
const LAYERS = process.env.ONLY ? process.env.ONLY.split(',') : ALL;
const ROUNDS = Number(process.env.ROUNDS ?? 2);

async function start(layer) {
  const child = spawn(process.execPath, [...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}/${layer}`] : []), 'test/bench/server-split-target.mjs'], { cwd: ROOT, env: { ...process.env, LAYER: layer }, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${layer} exited ${code}`)));
  });
  const [token, url] = line.trim().split(' ');
  return { token, url, pid: child.pid, stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))) };
}

const servers = {};
for (const l of LAYERS) servers[l] = await start(l);
const results = Object.fromEntries(LAYERS.map((l) => [l, { cpu: [], rps: [] }]));
try {
  for (const l of LAYERS) await cannon({ url: `${servers[l].url}/api/me`, headers: { authorization: `Bearer ${servers[l].token}` }, duration: 1 });
  for (let r = 0; r < ROUNDS; r++) {
    for (const l of LAYERS) {
      const s = servers[l];
      const cpu0 = cpuSeconds(s.pid);
      const res = await cannon({ url: `${s.url}/api/me`, headers: { authorization: `Bearer ${s.token}` } });
      if (res.non2xx || res.errors) throw new Error(`${l}: ${res.non2xx} non-2xx, ${res.errors} errors`);
      results[l].cpu.push(((cpuSeconds(s.pid) - cpu0) * 1e6) / res.requests.total);
      results[l].rps.push(res.requests.average);
    }
  }
} finally {
  await Promise.all(LAYERS.map((l) => servers[l].stop()));
}
const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
console.log(`${DURATION_S} s x ${ROUNDS} rounds per layer, 50 connections; server CPU us per request (each layer adds to the one above)`);
let prev;
for (const l of LAYERS) {
  const cpu = mean(results[l].cpu);
  console.log(`${l.padEnd(11)} ${cpu.toFixed(1).padStart(6)} us/req  ${prev === undefined ? '' : `(+${(cpu - prev).toFixed(1)})`.padEnd(9)} ${mean(results[l].rps).toFixed(0).padStart(6)} rps`);
  prev = cpu;
}
