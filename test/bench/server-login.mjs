// Login throughput against the box's raw async argon2id capacity with the same parameters
// (OWASP's: m = 19 MiB, t = 2, p = 1, 32-byte key), measured in the same run. Goal: >= 0.8x.
// Usage: npm run build && node test/bench/server-login.mjs
import { hash, verify } from '@node-rs/argon2';
import { cannon, goal, loginLoad, startReference, summary, DURATION_S, SEED_PASSWORD } from './server-lib.mjs';

const PARAMS = { algorithm: 2 /* argon2id */, memoryCost: 19 * 1024, timeCost: 2, parallelism: 1, outputLen: 32 };
// libuv's threadpool runs 4 at once unless UV_THREADPOOL_SIZE says otherwise: keep it full.
const IN_FLIGHT = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const LOGIN_S = Math.max(DURATION_S, 10);

async function rawCapacity(seconds) {
  const stored = await hash(SEED_PASSWORD, PARAMS);
  const until = performance.now() + seconds * 1000;
  let done = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (performance.now() < until) {
      await verify(stored, SEED_PASSWORD);
      done++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return done / ((performance.now() - t0) / 1000);
}

const before = await rawCapacity(DURATION_S);
const ref = await startReference();
let login;
try {
  const opts = loginLoad(ref.url);
  await cannon({ ...opts, duration: 1 });
  // Let the warm-up's last admitted hashes finish (its queued ones leave with their clients).
  await new Promise((r) => setTimeout(r, 1000));
  // At 20-200 logins/s, the few hashes cut off at either end of the window weigh ~1 % per
  // 10 s of run: measure at least that long.
  login = await cannon({ ...opts, duration: LOGIN_S });
} finally {
  await ref.stop();
}
const after = await rawCapacity(DURATION_S);
const raw = (before + after) / 2;
const rps = login['2xx'] / (login.duration);
console.log(`raw async argon2id verify: ${before.toFixed(1)} then ${after.toFixed(1)} hashes/s (${IN_FLIGHT} in flight)`);
console.log(`login (50 connections, ${LOGIN_S} s): ${summary(login)}`);
const ok = goal('login vs raw argon2id', rps / raw >= 0.8 && login.errors === 0, `${rps.toFixed(1)} / ${raw.toFixed(1)} per s = ${(rps / raw).toFixed(2)}x (goal >= 0.80x), ${login.non2xx} shed, ${login.errors} errors`);
process.exitCode = ok ? 0 : 1;
