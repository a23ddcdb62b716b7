// The scenarios shipped with the package: the action plan's checkpoints, one file each.
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../version.js';
import { suggest } from './did-you-mean.js';

/** `today` is the plan's "after steps 1-3" checkpoint; phase1-3 are its phases. */
export const BUNDLED_SCENARIOS = ['today', 'phase1', 'phase2', 'phase3'] as const;
export type BundledScenario = (typeof BUNDLED_SCENARIOS)[number];

export function isBundledScenario(name: string): name is BundledScenario {
  return (BUNDLED_SCENARIOS as readonly string[]).includes(name);
}

/** Absolute path of a bundled scenario file under the package's scenarios/ folder. */
export function bundledScenarioPath(name: string): string {
  if (!isBundledScenario(name)) {
    throw new UsageError(`no bundled scenario "${name}" (${suggest(name, BUNDLED_SCENARIOS, 'bundled scenarios')})`);
  }
  return resolve(PACKAGE_ROOT, 'scenarios', `${name}.yaml`);
}

/** Whether a scenario was loaded from one of the bundled files (which are meant for the bundled server). */
export function isBundledScenarioFile(file: string | null): boolean {
  return file !== null && BUNDLED_SCENARIOS.some((name) => resolve(file) === bundledScenarioPath(name));
}
