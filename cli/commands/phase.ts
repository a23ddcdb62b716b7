// `zimmer-bench phase1|phase2|phase3|today`: the bundled scenarios of the action plan, one command
// each, all with the options of `run`. Without --target they start the bundled reference server.
import type { Command } from 'commander';
import { bundledScenarioPath, type BundledScenario } from '../plan/bundled.js';
import { describeGoal, phaseGoal } from '../plan/phase-goals.js';
import { envFromOptions } from '../plan/env.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { addRunOptions, parseRunOptions, type RawRunOptions } from './run-options.js';
import { runAndReport } from './run-pipeline.js';

/** The plan's phases, in the order --help lists them; each name is also its bundled scenario's name. */
export const PHASE_COMMANDS: ReadonlyArray<{ name: BundledScenario; label: string }> = [
  { name: 'today', label: 'today (after steps 1-3)' },
  { name: 'phase1', label: 'phase 1 targets' },
  { name: 'phase2', label: 'phase 2 targets' },
  { name: 'phase3', label: 'phase 3 targets' },
];

export function register(program: Command): void {
  for (const { name, label } of PHASE_COMMANDS) {
    // The targets in --help are read from the scenario the command runs, so they cannot drift apart.
    addRunOptions(program.command(name).description(`${label}: ${describeGoal(phaseGoal(name))}`))
      .action(async (raw: RawRunOptions) => {
        const options = parseRunOptions(raw);
        const scenario = await loadScenarioFile(bundledScenarioPath(name), { env: await envFromOptions(options.envFiles, options.vars) });
        process.exitCode = await runAndReport(scenario, options);
      });
  }
}
