// GET /api/me with a valid token (JWT verify, session/denylist lookup, user select, all the
// middleware) against a Hono `c.json({ok:true})` hello server. Goal: >= 0.6x hello's rps.
// Usage: npm run build && node test/bench/server-me.mjs
import { cannon, measured, goal, loginToken, startHello, startReference, summary, DURATION_S } from './server-lib.mjs';

const hello = await startHello();
const ref = await startReference();
try {
  const token = await loginToken(ref.url);
  const meOpts = { url: `${ref.url}/api/me`, headers: { authorization: `Bearer ${token}` } };
  // Warm both (JIT, SQLite page cache), then alternate so drift hits both sides alike.
  await cannon({ url: `${hello.url}/hello`, duration: 1 });
  await cannon({ ...meOpts, duration: 1 });
  const rounds = [];
  for (let i = 0; i < 2; i++) {
    const h = await measured(hello, { url: `${hello.url}/hello` });
    const m = await measured(ref, meOpts);
    console.log(`round ${i + 1}: hello ${summary(h)}`);
    console.log(`round ${i + 1}: me    ${summary(m)}`);
    rounds.push({ h: h.requests.average, m: m.requests.average, hc: h.cpuUsPerReq, mc: m.cpuUsPerReq, bad: m.non2xx + m.errors });
  }
  const h = rounds.reduce((s, r) => s + r.h, 0) / rounds.length;
  const m = rounds.reduce((s, r) => s + r.m, 0) / rounds.length;
  const bad = rounds.reduce((s, r) => s + r.bad, 0);
  const hc = rounds.reduce((s, r) => s + r.hc, 0) / rounds.length;
  const mc = rounds.reduce((s, r) => s + r.mc, 0) / rounds.length;
  console.log(`\n${DURATION_S} s per measurement, 50 connections`);
  console.log(`server CPU per request: hello ${hc.toFixed(0)} us, /api/me ${mc.toFixed(0)} us = ${(hc / mc).toFixed(2)}x hello's efficiency`);
  const ok = goal('GET /api/me vs hello', m / h >= 0.6 && bad === 0, `${m.toFixed(0)} / ${h.toFixed(0)} rps = ${(m / h).toFixed(2)}x (goal >= 0.60x), ${bad} failed`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all([hello.stop(), ref.stop()]);
}
