// Shared by the engine benchmarks (run after `npm run build`): a target in a child process, and
// Scenario objects built directly for zimmer-bench's runner from dist/.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 5) * 1000;
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export async function startTarget(mode) {
  const child = spawn(process.execPath, [`${HERE}engine-target.mjs`, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`target exited ${code}`)));
  });
  return {
    url: line.trim().split(' ').at(-1),
    stop: () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); }),
  };
}

/**
 * One GET request in a one-flow mix, under the given load. `templated`: 'none' (fixed bytes),
 * 'user' (a Bearer token from a variable: the same per user) or 'request' (`$seq` in the path:
 * rendered for every request).
 */
export function helloScenario(load, templated = 'none') {
  const headers = templated === 'none' ? {} : { authorization: 'Bearer {{token}}' };
  const path = templated === 'request' ? '/?n={{$seq}}' : '/';
  return getScenario(load, { name: 'hello', path, headers, variables: { token: 'abc.def.ghi' } });
}

/** A Scenario of one GET request, expected to answer 200, alone in its mix, under `load`. */
export function getScenario(load, { name, path, headers = {}, variables = {} }) {
  return {
    name: 'engine-bench', description: '', file: null, target: null,
    defaults: { headers: {}, timeoutMs: 10_000 }, variables, users: { kind: 'none' }, setup: [],
    requests: { [name]: { name, method: 'GET', path, headers, capture: {},
      expect: { status: [200], fields: [] }, timeoutMs: 10_000 } },
    mix: [{ weight: 1, run: [name] }], load, targets: [],
  };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (x, d = 0) => Number(x).toFixed(d);

/** The target's own latency figures since the last call (see engine-target.mjs). */
export async function serverStats(url) {
  return (await fetch(`${url}/__stats`)).json();
}
