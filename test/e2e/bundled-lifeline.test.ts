// A bundled reference server must never outlive the process that started it: when the CLI is killed
// outright (SIGKILL, a CI runner's timeout) there is no chance to stop it, so the server watches its
// IPC lifeline and stops itself. Also through serve's re-exec (memory-pressure needs a small heap).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-harness.js';

const SPAWNER = `
const { startBundledServer } = await import(${JSON.stringify(join(ROOT, 'dist/cli/target/bundled-server.js'))});
const faults = JSON.parse(process.argv[1]);
const s = await startBundledServer({ seedUsers: 1, faults });
console.log(JSON.stringify({ pid: s.pid, url: s.url }));
setInterval(() => {}, 1000);
`;

/** Every live process whose command line holds `needle` (the server's own temporary database). */
function processesWith(needle: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) pids.push(Number(name));
    } catch { /* gone meanwhile */ }
  }
  return pids;
}

async function startThenKillParent(faults: string[]): Promise<{ before: number[]; after: number[] }> {
  const parent = spawn(process.execPath, ['--input-type=module', '-e', SPAWNER, JSON.stringify(faults)],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: parent.stdout });
    rl.once('line', (l) => { rl.close(); resolve(l); });
    parent.once('exit', (code) => reject(new Error(`the spawner exited with ${code} before the server listened`)));
  });
  const { pid } = JSON.parse(line) as { pid: number };
  const db = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').find((a) => a.endsWith('zimmer.db'));
  if (!db) throw new Error('the bundled server was started without its temporary database');
  const before = processesWith(db);
  parent.kill('SIGKILL');
  const deadline = Date.now() + 15_000;
  let after = processesWith(db);
  while (after.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    after = processesWith(db);
  }
  for (const p of after) process.kill(p, 'SIGKILL'); // never leave one behind, even when failing
  return { before, after };
}

describe('bundled reference server lifeline', () => {
  it('stops by itself when the process that started it is killed', async () => {
    const { before, after } = await startThenKillParent([]);
    expect(before.length).toBe(1);
    expect(after).toEqual([]);
  });

  it('stops both processes of a re-executed serve (memory-pressure) too', async () => {
    const { before, after } = await startThenKillParent(['memory-pressure']);
    expect(before.length).toBe(2);
    expect(after).toEqual([]);
  });
});
