// `zimmer-bench phase1|phase2|phase3|today`: the bundled scenarios of the action plan, one command
// each, all with the options of `run`. Without --target they start the bundled reference server.
import type { Command } from 'commander';
import { bundledScenarioPath } from '../plan/bundled.js';
import { envFromOptions } from '../plan/env.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { addRunOptions, parseRunOptions, type RawRunOptions } from './run-options.js';
import { runAndReport } from './run-pipeline.js';

/** The plan's phases, in the order --help lists them; each name is also its bundled scenario's name. */
export const PHASE_COMMANDS: ReadonlyArray<{ name: string; summary: string }> = [
  { name: 'today', summary: 'today (after steps 1-3): P95 < 2 s, errors < 20 %' },
  { name: 'phase1', summary: 'phase 1 targets: P95 < 1 s, errors < 10 %' },
  { name: 'phase2', summary: 'phase 2 targets: P95 < 500 ms, errors < 5 %, > 50 req/s' },
  { name: 'phase3', summary: 'phase 3 targets: P95 < 200 ms, errors < 1 %, > 100 req/s' },
];

export function register(program: Command): void {
  for (const { name, summary } of PHASE_COMMANDS) {
    addRunOptions(program.command(name).description(summary))
      .action(async (raw: RawRunOptions) => {
        const options = parseRunOptions(raw);
        const scenario = await loadScenarioFile(bundledScenarioPath(name), { env: await envFromOptions(options.envFiles, options.vars) });
        process.exitCode = await runAndReport(scenario, options);
      });
  }
}
