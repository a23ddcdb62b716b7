// The readiness report as JUnit XML: one testcase per item, a <failure> listing the failed checks
// with their evidence, an <error> for an item whose numbers cannot be trusted. Pure.
import type { ReadinessDocument, ReadinessReport } from '../readiness/types.js';
import { formatWholePercent, secondsValue } from '../core/format.js';
import { readinessDocument } from './readiness-json.js';
import { junitProperties, junitTimestamp } from './junit.js';
import { percentText } from './readiness-text.js';
import { xmlDocument, type XmlElement } from './xml.js';

function testcase(i: ReadinessDocument['items'][number]): XmlElement {
  const open = { '@classname': 'readiness', '@name': `${i.title} [${i.id}]`, '@time': '0' };
  if (i.status === 'pass') return open;
  const failed = i.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.evidence}`);
  const message = `${i.summary} (score ${formatWholePercent(i.score)} of weight ${i.weight})`;
  const tag = i.status === 'invalid' ? 'error' : 'failure';
  return { ...open, [tag]: { '@message': message, '@type': i.status === 'invalid' ? 'RunInvalid' : 'NotReady', '#text': failed.join('\n') } };
}

export function renderReadinessJUnit(report: ReadinessReport): string {
  const r = readinessDocument(report);
  const tests = r.items.length;
  const failures = r.items.filter((i) => i.status === 'fail').length;
  const errors = r.items.filter((i) => i.status === 'invalid').length;
  const time = secondsValue(r.durationMs, 3);
  return xmlDocument({
    testsuites: {
      '@name': 'zimmer-bench', '@tests': tests, '@failures': failures, '@errors': errors, '@time': time,
      testsuite: {
        '@name': 'readiness', '@tests': tests, '@failures': failures, '@errors': errors, '@skipped': 0, '@time': time,
        '@timestamp': junitTimestamp(r.startedAt),
        properties: junitProperties({ verdict: r.verdict, percent: percentText(r.percent), target: r.target.url, partial: String(r.partial) }),
        testcase: r.items.map(testcase),
      },
    },
  });
}
