// One spelling for every number shown to a person (cli/core/format.ts): the terminal, markdown,
// JUnit, readiness and diagnosis outputs all read these, so each case here holds for all of them.
import { describe, expect, it } from 'vitest';
import {
  describeTarget, formatChange, formatCount, formatDuration, formatLatency, formatLimit, formatMetricValue,
  formatMs, formatPercent, formatPoints, formatRate,
  formatBytes, formatMsFixed, formatScorePercent, formatSeconds, formatWholePercent,
} from '../../cli/core/format.js';
import { parseDuration } from '../../cli/plan/units.js';
import { target } from '../fixtures/make-run-result.js';

describe('formatMs: about three significant digits, seconds from 1 s', () => {
  it.each([
    [0, '0 ms'], [0.042, '0.04 ms'], [0.4213, '0.42 ms'], [0.5, '0.5 ms'], [4.2, '4.2 ms'], [4.26, '4.26 ms'],
    [10, '10 ms'], [42.16, '42.2 ms'], [123.4, '123 ms'], [421.6, '422 ms'], [999.4, '999 ms'], [999.7, '1 s'],
    [1000, '1 s'], [1234, '1.23 s'], [10_002.4, '10 s'], [12_345, '12.3 s'], [123_456, '123 s'], [300_000, '300 s'],
    [null, '—'], [Number.NaN, '—'],
  ])('%s ms -> %s', (ms, text) => expect(formatMs(ms)).toBe(text));

  it('marks a lower bound, but never a missing value', () => {
    expect(formatLatency(10_000, true)).toBe('>= 10 s');
    expect(formatLatency(null, true)).toBe('—');
  });
});

describe('formatPercent: a space before %, tiny values never shown as 0', () => {
  it.each([
    [0, '0 %'], [0.00001, '0.001 %'], [0.00005, '0.005 %'], [0.0035, '0.35 %'], [0.0123, '1.23 %'],
    [0.021, '2.1 %'], [0.1, '10 %'], [0.123, '12.3 %'], [0.5, '50 %'], [1, '100 %'], [1e-7, '< 0.001 %'],
    [null, '—'],
  ])('%s -> %s', (f, text) => expect(formatPercent(f)).toBe(text));

  it('signs relative changes and differences of rates', () => {
    expect(formatChange(0)).toBe('+0.0 %');
    expect(formatChange(3.75)).toBe('+375 %');
    expect(formatChange(-0.042)).toBe('-4.2 %');
    expect(formatPoints(0.015)).toBe('+1.5 pp');
    expect(formatPoints(-0.001)).toBe('-0.1 pp');
    expect(formatPoints(0.01, { sign: false })).toBe('1 pp');
  });
});

describe('fixed spellings: seconds, milliseconds of one exchange, scores, shares, sizes', () => {
  it('writes elapsed seconds at the decimals asked', () => {
    expect(formatSeconds(4000)).toBe('4.0 s');
    expect(formatSeconds(41_200, 0)).toBe('41 s');
    expect(formatMsFixed(4100, 1)).toBe('4100.0 ms');
    expect(formatMsFixed(12.4, 0)).toBe('12 ms');
  });

  it('a readiness score keeps two decimals at most; a share is whole', () => {
    expect([formatScorePercent(100), formatScorePercent(62.5), formatScorePercent(99.994)]).toEqual(['100 %', '62.5 %', '99.99 %']);
    expect([formatWholePercent(0.424), formatWholePercent(1)]).toEqual(['42 %', '100 %']);
  });

  it('sizes in binary units', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(1024 * 1024), formatBytes(50 * 1024 * 1024)]).toEqual(['512 bytes', '1.5 KiB', '1 MiB', '50 MiB']);
  });
});

describe('rates and counts', () => {
  it('shows rps with one decimal below 100 and grouped integers above', () => {
    expect(formatRate(45.27)).toBe('45.3');
    expect(formatRate(275.6)).toBe('276');
    expect(formatRate(12_345.6)).toBe('12,346');
  });

  it('groups thousands without depending on the locale', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1200)).toBe('-1,200');
  });
});

describe('targets in their own units', () => {
  it('formats each metric in its own unit', () => {
    expect(formatMetricValue('p95', 200)).toBe('200 ms');
    expect(formatMetricValue('p95', 1500)).toBe('1.5 s');
    expect(formatMetricValue('mean', 1500)).toBe('1.5 s');
    expect(formatMetricValue('error_rate', 0.01)).toBe('1 %');
    expect(formatMetricValue('error_rate', 0.05)).toBe('5 %');
    expect(formatMetricValue('rps', 52.25)).toBe('52.3 req/s');
    expect(formatMetricValue('rps', 100)).toBe('100 req/s');
    expect(formatMetricValue('timeouts', 3)).toBe('3');
    expect(formatMetricValue('timeouts', 1234)).toBe('1,234');
    expect(formatLimit({ metric: 'p95', op: '<', value: 200 })).toBe('< 200 ms');
    expect(formatLimit({ metric: 'rps', op: '>', value: 100 })).toBe('> 100 req/s');
  });

  it('marks lower bounds with >=', () => {
    expect(formatMetricValue('p95', 10_000, true)).toBe('>= 10 s');
    expect(formatMetricValue('p95', 300, false)).toBe('300 ms');
  });

  it('restates targets in human units, overall when no endpoint is named', () => {
    expect(describeTarget(target('p95', '<', 200))).toBe('overall p95 < 200 ms');
    expect(describeTarget(target('error_rate', '<', 0.05, 'login'))).toBe('login error_rate < 5 %');
  });
});

describe('formatDuration: the scenario grammar, read back by parseDuration', () => {
  it.each([
    [0, '0ms'], [0.25, '250us'], [1.234, '1.23ms'], [12.345, '12.3ms'], [850.4, '850ms'],
    [999.7, '1s'], [1500, '1.5s'], [12_340, '12.3s'], [90_000, '1m30s'], [120_000, '2m'], [3_600_000, '1h'],
  ])('%d ms -> %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips through parseDuration', () => {
    for (const ms of [0.5, 7, 250, 1500, 15_000, 90_000]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
