// JUnit XML for CI test views (GitHub/GitLab/Jenkins): one testcase per target, a failure carrying the
// measured value, and an invalid run as an error so no dashboard shows untrustworthy numbers as green.
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { formatLimit, targetScope } from '../core/format.js';
import { measuredText } from './outcome-text.js';
import { missCause, missedFirst } from './miss-cause.js';

/** Characters XML 1.0 forbids even when escaped (control codes, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');
}

/** "p95 < 1s [login]": the target as written and where it applies. */
export function testcaseName(outcome: TargetOutcome): string {
  return `${outcome.target.source} [${targetScope(outcome.target)}]`;
}

/**
 * What failed and why, in words: the target missed, what was measured against which limit, then
 * the cause from the numbers ("P95 sits on 9 timed-out requests", "got 401 ×3"), offenders named.
 */
function failureMessage(result: RunResult, o: TargetOutcome): string {
  const where = o.target.endpoint === null ? 'overall' : `on ${o.target.endpoint}`;
  const bound = o.atLeast ? ' (a lower bound: the real value is higher still)' : '';
  const cause = o.note ? '' : ` — ${missCause(result, o)}`;
  return `missed ${o.target.source} ${where}: ${measuredText(o)}${bound}, the limit is ${formatLimit(o.target)}${cause}`.replace(/`/g, '');
}

function testcase(result: RunResult, evaluation: Evaluation, o: TargetOutcome): string {
  const open = `    <testcase${attrs({ classname: result.scenario.name, name: testcaseName(o), time: '0' })}`;
  if (evaluation.verdict === 'invalid') {
    return `${open}>\n      <skipped${attrs({ message: 'not judged: the run is invalid' })}/>\n    </testcase>`;
  }
  if (o.pass) return `${open}/>`;
  const message = failureMessage(result, o);
  return `${open}>\n      <failure${attrs({ message, type: 'TargetMissed' })}>${xmlEscape(message)}</failure>\n    </testcase>`;
}

function validityCase(result: RunResult, evaluation: Evaluation): string {
  const reasons = evaluation.invalidReasons.length > 0 ? evaluation.invalidReasons : ['the run was marked invalid'];
  const message = `the run's numbers cannot be trusted: ${reasons.join('; ')}`;
  return `    <testcase${attrs({ classname: result.scenario.name, name: 'run validity', time: '0' })}>\n` +
    `      <error${attrs({ message, type: 'RunInvalid' })}>${xmlEscape(reasons.join('\n'))}</error>\n    </testcase>`;
}

/** JUnit wants a timestamp without a zone; the run's own start time, in UTC. */
function junitTimestamp(iso: string): string {
  return iso.replace(/(\.\d+)?Z$/, '');
}

export function renderJUnit(result: RunResult, evaluation: Evaluation): string {
  const invalid = evaluation.verdict === 'invalid';
  // Missed targets first, so a CI view that lists cases in file order shows the failures on top.
  const cases = missedFirst(evaluation.outcomes).map((o) => testcase(result, evaluation, o));
  if (invalid) cases.push(validityCase(result, evaluation));
  const counts = {
    tests: cases.length,
    failures: invalid ? 0 : evaluation.outcomes.filter((o) => !o.pass).length,
    errors: invalid ? 1 : 0,
    skipped: invalid ? evaluation.outcomes.length : 0,
  };
  const time = (result.measuredMs / 1000).toFixed(3);
  const properties = {
    verdict: evaluation.verdict, partial: String(result.partial), target: result.target.url,
    model: result.scenario.model, engine: result.environment.engine, zimmerBench: result.environment.zimmerBench,
  };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    // The common JUnit schema (Jenkins junit-10.xsd) has no skipped count on <testsuites>, only on <testsuite>.
    `<testsuites${attrs({ name: 'zimmer-bench', tests: counts.tests, failures: counts.failures, errors: counts.errors, time })}>`,
    `  <testsuite${attrs({ name: result.scenario.name, ...counts, time, timestamp: junitTimestamp(result.startedAt), hostname: result.environment.hostname })}>`,
    '    <properties>',
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
