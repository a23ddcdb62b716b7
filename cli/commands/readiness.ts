// `zimmer-bench readiness`: the action plan's readiness percentage, from measurements. Starts the
// bundled server (with --fault NAME...) unless --target is given, runs the probes and the three
// phase gates, and writes the report (JSON first, then markdown) before printing anything.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { EXIT, exitCodeForVerdict } from '../exit-codes.js';
import { runReadiness } from '../readiness/run-readiness.js';
import { loadPhaseScenarios } from '../readiness/run-phases.js';
import type { ReadinessReport } from '../readiness/types.js';
import { checkCiOutputs, writeCiTexts } from './ci-outputs.js';
import { renderReadinessJson } from '../render/readiness-json.js';
import { renderReadinessJUnit } from '../render/readiness-junit.js';
import { renderReadinessMarkdown, renderReadinessStepSummary } from '../render/readiness-markdown.js';
import { readinessHeadline } from '../render/readiness-text.js';
import { renderReadinessTerminal } from '../render/readiness-terminal.js';
import { startTarget } from '../target/start-target.js';
import { parseDurationFlag } from './duration-flag.js';
import { onInterrupt } from './interrupt.js';
import { prepareOutDir, writeJsonAndMarkdown } from './output-files.js';
import { useColor } from './run-pipeline.js';
import { LAB_TRAFFIC } from '../target/faults.js';
import { addTargetOptions, targetChoice, type RawTargetOptions } from './target-options.js';

interface RawOptions extends RawTargetOptions {
  duration: string;
  out: string;
  json?: boolean;
  junit?: string;
  quiet?: boolean;
}

export function register(program: Command): void {
  addTargetOptions(
    program
      .command('readiness')
      .description('production readiness in percent, from measurements: phase gates, timeouts, endpoint coverage, server hygiene'),
    'check',
  )
    .option('--duration <time>', 'measured window of each phase run', '5s')
    .option('--out <dir>', 'folder for the readiness JSON and markdown report', 'reports')
    .option('--json', 'print the report as JSON on stdout (the text goes to stderr)')
    .option('--junit <file>', 'also write the items as JUnit XML to this file')
    .option('--quiet', 'print only the verdict line and the files written')
    .addHelpText('after', '\nExit codes: 0 at 100 %, 1 below, 3 when nothing failed but a phase run could not be trusted\n'
      + '(or the target is unreachable), 2 for bad flags, 130 when stopped by Ctrl-C (what ran is written).\n')
    .action(async (raw: RawOptions) => {
      process.exitCode = await readiness(raw);
    });
}

async function readiness(raw: RawOptions): Promise<number> {
  const t0 = performance.now();
  const phaseDurationMs = parseDurationFlag('--duration', raw.duration, { atLeastMs: 500, purpose: 'to measure a phase', example: '3s' });
  const outDir = await prepareOutDir(raw.out);
  await checkCiOutputs({ junit: raw.junit });
  // The widest phase scenario decides how many fixture users the bundled server seeds.
  const [, , phase3] = await loadPhaseScenarios();
  const human = raw.json ? process.stderr : process.stdout;
  const interrupt = onInterrupt(() => process.stderr.write('zimmer-bench: stopping; judging what was measured so far\n'));
  const target = await startTarget(phase3!, targetChoice(raw));
  interrupt.onForce(() => target.stop());
  let report: ReadinessReport;
  try {
    report = await runReadiness({
      targetUrl: target.url,
      bundled: target.bundled,
      faults: target.setup.faults,
      phaseDurationMs,
      ...(target.setup.preset !== undefined ? { daily: { model: 'open' as const, traffic: LAB_TRAFFIC } } : {}),
      signal: interrupt.signal,
      onStep: raw.quiet || !process.stderr.isTTY ? undefined : (s) => process.stderr.write(`readiness: ${s}\n`),
    });
  } finally {
    interrupt.dispose();
    await target.stop();
  }
  report = { ...report, durationMs: Math.round(performance.now() - t0) };

  const r = report;
  const files = await writeJsonAndMarkdown(outDir, 'readiness', r.startedAt, () => renderReadinessJson(r), () => renderReadinessMarkdown(r));
  const ci = await writeCiTexts({ junit: () => renderReadinessJUnit(r), stepSummary: () => renderReadinessStepSummary(r) }, { junit: raw.junit });
  const problems = files.markdownError ? [`markdown report not written: ${files.markdownError}`, ...ci.problems] : ci.problems;
  if (raw.json) process.stdout.write(renderReadinessJson(report));
  human.write(raw.quiet ? `${readinessHeadline(report)}\n` : renderReadinessTerminal(report, { color: useColor(human, process.env) }));
  human.write(`readiness: ${files.json}\n${files.markdown ? `report:    ${files.markdown}\n` : ''}${ci.junit ? `junit:     ${ci.junit}\n` : ''}`);
  for (const p of problems) process.stderr.write(`zimmer-bench: ${p}\n`);
  if (report.partial) return EXIT.INTERRUPTED;
  return exitCodeForVerdict(report.verdict);
}
