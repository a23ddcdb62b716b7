// The readiness report as the JSON document written to --out and printed by --json
// (schema zimmer-bench/readiness@1). Pure.
import type { ReadinessReport } from '../readiness/types.js';

export function renderReadinessJson(r: ReadinessReport): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
