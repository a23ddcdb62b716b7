// Every JSON document the built CLI writes validates against its published schema in schemas/:
// runs (one process and sharded, passing and failing, with timed-out requests), compare --json,
// readiness and diagnose. Strict ajv: a field written but missing from the schema fails too.
import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Ajv, { type ValidateFunction } from 'ajv';
import { cleanupAfterEach, ROOT, runCli, startServer } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();
const ajv = new Ajv({ allErrors: true, strict: true });
const compiled = new Map<string, ValidateFunction>();

async function validator(name: string): Promise<ValidateFunction> {
  if (!compiled.has(name)) {
    compiled.set(name, ajv.compile(JSON.parse(await readFile(join(ROOT, 'schemas', `${name}.schema.json`), 'utf8')) as object));
  }
  return compiled.get(name)!;
}

/** Every .json under dir, sub-folders (a sharded run's shard files) included. */
async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(e.parentPath, e.name)).sort();
}

/** Fails with ajv's own words and the file's name, so a drift says where it is. */
function expectValid(check: ValidateFunction, doc: unknown, what: string): void {
  const ok = check(doc);
  expect(ok ? [] : check.errors!.map((e) => `${what}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

type Doc = Record<string, any> & { file: string };

/** Validates every JSON file in dir (at least `atLeast` of them); the documents, each with its file. */
async function expectFolderValid(dir: string, schema: string, atLeast: number): Promise<Doc[]> {
  const check = await validator(schema);
  const files = await jsonFiles(dir);
  expect(files.length).toBeGreaterThanOrEqual(atLeast);
  const docs: Doc[] = [];
  for (const file of files) {
    const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, any>;
    expectValid(check, doc, file);
    docs.push({ ...doc, file });
  }
  return docs;
}

/** Answers GET /fast at once; GET /slow never (the request times out on the client). */
function fastOrSilent(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  if (req.url === '/slow') return;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
}

describe('documents written by the CLI validate against schemas/*.schema.json', () => {
  it('run results: phase1 in two shards and merged, quick passing and failing; compare --json of them', async () => {
    const server = await startServer(fastOrSilent);
    defer(() => server.close());
    const phase = await out();
    const p = await runCli(['phase1', '--duration', '1s', '--warmup', '0', '--shards', '2', '--out', phase, '--quiet'], { killAfterMs: 60_000 });
    // What is checked is the files, not the verdict: a busy machine may miss a target in one second
    // (exit 1) or make the run invalid (exit 3); the files are written and checked all the same.
    expect([0, 1, 3], p.stderr).toContain(p.code);
    const phaseDocs = await expectFolderValid(phase, 'result', 3);
    expect(phaseDocs.some((d) => d.merged) && phaseDocs.some((d) => d.shard)).toBe(true);

    const quick = await out();
    const fast = await runCli(['quick', `${server.url}/fast`, '-c', '2', '-d', '1s', '--check', 'p95 < 5s', '--out', quick, '--quiet']);
    const slow = await runCli(['quick', `${server.url}/slow`, '-c', '2', '-d', '1s', '--timeout', '200ms', '--check', 'p95 < 100ms', '--out', quick, '--quiet']);
    // Verdicts aside (a busy machine may call either run invalid, exit 3), the slow one never passes.
    expect([0, 3], fast.stderr).toContain(fast.code);
    expect([1, 3], slow.stderr).toContain(slow.code);
    const quickDocs = await expectFolderValid(quick, 'result', 2);
    const fastDoc = quickDocs.find((d) => d.endpoints[0].path === '/fast')!;
    const slowDoc = quickDocs.find((d) => d.endpoints[0].path === '/slow')!;
    expect(slowDoc.overall.atLeast).toContain('p95');

    const c = await runCli(['compare', fastDoc.file, slowDoc.file, '--json']);
    expect([1, 3], c.stderr).toContain(c.code);
    const comparison = JSON.parse(c.stdout) as { rows: Array<{ reason: string | null }> };
    expectValid(await validator('comparison'), comparison, 'compare --json');
    expect(comparison.rows.some((r) => r.reason !== null)).toBe(true);
  }, 120_000);

  it('readiness against a server that answers 200 to everything', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
    });
    defer(() => server.close());
    const dir = await out();
    const r = await runCli(['readiness', '--target', server.url, '--duration', '1s', '--out', dir, '--quiet'], { killAfterMs: 90_000 });
    expect(r.code, r.stderr).toBe(1);
    const [doc] = await expectFolderValid(dir, 'readiness', 1);
    expect(doc!.items.length).toBe(10);
  }, 120_000);

  it('diagnose against the bundled server, and --json on stdout', async () => {
    const dir = await out();
    const r = await runCli(['diagnose', '--budget', '12s', '--quiet', '--json', '--out', dir], { killAfterMs: 90_000 });
    expect([0, 1, 4], r.stderr).toContain(r.code);
    const [doc] = await expectFolderValid(dir, 'diagnosis', 1);
    expect(doc!.observations.experiments.length).toBeGreaterThan(0);
    expectValid(await validator('diagnosis'), JSON.parse(r.stdout), 'diagnose --json');
  }, 120_000);
});
