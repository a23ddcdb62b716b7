// `zimmer-bench report RESULTS.json [--out FILE] [--junit FILE]`: judges a saved run again and renders
// its markdown report (and CI outputs) from it, so a report never needs the load to be re-run.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { readResultFile } from '../results/result-file.js';
import { UsageError } from '../core/errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { exitCodeForVerdict } from '../exit-codes.js';
import { checkCiOutputs, writeCiOutputs } from '../render/ci-outputs.js';
import { renderMarkdown } from '../render/markdown.js';

interface ReportOptions {
  out?: string;
  junit?: string;
}

async function writeText(file: string, text: string, flag: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`${flag}: cannot write ${file} (${why}): pick a writable path`);
  }
}

/** Returns the exit code of the verdict, so `report --junit` can gate CI just like the run did. */
export async function reportCommand(file: string, options: ReportOptions): Promise<number> {
  await checkCiOutputs({ junit: options.junit });
  const result = await readResultFile(file);
  const evaluation = evaluate(result);
  const markdown = renderMarkdown(result, evaluation);
  if (options.out) {
    await writeText(options.out, markdown, '--out');
    process.stderr.write(`report: ${options.out}\n`);
  } else {
    process.stdout.write(markdown);
  }
  const ci = await writeCiOutputs(result, evaluation, { junit: options.junit });
  if (ci.junit) process.stderr.write(`junit:  ${ci.junit}\n`);
  if (ci.problems.length > 0) throw new UsageError(ci.problems.join('; '));
  return exitCodeForVerdict(evaluation.verdict);
}

export function register(program: Command): void {
  program
    .command('report')
    .argument('<results>', 'results JSON written by run / phase1..3')
    .description('judge a saved run again and render its markdown report (exit code as the verdict)')
    .option('--out <file>', 'write the markdown report to this file instead of stdout')
    .option('--junit <file>', 'also write JUnit XML (one testcase per target) for CI test views')
    .action(async (file: string, options: ReportOptions) => {
      process.exitCode = await reportCommand(file, options);
    });
}
