// `zimmer-bench timeouts`: the action plan's daily check. The seven endpoints under a short closed
// load (the bundled phase1 scenario), reported as "N/7 resolved"; exit 0 only at 7/7.
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { timeoutCheck } from '../evaluate/timeout-check.js';
import { evaluate } from '../evaluate/evaluate.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { applyOverrides } from '../plan/overrides.js';
import { renderTimeoutCheck, timeoutHeadline } from '../render/diagnosis-timeouts.js';
import { runScenario } from '../runner/run-scenario.js';
import { startTarget } from '../target/start-target.js';
import { parseDurationFlag } from './duration-flag.js';
import { onInterrupt } from './interrupt.js';
import { prepareOutDir, writeRunFiles } from './run-files.js';
import { parseRunOptions } from './run-options.js';
import { addTargetOptions, targetChoice, type RawTargetOptions } from './target-options.js';

interface RawOptions extends RawTargetOptions {
  duration: string;
  connections?: string;
  rate?: string;
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
    .option('--duration <time>', 'length of the measured load', '5s')
    .option('--connections <n>', 'closed model with this many connections (default: phase1\'s)')
    .option('--rate <n>', 'open model: this many flow starts per second instead')
    .option('--json', 'print the check as JSON on stdout')
    .option('--quiet', 'print only the "N/7 resolved" line')
    .option('--out <dir>', 'also write the run\'s results JSON and markdown report to this folder')
    .action(async (raw: RawOptions) => {
      process.exitCode = await timeouts(raw);
    });
}

async function timeouts(raw: RawOptions): Promise<number> {
  // The same flag rules as run/phase (--connections and --rate exclusive, values checked together).
  const { overrides } = parseRunOptions({ connections: raw.connections, rate: raw.rate, out: '.' });
  const durationMs = parseDurationFlag('--duration', raw.duration, { atLeastMs: 500, purpose: 'to judge the endpoints', example: '5s' });
  const base = await loadScenarioFile(bundledScenarioPath('phase1'));
  // A short warm-up: the check is about steady behaviour, not the first requests after start.
  const scenario = applyOverrides(base, { ...overrides, durationMs, warmupMs: Math.min(1000, Math.round(durationMs / 5)) });
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
    const load = scenario.load.model === 'closed' ? `${scenario.load.connections} connections` : `${raw.rate} flows/s (open model)`;
    const context = `${scenario.name} for ${(result.measuredMs / 1000).toFixed(1)} s at ${load} against ${target.url}${target.setup.faults.length ? ` (faults: ${target.setup.faults.join(', ')})` : ''}`;
    if (raw.json) process.stdout.write(`${JSON.stringify({ ...check, target: target.url, measuredMs: result.measuredMs, partial: result.partial }, null, 2)}\n`);
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
