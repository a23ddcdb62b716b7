// Wrong use and unreachable targets: each gets its documented exit code and one clear line,
// and nothing is left half-written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, refusedPort, runCli, tempDir, writeScenario } from './cli-harness.js';

const SCENARIO = `name: tiny
requests:
  ping:
    method: GET
    path: /ping
load:
  model: closed
  connections: 2
  duration: 1s
`;

let tmp: Awaited<ReturnType<typeof tempDir>>;
let file: string;
beforeAll(async () => {
  tmp = await tempDir();
  file = await writeScenario(tmp.dir, 'tiny.yaml', SCENARIO);
});
afterAll(() => tmp.remove());

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0] as string;
}

describe('zimmer-bench run: refused and misused', () => {
  it('exits 3 with one clear line when the target refuses connections, writing nothing', async () => {
    const port = await refusedPort();
    const out = join(tmp.dir, 'refused');
    const r = await runCli(['run', file, '--target', `http://127.0.0.1:${port}`, '--out', out]);
    expect(r.code).toBe(3);
    const line = oneLine(r.stderr);
    expect(line).toMatch(/^zimmer-bench: /);
    expect(line).toContain(`127.0.0.1:${port}`);
    expect(line).toMatch(/refused|unreachable/i);
    expect(r.stdout).toBe('');
    expect(await readdir(out).catch(() => [])).toEqual([]);
  });

  it('exits 2 naming the line and column of a YAML syntax error', async () => {
    const bad = await writeScenario(tmp.dir, 'bad.yaml', 'name: bad\nrequests:\n  ping:\n    method: GET\n   path: /ping\n');
    const r = await runCli(['run', bad, '--out', join(tmp.dir, 'bad-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:5:\d+/);
  });

  it('exits 2 when --connections and --rate are both given', async () => {
    const r = await runCli(['run', file, '--connections', '5', '--rate', '10']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--connections and --rate cannot be used together/);
  });

  it('exits 2 naming every bad flag value on one line, before loading anything', async () => {
    const r = await runCli(['run', join(tmp.dir, 'missing.yaml'), '--duration', 'ten', '--connections', '0']);
    expect(r.code).toBe(2);
    const line = oneLine(r.stderr);
    expect(line).toMatch(/--duration: invalid duration "ten"/);
    expect(line).toMatch(/--connections: "0" is not a whole number/);
  });

  it('exits 2 for a --target that is not an http URL', async () => {
    const r = await runCli(['run', file, '--target', 'ftp://example.test']);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--target: .*only http:\/\/ and https:\/\//);
  });

  it('exits 2 for a scenario file that does not exist', async () => {
    const r = await runCli(['run', join(tmp.dir, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nope.yaml');
  });
});

describe('a reader that goes away', () => {
  it('help piped into a reader that closed at once (`| head`) exits 0 without a stack trace', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the first write: every write the CLI makes meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});

describe('an error stream that goes away', () => {
  it('wrong use with stdout and stderr both closed still exits with its code (2), no crash', async () => {
    const child = spawn(process.execPath, [CLI, 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(2);
  });
});
