// GET /api/me with a valid token (JWT verify, session/denylist lookup, user select, all the
// middleware) against a Hono `c.json({ok:true})` hello server. Goal: >= 0.6x hello's rps.
// A third server, "replay", is the hello server answering with a copy of one real /api/me answer
// (its 13 headers and body, built once): what it costs just to send and receive that answer, so
// the figures say how much of the gap is the answer's size and how much is the work behind it.
// Usage: npm run build && node test/bench/server-me.mjs
import { cannon, captureAnswer, measured, goal, loginToken, startHello, startReference, summary, DURATION_S } from './server-lib.mjs';

const hello = await startHello();
const ref = await startReference();
let replay;
try {
  const token = await loginToken(ref.url);
  const meOpts = { url: `${ref.url}/api/me`, headers: { authorization: `Bearer ${token}` } };
  replay = await startHello(await captureAnswer(meOpts.url, meOpts.headers));
  const runs = { hello: { server: hello, opts: { url: `${hello.url}/hello` } }, replay: { server: replay, opts: { url: `${replay.url}/hello` } }, me: { server: ref, opts: meOpts } };
  // Warm every server (JIT, SQLite page cache), then alternate so drift hits all alike.
  for (const r of Object.values(runs)) await cannon({ ...r.opts, duration: 1 });
  const got = { hello: [], replay: [], me: [] };
  for (let i = 0; i < 2; i++) {
    for (const [name, r] of Object.entries(runs)) {
      const m = await measured(r.server, r.opts);
      console.log(`round ${i + 1}: ${name.padEnd(6)} ${summary(m)}`);
      got[name].push({ rps: m.requests.average, cpu: m.cpuUsPerReq, bad: m.non2xx + m.errors });
    }
  }
  const sum = (name, key) => got[name].reduce((s, r) => s + r[key], 0);
  const mean = (name, key) => sum(name, key) / got[name].length;
  const [h, p, m] = ['hello', 'replay', 'me'].map((n) => mean(n, 'rps'));
  const [hc, pc, mc] = ['hello', 'replay', 'me'].map((n) => mean(n, 'cpu'));
  const bad = sum('me', 'bad') + sum('replay', 'bad');
  console.log(`\n${DURATION_S} s per measurement, 50 connections`);
  console.log(`server CPU per request: hello ${hc.toFixed(0)} us, replay of /api/me's answer ${pc.toFixed(0)} us, /api/me ${mc.toFixed(0)} us`);
  console.log(`replay / hello: ${p.toFixed(0)} / ${h.toFixed(0)} rps = ${(p / h).toFixed(2)}x (the answer's size alone)`);
  console.log(`/api/me / replay: ${m.toFixed(0)} / ${p.toFixed(0)} rps = ${(m / p).toFixed(2)}x (the work behind the answer)`);
  const ok = goal('GET /api/me vs hello', m / h >= 0.6 && bad === 0, `${m.toFixed(0)} / ${h.toFixed(0)} rps = ${(m / h).toFixed(2)}x (goal >= 0.60x), ${bad} failed`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all([hello.stop(), ref.stop(), replay?.stop()]);
}
