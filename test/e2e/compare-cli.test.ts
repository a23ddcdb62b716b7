// The built CLI's `compare` and `report` commands on saved fixture results: exit codes 0/1/2/3,
// one-line errors, and the files they write. Needs `npx tsc -p .` first (npm test does it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'dist/cli/main.js');
const fixture = (name: string): string => join(ROOT, `test/fixtures/results-${name}.json`);

interface Ran { code: number | null; stdout: string; stderr: string }

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { cwd: ROOT, timeout: 20_000, env: { ...process.env, GITHUB_STEP_SUMMARY: '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr });
    });
  });
}

let dir: string;
beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first with npx tsc -p .`);
  dir = await mkdtemp(join(tmpdir(), 'zb-compare-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('zimmer-bench compare', () => {
  it('exits 0 for a run compared with itself', async () => {
    const r = await cli(['compare', fixture('phase1-pass'), fixture('phase1-pass')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# OK: no value worse than BASE beyond tolerance');
  });

  it('exits 1 when NEW is worse, and --json gives the rows', async () => {
    const r = await cli(['compare', fixture('phase1-pass'), fixture('phase1-fail'), '--tolerance', '25%', '--floor', '2ms', '--json']);
    expect(r.code).toBe(1);
    const c = JSON.parse(r.stdout) as { schema: string; regressions: number; rows: Array<{ endpoint: string; metric: string; status: string }> };
    expect(c.schema).toBe('zimmer-bench/comparison@1');
    expect(c.regressions).toBe(7);
    expect(c.rows.find((x) => x.endpoint === 'session_login' && x.metric === 'p95')!.status).toBe('regression');
  });

  it('writes the markdown to --out', async () => {
    const out = join(dir, 'cmp', 'comparison.md');
    const r = await cli(['compare', fixture('phase1-pass'), fixture('phase1-fail'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(await readFile(out, 'utf8')).toMatch(/^# REGRESSION: /);
  });

  it('exits 3 when a run is invalid, whatever the numbers say', async () => {
    const r = await cli(['compare', fixture('phase2-invalid'), fixture('phase2-invalid')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('BASE is invalid');
  });

  it('exits 2 with one line naming every bad file', async () => {
    const foreign = join(dir, 'package.json');
    await writeFile(foreign, '{"name": "x"}');
    const r = await cli(['compare', foreign, join(dir, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^zimmer-bench: .*package\.json: not a zimmer-bench results file .*; cannot read results file .*missing\.json \(ENOENT\)/);
  });

  it('exits 2 naming the file and field when a histogram is damaged', async () => {
    const damaged = join(dir, 'cmp-histogram.json');
    const doc = JSON.parse(await readFile(fixture('phase1-fail'), 'utf8')) as { endpoints: Array<{ histogram: string }> };
    doc.endpoints[0]!.histogram = doc.endpoints[0]!.histogram.slice(0, 40);
    await writeFile(damaged, JSON.stringify(doc));
    const r = await cli(['compare', fixture('phase1-pass'), damaged]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cmp-histogram.json: damaged zimmer-bench/result@1 document: endpoints[0].histogram: not a readable HDR histogram');
  });

  it('exits 2 on a bad --tolerance', async () => {
    const r = await cli(['compare', fixture('phase1-pass'), fixture('phase1-pass'), '--tolerance', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^zimmer-bench: --tolerance: invalid percentage "lots"/);
  });
});

describe('zimmer-bench report', () => {
  it('renders the saved run again, writes JUnit and a step summary, exits as the verdict', async () => {
    const out = join(dir, 'report.md');
    const junit = join(dir, 'ci', 'junit.xml');
    const summary = join(dir, 'summary.md');
    const r = await cli(['report', fixture('phase1-fail'), '--out', out, '--junit', junit], { GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(1);
    const md = await readFile(out, 'utf8');
    expect(md.split('\n')[0]).toBe('# FAIL: phase1');
    expect(md).toBe(await readFile(join(ROOT, 'test/unit/__snapshots__/markdown-phase1-fail.md'), 'utf8'));
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(junit, 'utf8'));
    expect(xml.testsuites).toMatchObject({ tests: '10', failures: '1' });
    expect(await readFile(summary, 'utf8')).toMatch(/^### FAIL: phase1/);
  });

  it('exits 0 for a passing run and prints the markdown on stdout', async () => {
    const r = await cli(['report', fixture('phase1-pass')]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# PASS: phase1');
  });

  it('exits 2 with one line on a damaged file', async () => {
    const damaged = join(dir, 'damaged.json');
    const doc = JSON.parse(await readFile(fixture('phase1-pass'), 'utf8')) as { overall: { rps: unknown } };
    doc.overall.rps = 'many';
    await writeFile(damaged, JSON.stringify(doc));
    const r = await cli(['report', damaged]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('damaged.json: damaged zimmer-bench/result@1 document: overall.rps:');
  });

  it('exits 2 naming the file and field when a histogram is damaged, not 70', async () => {
    const damaged = join(dir, 'histogram.json');
    const doc = JSON.parse(await readFile(fixture('phase1-pass'), 'utf8')) as { endpoints: Array<{ histogram: string }> };
    doc.endpoints[2]!.histogram = `A${doc.endpoints[2]!.histogram.slice(1)}`;
    await writeFile(damaged, JSON.stringify(doc));
    const r = await cli(['report', damaged]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('histogram.json: damaged zimmer-bench/result@1 document: endpoints[2].histogram: not a readable HDR histogram');
  });
});
