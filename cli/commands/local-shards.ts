// `--shards N`: the run as N generator processes on this machine (one event loop each), for a
// many-core load machine where one loop is the limit. Each child runs `--shard i/N` of the same
// command against one target (the bundled server is started once, here), they begin together when
// all are ready, and their shard files are merged into one result and one verdict.
import { fork, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { isBundledScenarioFile } from '../plan/bundled.js';
import { checkShardUsers, shardLoad, type ShardSpec } from '../plan/shard.js';
import type { Scenario } from '../plan/types.js';
import { checkCiOutputs } from './ci-outputs.js';
import { startTarget } from '../target/start-target.js';
import { userCount } from '../runner/users.js';
import { onInterrupt } from './interrupt.js';
import { mergeAndReport } from './merge.js';
import { prepareOutDir, stamp } from './output-files.js';
import type { RunOptions } from './run-options.js';
import { bundledServerNotice, type RunIO } from './run-pipeline.js';
import { START_GATE_ENV, type GateMessage } from './start-gate.js';

/** Margin between the last child being ready and the start it is given, for the message to arrive. */
const START_MARGIN_MS = 200;

/** Flags of the parent's command line that each child gets its own value of (or none). */
const REPLACED = new Set(['--shards', '--out', '--junit', '--target', '--fault', '--start-at']);
const DROPPED = new Set(['--json', '--quiet']);

/** The parent's arguments without the flags that the children get their own value of. */
export function childArgs(argv: readonly string[], extra: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const name = a.split('=')[0] as string;
    if (DROPPED.has(a)) continue;
    if (REPLACED.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return [...out, ...extra];
}

export async function runLocalShards(scenario: Scenario, options: RunOptions, io: RunIO): Promise<number> {
  const count = options.shards as number;
  // Bad input of any shard is found here, before a process starts.
  shardLoad(scenario.load, { index: 0, count });
  const users = userCount(scenario.users, scenario.file);
  if (Number.isFinite(users)) checkShardUsers(users, { index: 0, count });
  const outDir = await prepareOutDir(options.out);
  await checkCiOutputs({ junit: options.junit });
  const shardDir = join(outDir, `shards-${stamp(new Date())}-${process.pid}`);
  await prepareOutDir(shardDir);
  const interrupt = onInterrupt(() => io.stderr.write('zimmer-bench: stopping the shards; merging what they measured\n'));
  // One target for every shard: the bundled server (faults included) is started once, here.
  const target = await startTarget(scenario, { faults: options.faults });
  if (target.bundled && !isBundledScenarioFile(scenario.file)) io.stderr.write(bundledServerNotice(target.url));
  try {
    const codes = await runChildren(count, target.url, shardDir, options, io, interrupt.signal);
    const failed = codes.find((c) => c !== EXIT.OK && c !== EXIT.UNREACHABLE_OR_INVALID && c !== EXIT.INTERRUPTED);
    if (failed !== undefined) return failed;
    const files = await shardFiles(shardDir, count);
    // A shard that ended without writing a result (target unreachable, no user ready) said why.
    if (files.length < count) return EXIT.UNREACHABLE_OR_INVALID;
    const code = await mergeAndReport(files, {
      out: outDir, ...(options.junit ? { junit: options.junit } : {}), json: options.json, quiet: options.quiet,
    }, io);
    return interrupt.signal.aborted ? EXIT.INTERRUPTED : code;
  } finally {
    interrupt.dispose();
    await target.stop();
  }
}

/** Starts the N children, starts their load together once all are ready, resolves their exit codes. */
function runChildren(
  count: number, target: string, shardDir: string, options: RunOptions, io: RunIO, signal: AbortSignal,
): Promise<number[]> {
  const script = process.argv[1] as string;
  const children: ChildProcess[] = [];
  let ready = 0;
  const start = () => {
    const at = options.startAt ?? Date.now() + START_MARGIN_MS;
    for (const c of children) c.send({ type: 'start', at } satisfies GateMessage);
    // The children are quiet: this line says the load is under way (and when it began).
    if (!options.quiet) io.stderr.write(`zimmer-bench: ${count} shard(s) set up; load starts at ${new Date(at).toISOString()}\n`);
  };
  const exits = Array.from({ length: count }, (_, index) => {
    const shard: ShardSpec = { index, count };
    const args = childArgs(process.argv.slice(2), [
      '--shard', `${index}/${count}`, '--target', target, '--out', shardDir, '--quiet',
    ]);
    const child = fork(script, args, {
      env: { ...process.env, [START_GATE_ENV]: 'ipc' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: process.execArgv,
      // Their own process group: Ctrl-C reaches the parent alone, which passes it on exactly once
      // (a second SIGINT would make a child quit without writing what it measured).
      detached: true,
    });
    children.push(child);
    prefixLines(child.stderr, io, `[shard ${shard.index}/${count}] `);
    child.stdout?.resume();
    child.on('message', (m: GateMessage) => {
      if (m?.type === 'ready' && ++ready === count) start();
    });
    return new Promise<number>((resolve) => {
      child.on('exit', (code, sig) => {
        // One child gone before the start: the others would wait for it forever.
        if (ready < count) for (const c of children) if (c !== child && c.exitCode === null) c.kill('SIGTERM');
        resolve(code ?? (sig === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.UNREACHABLE_OR_INVALID));
      });
    });
  });
  signal.addEventListener('abort', () => { for (const c of children) if (c.exitCode === null) c.kill('SIGINT'); }, { once: true });
  return Promise.all(exits);
}

function prefixLines(stream: NodeJS.ReadableStream | null, io: RunIO, prefix: string): void {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) if (line) io.stderr.write(`${prefix}${line}\n`);
  });
  stream?.on('end', () => { if (rest) io.stderr.write(`${prefix}${rest}\n`); });
}

async function shardFiles(dir: string, count: number): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = names.find((n) => n.endsWith(`-shard${i}of${count}.json`));
    if (name) files.push(join(dir, name));
  }
  return files;
}
