// The readiness report as the JSON document written to --out and printed by --json (schema
// zimmer-bench/readiness@1): the report with its evidence, summaries and what is left worded, the
// same words every other readiness output shows. Pure.
import type { Check, ReadinessDocument, ReadinessItem, ReadinessReport } from '../readiness/types.js';
import { evidenceText, invalidReasonText, leftText, summaryText } from './readiness-evidence.js';

export function wordCheck(c: Check): ReadinessDocument['items'][number]['checks'][number] {
  return { name: c.name, pass: c.pass, evidence: evidenceText(c.evidence) };
}

export function wordItem(i: ReadinessItem): ReadinessDocument['items'][number] {
  return { ...i, summary: summaryText(i.summary), checks: i.checks.map(wordCheck) };
}

export function readinessDocument(r: ReadinessReport): ReadinessDocument {
  return {
    ...r,
    items: r.items.map(wordItem),
    left: r.left.map(leftText),
    invalidReasons: r.invalidReasons.map(invalidReasonText),
  };
}

export function renderReadinessJson(r: ReadinessReport): string {
  return `${JSON.stringify(readinessDocument(r), null, 2)}\n`;
}
