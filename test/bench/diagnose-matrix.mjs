// On demand: the whole diagnose matrix, run N times (default 2): every fault of the reference server,
// every test target of test/targets/, and clean servers quiet and busy (a bounded CPU hog on one core
// beside them). Prints one markdown row per case and round (top verdict, confidence, runner-up,
// seconds, mode, the machine's load average), then which verdicts changed between rounds.
//   npm run build && nice -n 10 node test/bench/diagnose-matrix.mjs [--rounds 2] [--budget 20s] [--only NAME]
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { faultNames } from '../../dist/cli/target/faults.js';
import { startBundledServer } from '../../dist/cli/target/bundled-server.js';

const { values: o } = parseArgs({ options: {
  rounds: { type: 'string', default: '2' }, budget: { type: 'string', default: '20s' }, 'limits-budget': { type: 'string', default: '14s' }, only: { type: 'string' },
} });
const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');
const TARGETS = join(import.meta.dirname, '../targets');
const SCENARIO = join(TARGETS, 'scenario.yaml');
const out = mkdtempSync(join(tmpdir(), 'zimmer-matrix-'));

/** Starts a script of test/targets/ and resolves its URL once it prints `listening URL` (or `running`). */
function target(script, args = []) {
  const child = spawn(process.execPath, [join(TARGETS, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => new Promise((r) => { if (child.exitCode !== null) { r(); return; } child.once('exit', r); child.kill('SIGTERM'); });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (c) => {
      text += c;
      const m = /^(?:listening|running) (\S+)/m.exec(text);
      if (m) resolve({ url: m[1], stop });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}`)));
  });
}

function diagnose(args) {
  const t0 = Date.now();
  return new Promise((resolve) => execFile(process.execPath, [MAIN, 'diagnose', '--json', '--quiet', '--out', out, ...args], { timeout: 180_000, maxBuffer: 32 << 20 }, (err, stdout) => {
    let d = null;
    try { d = JSON.parse(stdout); } catch { /* reported below */ }
    resolve({ code: err ? err.code : 0, d, seconds: (Date.now() - t0) / 1000 });
  }));
}

const limits = (url, extra = []) => diagnose(['--target', url, '--budget', o['limits-budget'], '--no-server-signals', ...extra]);
const withApp = (args) => async () => { const t = await target('app.mjs', args); try { return await limits(t.url, ['--scenario', SCENARIO]); } finally { await t.stop(); } };
const busy = (run) => async () => { const h = await target('cpu-hog.mjs', ['--seconds', '90']); try { return await run(); } finally { await h.stop(); } };

const cases = [
  ['(no fault)', () => diagnose(['--budget', o.budget])],
  ...faultNames().map((f) => [`--fault ${f}`, () => diagnose(['--budget', o.budget, '--fault', f])]),
  ['(no fault, black box)', () => diagnose(['--budget', o.budget, '--no-server-signals'])],
  ['shed above 2 (app)', withApp(['--shed', '2'])],
  ['rate limit 40/s (proxy)', async () => {
    const s = await startBundledServer({ seedUsers: 20, faults: [] });
    const p = await target('rate-limit-proxy.mjs', ['--upstream', s.url, '--rate', '40', '--burst', '10']);
    try { return await limits(p.url); } finally { await p.stop(); await s.stop(); }
  }],
  ['breaker', withApp(['--breaker', '--work-ms', '4'])],
  ['max 4 connections', withApp(['--max-connections', '4'])],
  ['CPU-bound (capacity)', withApp(['--work-ms', '30'])],
  ['clean app', withApp([])],
  ['(no fault, busy)', busy(() => diagnose(['--budget', o.budget]))],
  ['(no fault, busy, black box)', busy(() => diagnose(['--budget', o['limits-budget'], '--no-server-signals']))],
  ['clean app (busy)', busy(withApp([]))],
].filter(([name]) => !o.only || name.includes(o.only));

function verdictOf(r) {
  const d = r.d;
  if (!d) return { top: `no diagnosis (exit ${r.code})`, runnerUp: '-' };
  const [a, b] = d.causes;
  const top = d.verdict === 'healthy' ? 'healthy' : d.verdict === 'inconclusive' ? `INCONCLUSIVE${a ? ` (suspect ${a.cause})` : ''}` : a ? a.cause : 'unexplained';
  return { top, confidence: a && d.verdict === 'found' ? a.confidence.toFixed(2) : '-', runnerUp: b ? `${b.cause} (${b.confidence.toFixed(2)})` : '-' };
}

const seen = new Map();
process.stdout.write('| case | round | top verdict | confidence | runner-up | seconds | mode | exit | load (1 min) |\n| --- | ---: | --- | ---: | --- | ---: | --- | ---: | ---: |\n');
try {
  for (let round = 1; round <= Number(o.rounds); round++) {
    for (const [name, run] of cases) {
      const load = loadavg()[0].toFixed(1);
      const r = await run();
      const v = verdictOf(r);
      process.stdout.write(`| ${name} | ${round} | ${v.top} | ${v.confidence ?? '-'} | ${v.runnerUp} | ${r.seconds.toFixed(1)} | ${r.d?.mode ?? '?'} | ${r.code} | ${load} |\n`);
      seen.set(name, [...(seen.get(name) ?? []), v.top]);
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
const changed = [...seen].filter(([, tops]) => new Set(tops).size > 1);
process.stdout.write(`\n${changed.length === 0 ? 'No verdict changed between rounds.' : `Changed between rounds: ${changed.map(([n, t]) => `${n} (${t.join(' -> ')})`).join('; ')}`}\n`);
