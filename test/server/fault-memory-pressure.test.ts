// memory-pressure: every request's context stays in the journal; after a major GC that leaves
// the heap near its limit the oldest entries go (no crash). The built `serve` starts itself
// again with the small heap the fault needs, and survives a burst in a heap smaller still.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { afterEach, describe, expect, it } from 'vitest';
import { missingNodeArgs, nodeArgsFor } from '../../server/faults/index.js';
import { createJournal, watchMajorGcs } from '../../server/faults/memory-pressure.js';
import { maxOldSpaceFlagMb } from '../../server/faults/heap.js';
import { makeFaultApp, type FaultApp } from './fault-harness.js';

const MAIN = 'dist/cli/main.js';
let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const metric = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

function startServe(env: NodeJS.ProcessEnv) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} missing: run npx tsc -p . first`);
  const child = spawn(process.execPath, [MAIN, 'serve', '--fault', 'memory-pressure'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (l) => resolve(l.split(' ').at(-1) ?? ''));
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url, exited, stderr: () => stderr };
}

describe('memory-pressure', () => {
  it('journals every request; the fault-free app keeps nothing', async () => {
    t = await makeFaultApp(['memory-pressure']);
    const before = metric(await (await t.req('GET', '/metrics')).text(), 'request_journal_entries');
    for (let i = 0; i < 20; i++) await t.req('GET', '/health');
    expect(metric(await (await t.req('GET', '/metrics')).text(), 'request_journal_entries')).toBe(before + 21);
    await t.close();
    t = await makeFaultApp([]);
    expect(await (await t.req('GET', '/metrics')).text()).not.toContain('request_journal');
    expect(t.ctx.extraMiddleware).toEqual([]);
  });

  it('evicts the oldest entries only after a major GC that leaves the heap above the threshold', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const journal = createJournal();
    const calls: string[] = [];
    const stopNever = watchMajorGcs(2, () => calls.push('never'));
    const stopAlways = watchMajorGcs(0, () => calls.push(`evicted ${journal.evictOldest(0.2)}`));
    for (let i = 0; i < 10; i++) journal.add({ at: i, c: {} as never });
    gc();
    await new Promise((r) => setTimeout(r, 50)); // GC entries are delivered asynchronously
    stopNever();
    stopAlways();
    expect(calls[0]).toBe('evicted 2');
    expect(calls).not.toContain('never');
    expect(journal.size + journal.evicted).toBe(10);
  });

  it('asks for a small heap, unless the user chose one', () => {
    expect(nodeArgsFor(['memory-pressure', 'missing-index'])).toEqual(['--max-old-space-size=64']);
    expect(nodeArgsFor(['missing-index'])).toEqual([]);
    expect(missingNodeArgs(['memory-pressure'], [], '')).toEqual(['--max-old-space-size=64']);
    expect(missingNodeArgs(['memory-pressure'], ['--max_old_space_size=200'], '')).toEqual([]);
    expect(missingNodeArgs(['memory-pressure'], [], '--enable-source-maps --max-old-space-size=128')).toEqual([]);
    expect(maxOldSpaceFlagMb(['--max-old-space-size=48'], '--max-old-space-size=128')).toBe(48);
  });

  it('serve starts itself again with the small heap, and stops on SIGTERM', async () => {
    const s = startServe({ NODE_OPTIONS: '' });
    const url = await s.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.stderr()).toContain('--max-old-space-size=64; starting the server in a child node process');
    expect((await fetch(`${url}/health`)).status).toBe(200);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toContain('serve: stopped');
  });

  it('survives a burst in a 48 MB heap: entries evicted, the process still answering', async () => {
    // A heap chosen by the user (48 MB, smaller than the fault's) fills after some hundreds of requests.
    const s = startServe({ NODE_OPTIONS: '--max-old-space-size=48' });
    const url = await s.url;
    try {
      expect(s.stderr()).not.toContain('child node process');
      await autocannon({ url: `${url}/health`, connections: 10, amount: 4000, timeout: 10 });
      const text = await (await fetch(`${url}/metrics`)).text();
      expect(metric(text, 'request_journal_evicted_total'), s.stderr()).toBeGreaterThan(0);
      expect(metric(text, 'request_journal_entries')).toBeGreaterThan(0);
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exited, s.stderr()).toBe(0);
    }
  });
});
