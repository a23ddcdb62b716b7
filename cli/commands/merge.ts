// `zimmer-bench merge SHARD.json...`: the shard files of one run merged into one result, judged once
// on the whole, written and printed as a single run would be, with the exit code of a run.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { exitCodeForVerdict } from '../exit-codes.js';
import { checkCiOutputs, writeCiOutputs } from './ci-outputs.js';
import { mergeShards, type ShardFile } from '../results/merge.js';
import { readResultFile } from '../results/result-file.js';
import { DEFAULT_OUT } from './run-options.js';
import { printRun, type RunIO } from './run-pipeline.js';
import { prepareOutDir, writeRunFiles } from './run-files.js';

export interface MergeOptions {
  out: string;
  junit?: string;
  json?: boolean;
  quiet?: boolean;
}

const PROCESS_IO: RunIO = { stdout: process.stdout, stderr: process.stderr, env: process.env };

/** Reads every file (all unreadable ones reported together), merges, judges, writes, prints. */
export async function mergeAndReport(files: readonly string[], options: MergeOptions, io: RunIO = PROCESS_IO): Promise<number> {
  const outDir = await prepareOutDir(options.out);
  await checkCiOutputs({ junit: options.junit });
  const started = performance.now();
  const read = await Promise.allSettled(files.map(async (file): Promise<ShardFile> => ({ file, result: await readResultFile(file) })));
  const unreadable = read.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (unreadable.length > 0) throw new UsageError(lines(unreadable));
  const merged = mergeShards(read.map((r) => (r as PromiseFulfilledResult<ShardFile>).value));
  if (!merged.ok) throw new UsageError(lines(merged.problems.map((p) => (p.file ? `${p.file}: ${p.message}` : p.message))));
  const { result } = merged;
  const evaluation = evaluate(result);
  const mergeMs = performance.now() - started;
  const written = await writeRunFiles(outDir, result, evaluation);
  const ci = await writeCiOutputs(result, evaluation, { junit: options.junit, env: io.env });
  const flags = { json: options.json === true, quiet: options.quiet === true };
  printRun(io, flags, result, evaluation, written);
  const human = flags.json ? io.stderr : io.stdout;
  human.write(`merged:  ${result.merged?.count} shard(s) in ${Math.round(mergeMs)} ms; `
    + `measured windows began ${result.merged?.startSkewMs} ms apart\n`);
  if (ci.junit) human.write(`junit:   ${ci.junit}\n`);
  for (const problem of ci.problems) io.stderr.write(`zimmer-bench: ${problem}\n`);
  return exitCodeForVerdict(evaluation.verdict);
}

/** One problem per line, each with the program's prefix (the first line gets it where it is printed). */
function lines(problems: string[]): string {
  return problems.join('\nzimmer-bench: ');
}

export function register(program: Command): void {
  program
    .command('merge')
    .argument('<shards...>', 'the result files of every shard of one run (--shard 0/N .. N-1/N)')
    .description('merge the shards of one run into one result, judge its targets once, exit like a run')
    .option('--out <dir>', 'folder for the merged results JSON and markdown report', DEFAULT_OUT)
    .option('--junit <file>', 'also write JUnit XML (one testcase per target) for CI test views')
    .option('--json', 'print the merged results and evaluation as JSON on stdout (the table goes to stderr)')
    .option('--quiet', 'only the verdict and the files written')
    .action(async (files: string[], options: MergeOptions) => {
      process.exitCode = await mergeAndReport(files, options);
    });
}
