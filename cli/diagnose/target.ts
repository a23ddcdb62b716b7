// What diagnose and timeouts measure: --target, the scenario's own target, or the bundled reference
// server started for the command (with --fault NAME..., and the node flags a fault needs).
import { UsageError } from '../core/errors.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import type { Scenario } from '../plan/types.js';
import { startBundledServer } from '../runner/bundled-server.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { userCount } from '../runner/users.js';
import { faultNames, nodeArgsFor } from './faults.js';

export interface TargetChoice {
  target?: string;
  faults: string[];
}

export interface Target {
  url: string;
  bundled: boolean;
  stop(): Promise<void>;
}

/** --scenario FILE, or the bundled phase1 scenario. */
export function loadBase(file: string | undefined): Promise<Scenario> {
  return loadScenarioFile(file ?? bundledScenarioPath('phase1'));
}

/** Checks --target / --fault together before anything starts; every problem on one line. */
export function checkChoice(base: Scenario, choice: TargetChoice): void {
  const problems: string[] = [];
  const url = choice.target ?? base.target;
  if (choice.target !== undefined) {
    try { parseTargetUrl(choice.target); } catch (err) { problems.push((err as Error).message); }
  }
  if (choice.faults.length > 0 && url) {
    problems.push('--fault starts the bundled server with that fault: it cannot be used with --target (or a scenario with a target)');
  }
  const known = faultNames();
  const unknown = choice.faults.filter((f) => !known.includes(f));
  if (unknown.length > 0) {
    problems.push(`unknown fault ${unknown.map((f) => `"${f}"`).join(', ')}: known faults are ${known.length ? known.join(', ') : '(none yet)'}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
}

export async function startTarget(base: Scenario, choice: TargetChoice): Promise<Target> {
  checkChoice(base, choice);
  const url = choice.target ?? base.target;
  if (url) return { url, bundled: false, stop: async () => undefined };
  const users = userCount(base.users, base.file);
  const server = await startBundledServer({
    seedUsers: Number.isFinite(users) ? users : 0,
    faults: choice.faults,
    nodeArgs: nodeArgsFor(choice.faults),
  });
  return { url: server.url, bundled: true, stop: () => server.stop() };
}

/** `20260101-120000` (UTC), for file names. */
export function stamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}
