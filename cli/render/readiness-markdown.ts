// The readiness report as markdown: verdict and percentage, the items table, what is left, then
// every item's checks with their evidence. A pure function of the report: same data, same bytes.
import { ITEMS } from '../readiness/items.js';
import type { ItemGroup, ReadinessDocument, ReadinessReport } from '../readiness/types.js';
import { readinessDocument } from './readiness-json.js';
import { table } from './markdown-format.js';
import { itemsLine, pointsText, percentText, secondsText, statusWord, targetText, verdictWord } from './readiness-text.js';

const GROUP_TITLES: Readonly<Record<ItemGroup, string>> = {
  timeouts: 'timeouts',
  performance: 'performance',
  'monitoring-security': 'monitoring & security',
};

const oneLine = (text: string) => text.replace(/\r?\n/g, ' ');

function headline(r: ReadinessDocument): string {
  return `# ${verdictWord(r)}: readiness ${percentText(r.percent)}`;
}

function groupsLine(r: ReadinessDocument): string {
  const groups = [...new Set(Object.values(ITEMS).map((d) => d.group))];
  return groups.map((g) => {
    const items = r.items.filter((i) => i.group === g);
    const weight = items.reduce((n, i) => n + i.weight, 0);
    const earned = items.reduce((n, i) => n + i.weight * i.score, 0);
    return `${GROUP_TITLES[g]} ${Math.round(earned * 10) / 10}/${weight}`;
  }).join(' · ');
}

function itemsTable(r: ReadinessDocument): string {
  const rows = r.items.map((i) => [
    i.title, GROUP_TITLES[i.group], pointsText(i), i.status === 'pass' ? 'pass' : `**${statusWord(i.status)}**`, i.summary,
  ]);
  return table(['item', 'group', 'points', 'result', 'measured'], rows, ['l', 'l', 'r', 'l', 'l']);
}

function itemSection(i: ReadinessDocument['items'][number]): string {
  const rows = i.checks.map((c) => [c.name, c.pass ? 'pass' : '**FAIL**', c.evidence]);
  return [
    `### ${i.title}: ${statusWord(i.status)} (${pointsText(i)})`,
    '',
    i.summary,
    '',
    table(['check', 'result', 'evidence'], rows),
  ].join('\n');
}

export function renderReadinessMarkdown(report: ReadinessReport): string {
  const r = readinessDocument(report);
  const parts: string[] = [
    headline(r),
    '',
    itemsLine(r),
    '',
    `- **Target:** ${targetText(r)}`,
    `- **When:** ${r.startedAt}, ${secondsText(r.durationMs)} in all; each phase measured for ${secondsText(r.phaseDurationMs)}`,
    `- **Points by group:** ${groupsLine(r)}`,
  ];
  if (r.partial) parts.push('- **Partial:** stopped by Ctrl-C; the items not reached score nothing.');
  if (r.verdict === 'invalid') {
    parts.push('', `**INVALID:** some numbers cannot be trusted, so this percentage proves nothing: ${r.invalidReasons.map(oneLine).join('; ')}`);
  }
  parts.push('', '## Items', '', itemsTable(r), '', '## What is left', '');
  parts.push(r.left.length === 0 ? 'Nothing: every check passed.' : r.left.map((l) => `- ${oneLine(l)}`).join('\n'));
  parts.push('', '## Evidence', '', r.items.map(itemSection).join('\n\n'), '');
  return parts.join('\n');
}

/** A compact markdown block for $GITHUB_STEP_SUMMARY: the headline and one row per item. */
export function renderReadinessStepSummary(report: ReadinessReport): string {
  const r = readinessDocument(report);
  const rows = r.items.map((i) => [i.title, i.status === 'pass' ? 'pass' : `**${statusWord(i.status)}**`, i.summary]);
  return [`### ${verdictWord(r)}: readiness ${percentText(r.percent)}`, '', table(['item', 'result', 'measured'], rows), ''].join('\n');
}
