import { describe, expect, it } from 'vitest';
import {
  describeTarget, formatBound, formatMetric, formatMs, formatPercent, formatRps, topErrorClasses,
} from '../../cli/render/terminal-format.js';
import { makeEndpoint, target } from '../fixtures/make-run-result.js';

describe('terminal units', () => {
  it.each([
    [0.4213, '0.42 ms'], [0.5, '0.5 ms'], [4.26, '4.3 ms'], [10, '10 ms'], [123.4, '123 ms'], [999.4, '999 ms'],
    [1000, '1 s'], [1234, '1.23 s'], [12_345, '12.3 s'], [300_000, '300 s'],
  ])('formatMs(%s) = %s', (ms, text) => expect(formatMs(ms)).toBe(text));

  it.each([
    [0, '0 %'], [0.00005, '0.005 %'], [0.0035, '0.35 %'], [0.021, '2.1 %'], [0.123, '12.3 %'], [1, '100 %'],
  ])('formatPercent(%s) = %s', (f, text) => expect(formatPercent(f)).toBe(text));

  it('shows rps with one decimal below 100 and grouped integers above', () => {
    expect(formatRps(45.27)).toBe('45.3');
    expect(formatRps(12_345.6)).toBe('12,346');
  });

  it('formats each metric in its own unit', () => {
    expect(formatMetric('p95', 200)).toBe('200 ms');
    expect(formatMetric('mean', 1500)).toBe('1.5 s');
    expect(formatMetric('error_rate', 0.01)).toBe('1 %');
    expect(formatMetric('rps', 100)).toBe('100 req/s');
    expect(formatMetric('timeouts', 1234)).toBe('1,234');
  });

  it('marks lower bounds with >=', () => {
    expect(formatBound(10_000, true, 'p95')).toBe('>= 10 s');
    expect(formatBound(300, false, 'p95')).toBe('300 ms');
  });

  it('restates targets in human units, overall when no endpoint is named', () => {
    expect(describeTarget(target('p95', '<', 200))).toBe('overall p95 < 200 ms');
    expect(describeTarget(target('error_rate', '<', 0.05, 'login'))).toBe('login error_rate < 5 %');
  });

  it('lists the most frequent error classes first, at most three, none when clean', () => {
    const e = makeEndpoint({ name: 'x', errorClasses: { reset: 2, timeout: 30, http5xx: 7, other: 1 } });
    expect(topErrorClasses(e)).toBe('timeout 30, http5xx 7, reset 2');
    expect(topErrorClasses(makeEndpoint({ name: 'y' }))).toBe('');
  });
});
