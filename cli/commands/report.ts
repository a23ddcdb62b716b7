// `zimmer-bench report RESULTS.json [--out FILE] [--junit FILE]`: judges a saved run again and renders
// its markdown report (and CI outputs) from it, so a report never needs the load to be re-run.
import type { Command } from 'commander';
import { readResultFile } from '../results/result-file.js';
import { UsageError } from '../core/errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { exitCodeForVerdict } from '../exit-codes.js';
import { checkCiOutputs, writeCiOutputs } from './ci-outputs.js';
import { prepareFile, writeNamedFile } from './output-files.js';
import { renderMarkdown } from '../render/markdown.js';

interface ReportOptions {
  out?: string;
  junit?: string;
}

/** Returns the exit code of the verdict, so `report --junit` can gate CI just like the run did. */
export async function reportCommand(file: string, options: ReportOptions): Promise<number> {
  await checkCiOutputs({ junit: options.junit });
  if (options.out) await prepareFile(options.out, '--out', 'reports/report.md');
  const result = await readResultFile(file);
  const evaluation = evaluate(result);
  const markdown = renderMarkdown(result, evaluation);
  if (options.out) {
    await writeNamedFile(options.out, markdown, '--out');
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
