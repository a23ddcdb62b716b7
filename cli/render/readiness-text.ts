// Words and numbers of the readiness report shared by its terminal, markdown, JUnit and step-summary
// renderers, so a verdict reads the same wherever it is shown. Pure.
import { formatScorePercent, formatSeconds } from '../core/format.js';
import type { ItemStatus, ReadinessItem, ReadinessReport } from '../readiness/types.js';

/** What these words read of a report: the same in the report and in its worded document. */
type Head = Pick<ReadinessReport, 'verdict' | 'partial' | 'percent' | 'target'> & { items: Array<Pick<ReadinessItem, 'id' | 'status'>> };

export function verdictWord(r: Head): string {
  const word = r.verdict === 'pass' ? 'PASS' : r.verdict === 'fail' ? 'FAIL' : 'INVALID';
  return r.partial ? `${word} PARTIAL` : word;
}

/** "100 %", "62.5 %": at most two decimals, no trailing zeros. */
export function percentText(percent: number): string {
  return formatScorePercent(percent);
}

/** Points earned of the item's weight: "25/25", "10.7/25". */
export function pointsText(item: Pick<ReadinessItem, 'weight' | 'score'>): string {
  const earned = Math.round(item.weight * item.score * 10) / 10;
  return `${String(earned)}/${item.weight}`;
}

export function statusWord(status: ItemStatus): string {
  return status === 'pass' ? 'PASS' : status === 'fail' ? 'FAIL' : 'INVALID';
}

/** "9/10 items pass; not yet: phase3". */
export function itemsLine(r: Head): string {
  const passed = r.items.filter((i) => i.status === 'pass').length;
  const failing = r.items.filter((i) => i.status !== 'pass').map((i) => i.id);
  return `${passed}/${r.items.length} items pass${failing.length ? `; not yet: ${failing.join(', ')}` : ''}`;
}

/** The one line --quiet keeps: "PASS  readiness 100 %: 10/10 items pass". */
export function readinessHeadline(r: Head): string {
  return `${verdictWord(r)}  readiness ${percentText(r.percent)}: ${itemsLine(r)}`;
}

export function targetText(r: Head): string {
  if (!r.target.bundled) return r.target.url;
  const faults = r.target.faults.length > 0 ? `faults: ${r.target.faults.join(', ')}` : 'no faults';
  return `${r.target.url} (bundled reference server, ${faults})`;
}

export function secondsText(ms: number): string {
  return formatSeconds(ms, ms < 10_000 ? 1 : 0);
}
