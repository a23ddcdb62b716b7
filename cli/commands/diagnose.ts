// `zimmer-bench diagnose`: which cause makes which endpoint time out, with the numbers that show it
// and the fix to try. A bounded sequence of experiments (cli/diagnose/plan.ts) whose total never
// outlives --budget; the verdict is written (JSON + markdown) before anything is printed.
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { EXIT, exitCodeForDiagnosis } from '../exit-codes.js';
import { buildDiagnosis } from '../diagnose/diagnosis.js';
import { runExperiments } from '../diagnose/run-experiments.js';
import { renderDiagnosisJson } from '../render/diagnosis-json.js';
import { renderDiagnosisMarkdown } from '../render/diagnosis-markdown.js';
import { renderDiagnosisTerminal, diagnosisHeadline } from '../render/diagnosis-terminal.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { startTarget } from '../target/start-target.js';
import { parseDurationFlag } from './duration-flag.js';
import { onInterrupt } from './interrupt.js';
import { prepareOutDir, writeJsonAndMarkdown } from './output-files.js';
import { useColor } from './run-pipeline.js';
import { addTargetOptions, targetChoice, type RawTargetOptions } from './target-options.js';

interface RawOptions extends RawTargetOptions {
  scenario?: string;
  allowOutsideCsv?: boolean;
  budget: string;
  serverSignals: boolean;
  json?: boolean;
  quiet?: boolean;
  out: string;
}

/** Below this the plan cannot even measure service times and a mix. */
const MIN_BUDGET_MS = 8_000;
/** Kept back from the budget for stopping the bundled server and writing the files. */
const TEARDOWN_MS = 1_000;

export function register(program: Command): void {
  addTargetOptions(
    program
      .command('diagnose')
      .description('find which cause (event loop, pool, queue, memory, middleware, index, downstream) makes endpoints slow'),
    'diagnose',
  )
    .option('--scenario <file>', 'base scenario (requests, users, mix); default: the bundled phase1')
    .option('--allow-outside-csv', "read the scenario's users CSV even if it lies outside the scenario's folder")
    .option('--budget <time>', 'total time for every experiment, server start included', '90s')
    .option('--no-server-signals', 'ignore /metrics and Server-Timing: judge from client-side signals only')
    .option('--json', 'print the diagnosis as JSON on stdout (the text goes to stderr)')
    .option('--quiet', 'print only the verdict line and the files written')
    .option('--out <dir>', 'folder for diagnosis JSON and markdown', 'reports')
    .action(async (raw: RawOptions) => {
      process.exitCode = await diagnose(raw);
    });
}


async function diagnose(raw: RawOptions): Promise<number> {
  const t0 = performance.now();
  const budgetMs = parseDurationFlag('--budget', raw.budget, { atLeastMs: MIN_BUDGET_MS, example: '30s' });
  const base = await loadScenarioFile(raw.scenario ?? bundledScenarioPath('phase1'), { allowOutsideCsv: raw.allowOutsideCsv === true });
  const outDir = await prepareOutDir(raw.out);
  const human = raw.json ? process.stderr : process.stdout;
  const interrupt = onInterrupt(() => process.stderr.write('zimmer-bench: stopping; writing what was found so far\n'));
  const started = new Date();
  const target = await startTarget(base, targetChoice(raw));
  interrupt.onForce(() => target.stop());
  try {
    const run = await runExperiments({
      base,
      targetUrl: target.url,
      bundled: target.bundled,
      serverSignals: raw.serverSignals,
      deadline: t0 + budgetMs - TEARDOWN_MS,
      signal: interrupt.signal,
      onStep: raw.quiet || !process.stderr.isTTY ? undefined : (s) => process.stderr.write(`diagnose: ${s}\n`),
    });
    const diagnosis = buildDiagnosis(run.observations, {
      target: { url: target.url, bundled: target.bundled, faults: target.setup.faults },
      scenario: base.name,
      startedAt: started.toISOString(),
      durationMs: performance.now() - t0,
      budgetMs,
      partial: run.partial,
      notes: run.notes,
    });
    const files = await writeJsonAndMarkdown(outDir, 'diagnose', diagnosis.startedAt,
      () => renderDiagnosisJson(diagnosis), () => renderDiagnosisMarkdown(diagnosis));
    if (files.markdownError) process.stderr.write(`zimmer-bench: markdown report not written: ${files.markdownError}\n`);
    if (raw.json) process.stdout.write(renderDiagnosisJson(diagnosis));
    human.write(raw.quiet ? `${diagnosisHeadline(diagnosis)}\n` : renderDiagnosisTerminal(diagnosis, { color: useColor(human, process.env) }));
    human.write(`diagnosis: ${files.json}\n${files.markdown ? `report:    ${files.markdown}\n` : ''}`);
    if (interrupt.signal.aborted) return EXIT.INTERRUPTED;
    return exitCodeForDiagnosis(diagnosis);
  } finally {
    interrupt.dispose();
    await target.stop();
  }
}
