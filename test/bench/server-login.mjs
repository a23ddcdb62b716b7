// Login throughput against the box's raw async-scrypt capacity with the same parameters
// (N = 2^14, r = 8, p = 1, 32-byte key), measured in the same run. Goal: >= 0.8x.
// Usage: npm run build && node test/bench/server-login.mjs
import { randomBytes, scrypt } from 'node:crypto';
import { cannon, goal, startReference, summary, DURATION_S, SEED_PASSWORD } from './server-lib.mjs';

const N = 2 ** 14;
// libuv's threadpool runs 4 at once unless UV_THREADPOOL_SIZE says otherwise: keep it full.
const IN_FLIGHT = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const LOGIN_S = Math.max(DURATION_S, 10);

function rawCapacity(seconds) {
  const salt = randomBytes(16);
  const until = performance.now() + seconds * 1000;
  let done = 0;
  return new Promise((resolve, reject) => {
    let running = 0;
    const t0 = performance.now();
    const launch = () => {
      running++;
      scrypt(SEED_PASSWORD, salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err) => {
        running--;
        if (err) return reject(err);
        done++;
        if (performance.now() < until) launch();
        else if (running === 0) resolve(done / ((performance.now() - t0) / 1000));
      });
    };
    for (let i = 0; i < IN_FLIGHT; i++) launch();
  });
}

const before = await rawCapacity(DURATION_S);
const ref = await startReference(['--hash-cost', '14']);
let login;
try {
  const opts = {
    url: `${ref.url}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'user1@zimmer.test', password: SEED_PASSWORD }),
  };
  await cannon({ ...opts, duration: 1 });
  // Let the warm-up's last admitted hashes finish (its queued ones leave with their clients).
  await new Promise((r) => setTimeout(r, 1000));
  // At 20-40 logins/s, the few hashes cut off at either end of the window weigh ~1 % per
  // 10 s of run: measure at least that long.
  login = await cannon({ ...opts, duration: LOGIN_S });
} finally {
  await ref.stop();
}
const after = await rawCapacity(DURATION_S);
const raw = (before + after) / 2;
const rps = login['2xx'] / (login.duration);
console.log(`raw async scrypt: ${before.toFixed(1)} then ${after.toFixed(1)} hashes/s (${IN_FLIGHT} in flight)`);
console.log(`login (50 connections, ${LOGIN_S} s): ${summary(login)}`);
const ok = goal('login vs raw scrypt', rps / raw >= 0.8 && login.errors === 0, `${rps.toFixed(1)} / ${raw.toFixed(1)} per s = ${(rps / raw).toFixed(2)}x (goal >= 0.80x), ${login.non2xx} shed, ${login.errors} errors`);
process.exitCode = ok ? 0 : 1;
