// The readiness report as JUnit XML: one testcase per item, a <failure> listing the failed checks
// with their evidence, an <error> for an item whose numbers cannot be trusted. Pure.
import type { ReadinessItem, ReadinessReport } from '../readiness/types.js';
import { xmlEscape } from './junit.js';
import { percentText } from './readiness-text.js';

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
}

function testcase(i: ReadinessItem): string {
  const open = `    <testcase${attrs({ classname: 'readiness', name: `${i.title} [${i.id}]`, time: '0' })}`;
  if (i.status === 'pass') return `${open}/>`;
  const failed = i.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.evidence}`);
  const message = `${i.summary} (score ${Math.round(i.score * 100)} % of weight ${i.weight})`;
  const tag = i.status === 'invalid' ? 'error' : 'failure';
  const type = i.status === 'invalid' ? 'RunInvalid' : 'NotReady';
  return `${open}>\n      <${tag}${attrs({ message, type })}>${xmlEscape(failed.join('\n'))}</${tag}>\n    </testcase>`;
}

export function renderReadinessJUnit(r: ReadinessReport): string {
  const counts = {
    tests: r.items.length,
    failures: r.items.filter((i) => i.status === 'fail').length,
    errors: r.items.filter((i) => i.status === 'invalid').length,
    skipped: 0,
  };
  const time = (r.durationMs / 1000).toFixed(3);
  const properties = { verdict: r.verdict, percent: percentText(r.percent), target: r.target.url, partial: String(r.partial) };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'zimmer-bench', tests: counts.tests, failures: counts.failures, errors: counts.errors, time })}>`,
    `  <testsuite${attrs({ name: 'readiness', ...counts, time, timestamp: r.startedAt.replace(/(\.\d+)?Z$/, '') })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...r.items.map(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
