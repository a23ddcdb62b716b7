import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../cli/core/errors.js';
import { outputBase, prepareOutDir, stamp, writeJsonAndMarkdown } from '../../cli/commands/output-files.js';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'zb-out-')); });
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the naming rule', () => {
  it('is <name>-<UTC stamp>, the name made file-safe', () => {
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(stamp(at)).toBe('20260102-030405');
    expect(outputBase('Phase 1 / today', at)).toBe('phase-1-today-20260102-030405');
    expect(outputBase('diagnose', at.toISOString())).toBe('diagnose-20260102-030405');
    expect(outputBase('***', at)).toBe('run-20260102-030405');
  });
});

describe('writeJsonAndMarkdown', () => {
  it('never overwrites: a second set in the same second gets -2, and the JSON comes first', async () => {
    const at = '2026-01-02T03:04:05.000Z';
    const a = await writeJsonAndMarkdown(dir, 'readiness', at, () => '{"n":1}', () => '# one');
    const b = await writeJsonAndMarkdown(dir, 'readiness', at, () => '{"n":2}', () => '# two');
    expect(a).toEqual({ json: join(dir, 'readiness-20260102-030405.json'), markdown: join(dir, 'readiness-20260102-030405.md') });
    expect(b.json).toBe(join(dir, 'readiness-20260102-030405-2.json'));
    expect(await readFile(a.json, 'utf8')).toBe('{"n":1}');
    expect(await readFile(b.markdown!, 'utf8')).toBe('# two');
  });

  it('keeps the JSON when the markdown cannot be rendered, and says why', async () => {
    const r = await writeJsonAndMarkdown(dir, 'run', new Date(), () => '{}', () => { throw new Error('chart broke'); });
    expect(r.markdown).toBeNull();
    expect(r.markdownError).toBe('chart broke');
    expect(await readdir(dir)).toEqual([r.json.slice(dir.length + 1)]);
  });
});

describe('prepareOutDir', () => {
  it('makes missing folders and leaves no probe file behind', async () => {
    const nested = join(dir, 'a', 'b');
    await expect(prepareOutDir(nested)).resolves.toBe(nested);
    expect(await readdir(nested)).toEqual([]);
  });

  it('refuses /proc at once (Node 20 recursive mkdir spins there), naming the errno', async () => {
    const err = await prepareOutDir('/proc/zb/out').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('--out: cannot write to folder "/proc/zb/out" (ENOENT): pick a writable folder, e.g. --out reports');
  });
});
