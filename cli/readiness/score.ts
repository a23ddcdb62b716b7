// From judged items to the readiness figure: the weighted percentage, the verdict and the list of
// what is left. Pure.
import { ITEM_ORDER } from './items.js';
import type { LeftEntry, ReadinessItem, ReadinessReport, ReadinessVerdict } from './types.js';

export interface Score {
  /** 0..100, rounded to two decimals; exactly 100 only when every item scored 1. */
  percent: number;
  verdict: ReadinessVerdict;
  left: LeftEntry[];
  invalidReasons: ReadinessReport['invalidReasons'];
}

export function scoreItems(items: ReadinessItem[]): Score {
  const total = items.reduce((n, i) => n + i.weight, 0);
  const earned = items.reduce((n, i) => n + i.weight * i.score, 0);
  const complete = items.length > 0 && items.every((i) => i.score === 1 && i.status === 'pass');
  // Rounding must never show 100 for a run that missed something, however small its weight.
  const raw = total === 0 ? 0 : (earned / total) * 100;
  const percent = complete ? 100 : Math.min(99.99, Math.round(raw * 100) / 100);
  const invalid = items.filter((i) => i.status === 'invalid');
  // A failure measured on trustworthy numbers settles it: below 100 % whatever the untrusted items
  // would have shown. Only when nothing failed for sure does an untrusted item leave it undecided.
  const failed = items.some((i) => i.status === 'fail');
  const verdict: ReadinessVerdict = failed ? 'fail' : invalid.length > 0 ? 'invalid' : complete ? 'pass' : 'fail';
  return {
    percent,
    verdict,
    left: whatIsLeft(items),
    // The first failed check of an invalid item says why its numbers cannot be trusted.
    invalidReasons: invalid.map((i) => ({ title: i.title, evidence: i.checks.find((c) => !c.pass)?.evidence ?? null })),
  };
}

/** Failed checks listed per item before the rest are counted; the report's evidence has them all. */
export const LEFT_PER_ITEM = 3;

/** One entry per failed check, items worth most (lost weight) first, then in report order. */
export function whatIsLeft(items: ReadinessItem[]): LeftEntry[] {
  const lost = (i: ReadinessItem) => i.weight * (1 - i.score);
  return items
    .filter((i) => i.status !== 'pass')
    .sort((a, b) => lost(b) - lost(a) || ITEM_ORDER.indexOf(a.id) - ITEM_ORDER.indexOf(b.id))
    .flatMap((i) => {
      const failed = i.checks.filter((c) => !c.pass);
      const entries: LeftEntry[] = failed.slice(0, LEFT_PER_ITEM).map((c) => ({ title: i.title, check: c.name, evidence: c.evidence }));
      const more = failed.length - LEFT_PER_ITEM;
      if (more > 0) entries.push({ title: i.title, more });
      return entries;
    });
}
