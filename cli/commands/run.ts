// `zimmer-bench run FILE.yaml`: any scenario, against its own target, --target, or the bundled
// reference server when neither names one.
import type { Command } from 'commander';
import { envFromOptions } from '../plan/env.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { addRunOptions, parseRunOptions, type RawRunOptions } from './run-options.js';
import { runAndReport } from './run-pipeline.js';

export function register(program: Command): void {
  addRunOptions(
    program
      .command('run')
      .argument('<file>', 'scenario YAML file')
      .description('run a scenario file, check its targets, write results JSON + markdown report')
      .option('--allow-outside-csv', "read a users CSV file that lies outside the scenario's folder"),
  ).action(async (file: string, raw: RawRunOptions & { allowOutsideCsv?: boolean }) => {
    // Flags first: they are cheap to check and a typo should not wait for the scenario to load.
    const options = parseRunOptions(raw);
    const scenario = await loadScenarioFile(file, {
      env: await envFromOptions(options.envFiles, options.vars), allowOutsideCsv: raw.allowOutsideCsv === true,
    });
    process.exitCode = await runAndReport(scenario, options);
  });
}
