// Live progress on a terminal: one line on stderr, rewritten in place, cleared when the run ends.
// Nothing at all when stderr is not a TTY (CI logs, pipes) or with --quiet.
import type { Phase, Progress } from '../runner/driver.js';
import { formatCount, formatSeconds } from '../core/format.js';

export interface ProgressLine {
  update(progress: Progress): void;
  /** Clears the line; safe to call more than once. */
  done(): void;
}

interface Stream {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

const CLEAR_LINE = '\r\u001b[2K';

const PHASE_WORDS: Record<Phase, string> = {
  setup: 'setup',
  warmup: 'warm-up',
  measure: 'measuring',
  drain: 'draining',
};

/** `measuring  4.0 s / 12.0 s  1,234 req/s  errors 12`: pure, so it can be tested. */
export function formatProgress(p: Progress): string {
  return [
    (PHASE_WORDS[p.phase] ?? p.phase).padEnd(9),
    `${seconds(p.elapsedMs)} / ${seconds(p.totalMs)}`,
    `${formatCount(Math.round(p.currentRps))} req/s`,
    `errors ${formatCount(p.errors)}`,
  ].join('  ');
}

function seconds(ms: number): string {
  return formatSeconds(Math.max(0, ms));
}

const SILENT: ProgressLine = { update() {}, done() {} };

export function progressLine(stream: Stream, options: { quiet: boolean }): ProgressLine {
  if (options.quiet || !stream.isTTY) return SILENT;
  let shown = false;
  return {
    update(p) {
      // Never wider than the terminal: a wrapped line cannot be rewritten in place.
      // A pseudo-terminal may report 0 columns: assume 80 then.
      const columns = stream.columns && stream.columns > 0 ? stream.columns : 80;
      const width = Math.max(20, columns - 1);
      stream.write(CLEAR_LINE + formatProgress(p).slice(0, width));
      shown = true;
    },
    done() {
      if (shown) stream.write(CLEAR_LINE);
      shown = false;
    },
  };
}
