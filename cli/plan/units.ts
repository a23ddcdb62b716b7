// Durations and percentages as people write them, in scenarios and on the command line.
// One grammar for both, so `--duration 1m30s` and `duration: 1m30s` mean the same thing.
// Parsing only: cli/core/format.ts writes values back (formatDuration in this same grammar).
import { UsageError } from '../core/errors.js';

/** Milliseconds per unit. `us` (and `µs`) exist because latency targets go below a millisecond. */
const UNIT_MS: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** One or more `<number><unit>` terms, e.g. `500ms`, `1.5s`, `1m30s`. Longer units are tried first. */
export const DURATION_PATTERN = '^(?:\\d+(?:\\.\\d+)?(?:us|µs|ms|s|m|h))+$';
const DURATION_RE = new RegExp(DURATION_PATTERN);
const TERM_RE = /(\d+(?:\.\d+)?)(us|µs|ms|s|m|h)/g;

export const DURATION_HINT = 'write a number with a unit: 500ms, 10s, 1m, 1m30s';

/** Result of checking a value without throwing: scenario validation turns it into a located problem. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string; hint: string };

/** Parses a duration to milliseconds; a bare number is already milliseconds. */
export function checkDuration(input: string | number): Checked<number> {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return { ok: true, value: input };
    return { ok: false, message: `invalid duration ${input}`, hint: 'a duration cannot be negative' };
  }
  const text = input.trim();
  if (!DURATION_RE.test(text)) {
    const bare = /^\d+(?:\.\d+)?$/.test(text);
    return {
      ok: false,
      message: `invalid duration "${input}"`,
      hint: bare ? `add a unit, e.g. ${text}ms or ${text}s` : DURATION_HINT,
    };
  }
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(TERM_RE)) ms += Number(amount) * (UNIT_MS[unit as string] ?? NaN);
  return { ok: true, value: ms };
}

/** `"500ms"`, `"10s"`, `"1m"`, `"1m30s"`, `"250us"` or a number of ms -> ms. Throws UsageError. */
export function parseDuration(input: string | number): number {
  const r = checkDuration(input);
  if (!r.ok) throw new UsageError(`${r.message}: ${r.hint}`);
  return r.value;
}

export const PERCENT_HINT = 'write a percentage such as 1% or 0.5%, or a fraction between 0 and 1 such as 0.01';

/** `"1%"` -> 0.01; a bare number between 0 and 1 is already a fraction. */
export function checkPercent(input: string | number): Checked<number> {
  const text = String(input).trim();
  const m = /^(\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!m || value > 1) return { ok: false, message: `invalid percentage "${input}"`, hint: PERCENT_HINT };
  return { ok: true, value };
}

/** Parses `"1%"`, `"0.5%"` or `"0.01"` to a fraction (0.01). Throws UsageError. */
export function parsePercent(input: string | number): number {
  const r = checkPercent(input);
  if (!r.ok) throw new UsageError(`${r.message}: ${r.hint}`);
  return r.value;
}
