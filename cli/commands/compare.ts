// `zimmer-bench compare BASE.json NEW.json`: is the new run worse than the baseline beyond tolerance?
// Exit 0 no, 1 yes, 2 bad input, 3 when either run is invalid (its numbers prove nothing).
import type { Command } from 'commander';
import { compareRuns, DEFAULT_COMPARE_OPTIONS, type CompareOptions } from '../compare/compare.js';
import { renderComparison } from '../compare/render.js';
import { readResultFile } from '../results/result-file.js';
import { UsageError } from '../core/errors.js';
import { EXIT } from '../exit-codes.js';
import { parseDuration, parsePercent } from '../plan/units.js';
import { prepareFile, writeNamedFile } from './output-files.js';

interface RawCompareOptions {
  tolerance: string;
  errorTolerance: string;
  floor: string;
  json?: boolean;
  out?: string;
}

/** Every bad flag at once, on one line, each prefixed with the flag it came from. */
export function parseCompareOptions(raw: RawCompareOptions): CompareOptions {
  const problems: string[] = [];
  const read = <T>(flag: string, parse: () => T, fallback: T): T => {
    try {
      return parse();
    } catch (err) {
      problems.push(`${flag}: ${(err as Error).message}`);
      return fallback;
    }
  };
  const options: CompareOptions = {
    tolerance: read('--tolerance', () => parsePercent(raw.tolerance), DEFAULT_COMPARE_OPTIONS.tolerance),
    errorPoints: read('--error-tolerance', () => parsePercent(raw.errorTolerance), DEFAULT_COMPARE_OPTIONS.errorPoints),
    floorMs: read('--floor', () => parseDuration(raw.floor), DEFAULT_COMPARE_OPTIONS.floorMs),
  };
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return options;
}

export async function compareCommand(baseFile: string, newFile: string, raw: RawCompareOptions): Promise<number> {
  const options = parseCompareOptions(raw);
  if (raw.out) await prepareFile(raw.out, '--out', 'reports/comparison.md');
  // Both files are read even when the first is bad, so one message names every bad file.
  const [b, n] = await Promise.allSettled([readResultFile(baseFile), readResultFile(newFile)]);
  if (b.status === 'rejected' || n.status === 'rejected') {
    const errors = [b, n].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Error);
    if (errors.every((e) => e instanceof UsageError)) throw new UsageError(errors.map((e) => e.message).join('; '));
    throw errors[0];
  }
  const base = b.value;
  const next = n.value;
  const comparison = compareRuns(base, next, options);
  const markdown = renderComparison(comparison);
  if (raw.out) {
    await writeNamedFile(raw.out, markdown, '--out');
    process.stderr.write(`comparison: ${raw.out}\n`);
  }
  if (raw.json) process.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  else if (!raw.out) process.stdout.write(markdown);
  if (!comparison.base.valid || !comparison.next.valid) return EXIT.UNREACHABLE_OR_INVALID;
  return comparison.regressions > 0 ? EXIT.TARGET_MISSED : EXIT.OK;
}

export function register(program: Command): void {
  program
    .command('compare')
    .argument('<base>', 'baseline results JSON')
    .argument('<new>', 'new results JSON')
    .description('compare two saved runs per endpoint (p50/p95/p99, error rate, rps); exit 1 on a regression')
    .option('--tolerance <percent>', 'allowed latency rise and throughput drop, e.g. 10%', '10%')
    .option('--error-tolerance <points>', 'allowed error-rate rise in percentage points, e.g. 1%', '1%')
    .option('--floor <time>', 'latency changes smaller than this never count, e.g. 1ms', '1ms')
    .option('--json', 'print the comparison as JSON on stdout')
    .option('--out <file>', 'write the markdown comparison to this file')
    .action(async (baseFile: string, newFile: string, raw: RawCompareOptions) => {
      process.exitCode = await compareCommand(baseFile, newFile, raw);
    });
}
