// `zimmer-bench timeouts`: the action plan's daily check. The seven endpoints (the bundled phase1
// scenario's requests) under an open arrival-rate load by default (closed only with --connections),
// reported as "N/7 resolved"; exit 0 only at 7/7.
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { timeoutCheck } from '../evaluate/timeout-check.js';
import { evaluate } from '../evaluate/evaluate.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { DAILY_DEFAULT_DURATION_MS, DAILY_DEFAULT_RATE, dailyLoad, type DailyChoice } from '../plan/daily-load.js';
import { renderTimeoutCheck, timeoutHeadline } from '../render/diagnosis-timeouts.js';
import { runScenario } from '../runner/run-scenario.js';
import { startTarget } from '../target/start-target.js';
import { LAB_TRAFFIC } from '../target/faults.js';
import { parseDurationFlag } from './duration-flag.js';
import { onInterrupt } from './interrupt.js';
import { prepareOutDir, writeRunFiles } from './run-files.js';
import { parseRunOptions } from './run-options.js';
import { addTargetOptions, targetChoice, type RawTargetOptions } from './target-options.js';
import { formatSeconds } from '../core/format.js';

interface RawOptions extends RawTargetOptions {
  duration?: string;
  connections?: string;
  rate?: string;
  timeout?: string;
  json?: boolean;
  quiet?: boolean;
  out?: string;
}

export function register(program: Command): void {
  addTargetOptions(
    program
      .command('timeouts')
      .description('daily check: how many of the seven endpoints still time out under load ("N/7 resolved")'),
    'check',
  )
    .option('--duration <time>', `length of the measured load (default ${DAILY_DEFAULT_DURATION_MS / 1000}s: long enough for a growing queue to show)`)
    .option('--rate <n>', `open model (the default): this many flow starts per second (default ${DAILY_DEFAULT_RATE}; with --preset, the lab's declared traffic)`)
    .option('--connections <n>', 'closed model instead: this many connections, each waiting for its answer')
    .option('--timeout <time>', 'per-request timeout (default: the scenario\'s, 10s); an unanswered request counts as a timeout')
    .option('--json', 'print the check as JSON on stdout')
    .option('--quiet', 'print only the "N/7 resolved" line')
    .option('--out <dir>', 'also write the run\'s results JSON and markdown report to this folder')
    .action(async (raw: RawOptions) => {
      process.exitCode = await timeouts(raw);
    });
}

async function timeouts(raw: RawOptions): Promise<number> {
  // The same flag rules as run/phase (--connections and --rate exclusive, values checked together).
  const { overrides } = parseRunOptions({ connections: raw.connections, rate: raw.rate, timeout: raw.timeout, out: '.' });
  const durationMs = raw.duration === undefined
    ? DAILY_DEFAULT_DURATION_MS
    : parseDurationFlag('--duration', raw.duration, { atLeastMs: 500, purpose: 'to judge the endpoints', example: '15s' });
  const base = await loadScenarioFile(bundledScenarioPath('phase1'));
  const choice: DailyChoice = overrides.connections !== undefined
    ? { model: 'closed', connections: overrides.connections }
    : { model: 'open', rate: overrides.rate, ...(raw.preset !== undefined ? { traffic: LAB_TRAFFIC } : {}) };
  const { scenario, description } = dailyLoad(base, choice, { durationMs, timeoutMs: overrides.timeoutMs });
  const outDir = raw.out !== undefined ? await prepareOutDir(raw.out) : null;
  const interrupt = onInterrupt(() => process.stderr.write('zimmer-bench: stopping; judging what was measured so far\n'));
  const target = await startTarget(scenario, targetChoice(raw));
  interrupt.onForce(() => target.stop());
  try {
    const result = await runScenario(scenario, { targetUrl: target.url, bundled: target.bundled, signal: interrupt.signal });
    if (outDir) {
      const files = await writeRunFiles(outDir, result, evaluate(result));
      process.stderr.write(`results: ${files.json}\n`);
    }
    const check = timeoutCheck(result);
    const context = `${scenario.name} requests for ${formatSeconds(result.measuredMs)}, ${description}, against ${target.url}${target.setup.faults.length ? ` (faults: ${target.setup.faults.join(', ')})` : ''}${target.setup.preset ? ` (preset: ${target.setup.preset})` : ''}`;
    if (raw.json) process.stdout.write(`${JSON.stringify({ ...check, load: { model: scenario.load.model, ...(scenario.load.model === 'open' ? { rate: scenario.load.stages[0]?.rate } : { connections: scenario.load.connections }), description }, target: target.url, measuredMs: result.measuredMs, partial: result.partial, valid: result.validity.valid, invalidReasons: result.validity.reasons }, null, 2)}\n`);
    const human = raw.json ? process.stderr : process.stdout;
    human.write(raw.quiet ? `${timeoutHeadline(check)}\n` : renderTimeoutCheck(check, context));
    if (result.partial) return EXIT.INTERRUPTED;
    if (!result.validity.valid) {
      process.stderr.write(`zimmer-bench: the run cannot be trusted: ${result.validity.reasons.join('; ')}\n`);
      return EXIT.UNREACHABLE_OR_INVALID;
    }
    return check.resolved === check.total ? EXIT.OK : EXIT.TARGET_MISSED;
  } finally {
    interrupt.dispose();
    await target.stop();
  }
}
