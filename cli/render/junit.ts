// JUnit XML for CI test views (GitHub/GitLab/Jenkins): one testcase per target, a failure carrying the
// measured value, and an invalid run as an error so no dashboard shows untrustworthy numbers as green.
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { formatLimit, secondsValue, targetScope } from '../core/format.js';
import { measuredText } from './outcome-text.js';
import { missCause, missedFirst } from './miss-cause.js';
import { xmlDocument, type XmlElement } from './xml.js';

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

function testcase(result: RunResult, evaluation: Evaluation, o: TargetOutcome): XmlElement {
  const open = { '@classname': result.scenario.name, '@name': testcaseName(o), '@time': '0' };
  if (evaluation.verdict === 'invalid') return { ...open, skipped: { '@message': 'not judged: the run is invalid' } };
  if (o.pass) return open;
  const message = failureMessage(result, o);
  return { ...open, failure: { '@message': message, '@type': 'TargetMissed', '#text': message } };
}

function validityCase(result: RunResult, evaluation: Evaluation): XmlElement {
  const reasons = evaluation.invalidReasons.length > 0 ? evaluation.invalidReasons : ['the run was marked invalid'];
  return {
    '@classname': result.scenario.name, '@name': 'run validity', '@time': '0',
    error: { '@message': `the run's numbers cannot be trusted: ${reasons.join('; ')}`, '@type': 'RunInvalid', '#text': reasons.join('\n') },
  };
}

/** JUnit wants a timestamp without a zone; the run's own start time, in UTC. */
export function junitTimestamp(iso: string): string {
  return iso.replace(/(\.\d+)?Z$/, '');
}

/** `<properties>`: name/value pairs of what the run was. */
export function junitProperties(values: Record<string, string>): XmlElement {
  return { property: Object.entries(values).map(([name, value]) => ({ '@name': name, '@value': value })) };
}

export function renderJUnit(result: RunResult, evaluation: Evaluation): string {
  const invalid = evaluation.verdict === 'invalid';
  // Missed targets first, so a CI view that lists cases in file order shows the failures on top.
  const cases = missedFirst(evaluation.outcomes).map((o) => testcase(result, evaluation, o));
  if (invalid) cases.push(validityCase(result, evaluation));
  const failures = invalid ? 0 : evaluation.outcomes.filter((o) => !o.pass).length;
  const errors = invalid ? 1 : 0;
  const time = secondsValue(result.measuredMs, 3);
  return xmlDocument({
    // The common JUnit schema (Jenkins junit-10.xsd) has no skipped count on <testsuites>, only on <testsuite>.
    testsuites: {
      '@name': 'zimmer-bench', '@tests': cases.length, '@failures': failures, '@errors': errors, '@time': time,
      testsuite: {
        '@name': result.scenario.name, '@tests': cases.length, '@failures': failures, '@errors': errors,
        '@skipped': invalid ? evaluation.outcomes.length : 0, '@time': time,
        '@timestamp': junitTimestamp(result.startedAt), '@hostname': result.environment.hostname,
        properties: junitProperties({
          verdict: evaluation.verdict, partial: String(result.partial), target: result.target.url,
          model: result.scenario.model, engine: result.environment.engine, zimmerBench: result.environment.zimmerBench,
        }),
        testcase: cases,
      },
    },
  });
}
