// `zimmer-bench validate FILE.yaml [--json]`: checks a scenario without running it. Every problem is
// reported at once (cli/main.ts prints them, one per line, and exits 2).
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ScenarioError } from '../core/errors.js';
import { bundledScenarioPath, isBundledScenario } from '../plan/bundled.js';
import { describeScenario } from '../plan/describe.js';
import { envFromOptions } from '../plan/env.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { addEnvOptions } from './run-options.js';

/** A path, or the name of a bundled scenario (`phase1`) when no such file exists. */
export function scenarioFileArg(arg: string): string {
  return !existsSync(arg) && isBundledScenario(arg) ? bundledScenarioPath(arg) : arg;
}

export function register(program: Command): void {
  const cmd = program
    .command('validate')
    .argument('<file>', 'scenario YAML file, or a bundled scenario name (today, phase1, phase2, phase3)')
    .option('--json', 'print the validated plan (or the problems) as JSON on stdout')
    .option('--allow-outside-csv', "read a users CSV file that lies outside the scenario's folder");
  addEnvOptions(cmd)
    .description('check a scenario file and list every problem in it, without running it')
    .action(async (file: string, opts: { json?: boolean; var: string[]; envFile: string[]; allowOutsideCsv?: boolean }) => {
      try {
        const env = await envFromOptions(opts.envFile, opts.var);
        const loaded = await loadScenarioFile(scenarioFileArg(file), { env, allowOutsideCsv: opts.allowOutsideCsv === true });
        // The plan is printed with the names its secrets come from, never their values.
        const scenario = loaded.env ? { ...loaded, env: Object.fromEntries(Object.keys(loaded.env).map((k) => [k, '(set)'])) } : loaded;
        process.stdout.write(opts.json ? `${JSON.stringify({ ok: true, scenario }, null, 2)}\n` : `ok: ${describeScenario(loaded)}\n`);
        process.exitCode = 0;
      } catch (err) {
        if (opts.json && err instanceof ScenarioError) {
          process.stdout.write(`${JSON.stringify({ ok: false, problems: err.problems }, null, 2)}\n`);
        }
        throw err;
      }
    });
}
