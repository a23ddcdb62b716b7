// Where a run was measured: versions and machine, so that two results can be told comparable or not.
import { createRequire } from 'node:module';
import os from 'node:os';
import type { Environment } from './types.js';
import { VERSION } from '../version.js';

const require = createRequire(import.meta.url);

/** Installed version of a dependency, read from its package.json ('unknown' if it cannot be read). */
export function dependencyVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** `engine` names the load generator and its version (the load model's `engine()`). */
export function collectEnvironment(engine: string): Environment {
  const cpus = os.cpus();
  return {
    zimmerBench: VERSION,
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    hostname: os.hostname(),
    engine,
  };
}
