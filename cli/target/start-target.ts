// The one way every command gets a server to measure: a remote URL (--target, or the scenario's own
// `target:`), or the bundled reference server started for the command in a child process, set up as
// asked. A new kind of bundled setup (a lab preset, say) is one more field of BundledSetup, one more
// entry in bundledOnlyFlags and one more flag of `serve`, and every command has it.
import { UsageError } from '../core/errors.js';
import type { Scenario } from '../plan/types.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { userCount } from '../runner/users.js';
import { startBundledServer } from './bundled-server.js';
import { faultNames, nodeArgsFor, presetNames, presetNodeArgs } from './faults.js';

/** How the bundled reference server is set up; meaningless for a remote target. */
export interface BundledSetup {
  /** Faults to reproduce (`--fault`, repeatable), in the order given. */
  faults: string[];
  /** A lab state of the action plan (`--preset NAME`, server/lab). */
  preset?: string;
}

export interface TargetChoice extends BundledSetup {
  /** --target: wins over the scenario's own target. */
  target?: string;
}

export interface Target {
  url: string;
  bundled: boolean;
  /** What the bundled server was started with (no faults for a remote target). */
  setup: BundledSetup;
  stop(): Promise<void>;
}

/** The bundled-only flags this choice uses, as the user typed them. */
function bundledOnlyFlags(setup: BundledSetup): string[] {
  return [...(setup.faults.length > 0 ? ['--fault'] : []), ...(setup.preset !== undefined ? ['--preset'] : [])];
}

/** The URL to measure, or null for the bundled server. */
function remoteUrl(scenario: Scenario, choice: TargetChoice): string | null {
  return choice.target ?? scenario.target ?? null;
}

/** Checks the choice before anything starts; every problem on one line (a UsageError: exit 2). */
export function checkTargetChoice(scenario: Scenario, choice: TargetChoice): void {
  const problems: string[] = [];
  if (choice.target !== undefined) {
    try { parseTargetUrl(choice.target); } catch (err) { problems.push((err as Error).message); }
  }
  const bundledOnly = bundledOnlyFlags(choice);
  if (bundledOnly.length > 0 && remoteUrl(scenario, choice)) {
    problems.push(`${bundledOnly.join(', ')} starts the bundled server set up that way: it cannot be used with --target (or a scenario with a target)`);
  }
  const known = faultNames();
  const unknown = choice.faults.filter((f) => !known.includes(f));
  if (unknown.length > 0) {
    problems.push(`unknown fault ${unknown.map((f) => `"${f}"`).join(', ')}: known faults are ${known.length ? known.join(', ') : '(none yet)'}`);
  }
  if (choice.preset !== undefined && !presetNames().includes(choice.preset)) {
    problems.push(`unknown preset "${choice.preset}": known presets are ${presetNames().join(', ')}`);
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));
}

/** Starts (or just names) the target; the caller stops it on every path out. */
export async function startTarget(scenario: Scenario, choice: TargetChoice): Promise<Target> {
  checkTargetChoice(scenario, choice);
  const url = remoteUrl(scenario, choice);
  if (url) return { url, bundled: false, setup: { faults: [] }, stop: async () => undefined };
  // Seed as many fixture users as the scenario logs in (none for a CSV the server cannot know).
  const users = userCount(scenario.users, scenario.file);
  const setup: BundledSetup = { faults: [...choice.faults], ...(choice.preset !== undefined ? { preset: choice.preset } : {}) };
  const nodeArgs = nodeArgsFor(setup.faults);
  for (const a of presetNodeArgs(setup.preset)) if (!nodeArgs.includes(a)) nodeArgs.push(a);
  const server = await startBundledServer({
    seedUsers: Number.isFinite(users) ? users : 0,
    faults: setup.faults,
    ...(setup.preset !== undefined ? { preset: setup.preset } : {}),
    nodeArgs,
  });
  return { url: server.url, bundled: true, setup, stop: () => server.stop() };
}
