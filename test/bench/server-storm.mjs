// GET /api/me while 50 connections hammer POST /api/auth/login over 100 accounts (async argon2id at
// OWASP's parameters).
// Goal: /api/me P99 <= 10 ms and no timeouts during the storm. The same /api/me load without
// the storm, in the same run, is the baseline.
// Usage: npm run build && node test/bench/server-storm.mjs
import { cannon, goal, loginLoad, loginToken, startReference, summary } from './server-lib.mjs';

// A steady, moderate read load: a fixed rate, so the latency reflects the server, not a
// closed loop racing itself. autocannon's coordinated-omission "correction" is off because
// it adds phantom 1 ms samples (see the reference notes).
const ME_RATE = Number(process.env.ME_RATE ?? 1000);

const ref = await startReference();
try {
  const token = await loginToken(ref.url);
  const me = {
    url: `${ref.url}/api/me`,
    headers: { authorization: `Bearer ${token}` },
    connections: 10,
    overallRate: ME_RATE,
    ignoreCoordinatedOmission: true,
  };
  const storm = loginLoad(ref.url);
  await cannon({ ...me, duration: 1 });
  const calm = await cannon(me);
  const [during, logins] = await Promise.all([cannon(me), cannon(storm)]);
  console.log(`/api/me alone        (${ME_RATE} rps target): ${summary(calm)}`);
  console.log(`/api/me during storm (${ME_RATE} rps target): ${summary(during)}`);
  console.log(`login storm (50 connections):          ${summary(logins)}`);
  const ok = goal('GET /api/me P99 during a login storm', during.latency.p99 <= 10 && during.timeouts === 0 && during.errors === 0,
    `${during.latency.p99} ms (alone ${calm.latency.p99} ms; goal <= 10 ms), ${during.timeouts} timeouts, ${during.errors} errors`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await ref.stop();
}
