// The flow every run-style command follows: scenario -> command-line overrides -> (bundled server)
// -> runner -> evaluate -> files on disk -> terminal/JSON -> exit code. Results are written before
// anything is printed, and the bundled server is stopped on every path out, Ctrl-C included.
import { evaluate } from '../evaluate/evaluate.js';
import { EXIT, exitCodeForVerdict } from '../exit-codes.js';
import { isBundledScenarioFile } from '../plan/bundled.js';
import { applyOverrides } from '../plan/overrides.js';
import type { Scenario } from '../plan/types.js';
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { progressLine } from '../render/progress.js';
import { renderJson } from '../render/json.js';
import { renderTerminal } from '../render/terminal.js';
import { checkCiOutputs, writeCiOutputs } from './ci-outputs.js';
import { runScenario } from '../runner/run-scenario.js';
import { checkTargetChoice, startTarget, type Target } from '../target/start-target.js';
import { onInterrupt } from './interrupt.js';
import type { RunOptions } from './run-options.js';
import { prepareOutDir, writeRunFiles, type WrittenFiles } from './run-files.js';
import { shardLoad } from '../plan/shard.js';
import { runLocalShards } from './local-shards.js';
import { shardNote, startGate } from './start-gate.js';
import { outputWidth, useColor } from './color.js';
import { startLiveExport, type LiveExport } from '../export/live-export.js';

export { useColor } from './color.js';

export interface Output {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

export interface RunIO {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
}

const PROCESS_IO: RunIO = { stdout: process.stdout, stderr: process.stderr, env: process.env };

export async function runAndReport(loaded: Scenario, options: RunOptions, io: RunIO = PROCESS_IO): Promise<number> {
  const scenario = applyOverrides(loaded, options.overrides);
  const choice = { faults: options.faults, ...(options.preset !== undefined ? { preset: options.preset } : {}) };
  checkTargetChoice(scenario, choice);
  if (options.shards !== undefined) return runLocalShards(scenario, options, io);
  // A load that cannot be split is bad input: refused before anything starts.
  if (options.shard) shardLoad(scenario.load, options.shard);
  // Checked before the run: a folder that cannot be written must not cost a measurement.
  const outDir = await prepareOutDir(options.out);
  await checkCiOutputs({ junit: options.junit });
  const progress = progressLine(io.stderr, { quiet: options.quiet });
  const interrupt = onInterrupt(() => {
    progress.done();
    io.stderr.write('zimmer-bench: stopping; writing what was measured so far (Ctrl-C again to quit at once)\n');
  });
  let target: Target | null = null;
  let live: LiveExport | null = null;
  try {
    target = await startTarget(scenario, choice);
    interrupt.onForce(() => target?.stop());
    if (target.bundled && !isBundledScenarioFile(scenario.file)) io.stderr.write(bundledServerNotice(target.url));
    live = await startLiveExport(options.exports, {
      scenario: scenario.name, shard: options.shard ? `${options.shard.index}/${options.shard.count}` : '0/1',
    }, { intervalMs: options.exportIntervalMs, warn: (m) => { progress.done(); io.stderr.write(`zimmer-bench: warning: ${m}\n`); } });
    const result = await runScenario(scenario, {
      targetUrl: target.url,
      bundled: target.bundled,
      signal: interrupt.signal,
      onProgress: (p) => progress.update(p),
      ...(options.shard ? { shard: options.shard } : {}),
      ...startGate(options, io.env),
      ...(live.observer ? { observer: live.observer } : {}),
    });
    progress.done();
    // A shard judges nothing (its targets are judged once, on the merged whole): valid or not.
    const evaluation = evaluate(result, options.shard ? [] : result.targets);
    const files = await writeRunFiles(outDir, result, evaluation);
    // The last export carries the final totals; after the files, so a slow receiver never risks them.
    await live.stop();
    // JUnit and the GitHub step summary never throw: a CI file that cannot be written is reported, the verdict stands.
    const ci = options.shard ? { junit: null, problems: [] } : await writeCiOutputs(result, evaluation, { junit: options.junit, env: io.env });
    printRun(io, options, result, evaluation, files);
    if (options.shard) (options.json ? io.stderr : io.stdout).write(shardNote(options.shard));
    if (ci.junit) (options.json ? io.stderr : io.stdout).write(`junit:   ${ci.junit}\n`);
    for (const problem of ci.problems) io.stderr.write(`zimmer-bench: ${problem}\n`);
    return result.partial ? EXIT.INTERRUPTED : exitCodeForVerdict(evaluation.verdict);
  } finally {
    progress.done();
    interrupt.dispose();
    await live?.stop();
    await target?.stop();
  }
}

/**
 * Where each piece goes. With --json, stdout holds the JSON document and nothing else; the table and
 * file names go to stderr. --quiet keeps only the verdict block and the file names.
 */
export function printRun(io: RunIO, options: Pick<RunOptions, 'json' | 'quiet'>, result: RunResult, evaluation: Evaluation, files: WrittenFiles): void {
  const human = options.json ? io.stderr : io.stdout;
  const table = renderTerminal(result, evaluation, { color: useColor(human, io.env), width: outputWidth(human) });
  if (options.json) io.stdout.write(renderJson(result, evaluation));
  // --quiet keeps the verdict block: the verdict line, why a run is invalid, what was measured.
  human.write(options.quiet ? `${table.slice(0, table.indexOf('\n\n') + 1)}` : `${table}\n`);
  const written = [`results: ${files.json}`];
  if (files.markdown) written.push(`report:  ${files.markdown}`);
  human.write(`${written.join('\n')}\n`);
  if (files.markdownError) io.stderr.write(`zimmer-bench: markdown report not written: ${files.markdownError}\n`);
  for (const warning of evaluation.warnings ?? []) io.stderr.write(`zimmer-bench: warning: ${warning}\n`);
  if (result.partial) io.stderr.write('zimmer-bench: interrupted: the results written are partial\n');
}

/**
 * Said when a scenario of the user's own runs against the bundled server: without it, a scenario
 * missing `target:` silently measures the wrong server. The bundled scenarios (phase1-3, today) are
 * written for the bundled server, so for them it would only be noise.
 */
export function bundledServerNotice(url: string): string {
  return `zimmer-bench: no target: in the scenario and no --target: measuring the bundled reference server at ${url}` +
    ' (to measure your own server, add target: URL to the scenario or pass --target URL)\n';
}
