// A duration given on the command line that must be long enough to mean anything (a phase run, a
// diagnosis budget, a measured window): parsed and judged here, so every command says it the same way.
import { UsageError } from '../core/errors.js';
import { formatDuration } from '../core/format.js';
import { parseDuration } from '../plan/units.js';

export interface DurationFloor {
  /** Shortest accepted, in ms; 0 accepts anything longer than zero. */
  atLeastMs: number;
  /** What the floor is for, finishing "is too short ...", e.g. "to measure a phase". */
  purpose?: string;
  /** A sensible value for the hint, e.g. "3s". */
  example: string;
}

/** `--budget 2s` -> 2000, or a UsageError naming the flag, the value and a value that works. */
export function parseDurationFlag(flag: string, text: string, floor: DurationFloor): number {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (err) {
    throw new UsageError(`${flag}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const tooShort = floor.atLeastMs > 0 ? ms < floor.atLeastMs : ms <= 0;
  if (tooShort) {
    const need = floor.atLeastMs > 0 ? `at least ${formatDuration(floor.atLeastMs)}` : 'more than zero';
    throw new UsageError(
      `${flag} ${text} is too short${floor.purpose ? ` ${floor.purpose}` : ''}: give ${need} (e.g. ${flag} ${floor.example})`,
    );
  }
  return ms;
}
