// A closed-model connection sends its next request only when the last one is answered. Against a
// server slower than the warm-up, connections spend the whole measured window waiting on requests
// sent before it: the window then holds fewer requests than the load asked for (none, when every
// connection waited), and its numbers say nothing of those requests. The verdict stays what the
// targets say; the warning says what the window missed and how to measure it.
import type { RunResult } from '../results/types.js';
import { formatCount, formatMs } from '../core/format.js';

/** The warning for connections that waited across the whole window; null when none did. */
export function waitingWarning(result: RunResult): string | null {
  const w = result.validity.waitingFromWarmup;
  if (!w || w.connections === 0) return null;
  const what = result.overall.attempted === 0 ? 'nothing was sent in the measured window: ' : '';
  return `${what}${formatCount(w.connections)} of ${formatCount(w.of)} connections waited through the whole window for answers`
    + ` to requests sent in the warm-up (the oldest for ${formatMs(w.oldestMs)}), and the window counts none of them;`
    + ' measure a window longer than the requests\' timeout to count them';
}
