import { describe, expect, it } from 'vitest';
import { buildDiagnosis, type DiagnosisMeta } from '../../cli/diagnose/diagnosis.js';
import { renderDiagnosisTerminal, diagnosisHeadline } from '../../cli/render/diagnosis-terminal.js';
import { renderDiagnosisMarkdown } from '../../cli/render/diagnosis-markdown.js';
import { diagnosisDocument, renderDiagnosisJson } from '../../cli/render/diagnosis-json.js';
import { renderTimeoutCheck } from '../../cli/render/diagnosis-timeouts.js';
import { SESSION, exp, healthy, setEndpoint, setProbe, sweeps } from './diagnose-fixture.js';

const meta: DiagnosisMeta = {
  target: { url: 'http://127.0.0.1:4000', bundled: true, faults: ['queue-bottleneck'] },
  scenario: 'phase1', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 17_400, budgetMs: 20_000, partial: false, notes: [],
};

function capped() {
  const obs = healthy();
  setEndpoint(exp(obs, SESSION, 4), 'session_login', 205, 19);
  setEndpoint(exp(obs, SESSION, 16), 'session_login', 830, 19.2);
  // The server's CPU seen (it runs on this machine) and mostly idle: a cap, not its capacity.
  exp(obs, SESSION, 16).serverCpu = { pid: 4242, cpu: 0.3, demand: 0.4, mainThread: 0.2, mainRun: 0.15 };
  // A weaker second finding, so the ranking shows.
  setProbe(obs, 'auth-read', 4.5);
  setProbe(obs, 'invalid-token', 4.2);
  return obs;
}

describe('diagnosis renderers', () => {
  it('terminal: verdict first, causes most likely first, each with evidence and fix; no colour codes when off', () => {
    const d = buildDiagnosis(capped(), meta);
    expect(d.causes.map((c) => c.cause)).toEqual(['queue-bottleneck', 'middleware-order']);
    const text = renderDiagnosisTerminal(d, { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('FOUND  2 causes; most likely queue-bottleneck on session_login (client-only, 17.4 s of a 20 s budget)');
    expect(text.indexOf('1. queue-bottleneck')).toBeLessThan(text.indexOf('2. middleware-order'));
    expect(text).toMatch(/fix: Raise the concurrency cap/);
    expect(text).toMatch(/session_login +│ 1 +│ 18 /);
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderDiagnosisTerminal(d, { color: true })).toMatch(/\u001b\[/);
  });

  it('healthy and unexplained headlines', () => {
    const ok = buildDiagnosis(healthy(), meta);
    expect(ok.healthy).toBe(true);
    expect(diagnosisHeadline(ok)).toMatch(/^HEALTHY {2}no cause of timeouts found/);
    const obs = healthy();
    exp(obs, null).targetsMissed = ['overall p95 < 1s'];
    const missed = buildDiagnosis(obs, meta);
    expect(missed.healthy).toBe(false);
    expect(diagnosisHeadline(missed)).toMatch(/^UNEXPLAINED /);
    expect(diagnosisDocument(missed).notes.join(' ')).toMatch(/missed its targets \(overall p95 < 1s\) but no known cause matched/);
  });

  it('markdown: title, verdict, one section per cause, well-formed tables; JSON round-trips', () => {
    const d = buildDiagnosis(capped(), meta);
    const md = renderDiagnosisMarkdown(d);
    expect(md.split('\n')[0]).toBe('# Diagnosis: phase1 against http://127.0.0.1:4000');
    expect(md).toMatch(/^### 1\. `queue-bottleneck` on `session_login`$/m);
    expect(md).toMatch(/with fault\(s\) `queue-bottleneck`/);
    for (const table of md.split('\n\n').filter((b) => b.startsWith('|'))) {
      const widths = table.trim().split('\n').map((row) => row.split(' | ').length);
      expect(new Set(widths).size, table).toBe(1);
    }
    expect(JSON.parse(renderDiagnosisJson(d))).toEqual(diagnosisDocument(d));
  });

  it('a loop stall is reported with the /health wait it caused', () => {
    const obs = healthy();
    for (const e of sweeps(obs, SESSION)) setProbe(e, 'health', 180);
    expect(renderDiagnosisTerminal(buildDiagnosis(obs, meta), { color: false })).toMatch(/\/health took 180 ms \(idle 0\.4 ms\)/);
  });
});

describe('timeout check text', () => {
  it('unresolved endpoints first, with why and their error classes', () => {
    const text = renderTimeoutCheck({
      resolved: 6, total: 7, endpoints: [
        { label: 'GET /api/me', requests: ['me'], resolved: true, attempted: 900, timeouts: 0, errorRate: 0, p95: 3, p99: 5, max: 9, atLeast: false, errorClasses: {}, reasons: [] },
        { label: 'POST /api/auth/refresh', requests: ['refresh'], resolved: false, attempted: 50, timeouts: 2, errorRate: 0.04, p95: 2500, p99: 2500, max: 2500, atLeast: true, errorClasses: { timeout: 2 }, reasons: ['2 timeouts'] },
      ],
    }, 'phase1 for 5 s');
    const lines = text.split('\n');
    expect(lines[0]).toBe('6/7 resolved (resolved = no timeouts, errors < 10 %, P95 < 1 s under load)');
    expect(lines[3]).toMatch(/^UNRESOLVED {2}POST \/api\/auth\/refresh +p95 >= 2\.5 s/);
    expect(lines[4]).toMatch(/why: 2 timeouts; error classes: timeout 2/);
    expect(lines[5]).toMatch(/^resolved {4}GET \/api\/me/);
  });
});
