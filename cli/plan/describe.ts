// One-line descriptions of a plan, for `validate` and report headers.
import { loadDurationMs } from './overrides.js';
import type { LoadSpec, Scenario } from './types.js';
import { formatDuration } from '../core/format.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `closed model, 20 connections for 15s (+2s warm-up)` or `open model, 20->150/s over 2 stages, ...`. */
export function describeLoad(load: LoadSpec): string {
  const time = `for ${formatDuration(loadDurationMs(load))}${load.warmupMs ? ` (+${formatDuration(load.warmupMs)} warm-up)` : ''}`;
  if (load.model === 'closed') return `closed model, ${plural(load.connections, 'connection')} ${time}`;
  const rates = load.stages.flatMap((s) => [s.rate, s.to]);
  const lo = Math.min(...rates);
  const hi = Math.max(...rates);
  const rate = lo === hi ? `${hi} flows/s` : `${lo}-${hi} flows/s`;
  return `open model, ${rate} over ${plural(load.stages.length, 'stage')} ${time}`;
}

/** `phase1 (9 requests, closed model, 20 connections for 15s (+2s warm-up), 20 targets)`. */
export function describeScenario(s: Scenario): string {
  const requests = plural(Object.keys(s.requests).length, 'request');
  return `${s.name} (${requests}, ${describeLoad(s.load)}, ${plural(s.targets.length, 'target')})`;
}
