// Whether the human output is coloured, and how wide it is: the one rule every command uses.
// The renderers take both as plain values; only this file looks at the stream and the environment.
import { DEFAULT_WIDTH } from '../render/terminal-fit.js';

export interface HumanStream {
  isTTY?: boolean;
  columns?: number;
}

/**
 * Colour only on a terminal. Off with FORCE_COLOR=0 (or false), NO_COLOR (any non-empty value),
 * TERM=dumb and `--no-color` (which main.ts turns into FORCE_COLOR=0); FORCE_COLOR=1..3 turns it
 * on anywhere, as chalk's own supports-color reads it. FORCE_COLOR=0 is checked first: before, a
 * terminal kept its colour under it, because only the values that force colour on were looked at.
 */
export function useColor(stream: HumanStream, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force !== undefined) return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** The columns to fit: the terminal's own, 80 for a pipe or a file (or a terminal that reports 0). */
export function outputWidth(stream: HumanStream): number {
  return stream.isTTY === true && stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_WIDTH;
}
