// The readiness report on a terminal: the headline, one line per item with its points and what was
// measured, then what is left. Pure: returns a string; colour only when asked.
import { Chalk, type ChalkInstance } from 'chalk';
import type { ItemStatus, ReadinessReport } from '../readiness/types.js';
import { readinessDocument } from './readiness-json.js';
import { percentText, pointsText, readinessHeadline, secondsText, statusWord, targetText } from './readiness-text.js';

function paint(c: ChalkInstance, status: ItemStatus | 'pass' | 'fail' | 'invalid', text: string): string {
  if (status === 'pass') return c.bold.green(text);
  if (status === 'fail') return c.bold.red(text);
  return c.bold.magenta(text);
}

export function renderReadinessTerminal(report: ReadinessReport, options: { color: boolean }): string {
  const r = readinessDocument(report);
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const head = readinessHeadline(r);
  const word = head.split('  ')[0] ?? '';
  const lines = [
    `${paint(c, r.verdict, word)}${head.slice(word.length)}`,
    `target ${targetText(r)}; ${secondsText(r.durationMs)}, each phase measured for ${secondsText(r.phaseDurationMs)}`,
    '',
  ];
  const titleWidth = Math.max(...r.items.map((i) => i.title.length));
  for (const i of r.items) {
    const status = statusWord(i.status).padEnd(7);
    lines.push(`${paint(c, i.status, status)} ${pointsText(i).padStart(7)}  ${i.title.padEnd(titleWidth)}  ${i.summary}`);
  }
  if (r.verdict === 'invalid') {
    lines.push('', c.magenta('Some numbers cannot be trusted, so the percentage proves nothing:'));
    for (const reason of r.invalidReasons) lines.push(`  - ${reason}`);
  }
  lines.push('');
  if (r.left.length === 0) {
    lines.push(`Nothing left: readiness ${percentText(r.percent)}.`);
  } else {
    lines.push(`Left to reach 100 % (${r.left.length}):`);
    for (const l of r.left) lines.push(`  - ${l}`);
  }
  return `${lines.join('\n')}\n`;
}
