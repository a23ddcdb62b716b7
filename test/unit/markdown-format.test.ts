import { describe, expect, it } from 'vitest';
import {
  cell, code, formatCount, formatLatency, formatLimit, formatMetricValue, formatMs, formatPercent, table,
} from '../../cli/render/markdown-format.js';

describe('formatMs', () => {
  it.each([
    [0, '0 ms'], [0.042, '0.04 ms'], [4.2, '4.2 ms'], [42.16, '42.2 ms'], [421.6, '422 ms'],
    [1000, '1 s'], [1234, '1.23 s'], [10_002.4, '10 s'], [123_456, '123 s'], [null, '—'], [Number.NaN, '—'],
  ])('%s ms -> %s', (ms, text) => expect(formatMs(ms)).toBe(text));

  it('marks a lower bound, but never a missing value', () => {
    expect(formatLatency(10_000, true)).toBe('>= 10 s');
    expect(formatLatency(null, true)).toBe('—');
  });
});

describe('formatPercent and counts', () => {
  it.each([[0, '0%'], [0.0123, '1.23%'], [0.1, '10%'], [0.00001, '< 0.01%'], [1, '100%']])(
    '%s -> %s', (f, text) => expect(formatPercent(f)).toBe(text),
  );

  it('groups thousands without depending on the locale', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1200)).toBe('-1,200');
  });
});

describe('targets in words', () => {
  it('formats each metric in its own unit', () => {
    expect(formatMetricValue('p95', 1500)).toBe('1.5 s');
    expect(formatMetricValue('error_rate', 0.05)).toBe('5%');
    expect(formatMetricValue('rps', 52.25)).toBe('52.3 req/s');
    expect(formatMetricValue('timeouts', 3)).toBe('3');
    expect(formatLimit({ metric: 'p95', op: '<', value: 200 })).toBe('< 200 ms');
    expect(formatLimit({ metric: 'rps', op: '>', value: 100 })).toBe('> 100 req/s');
  });
});

describe('markdown escaping', () => {
  it('escapes pipes and flattens newlines in cells', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });

  it('keeps backticks inside inline code', () => {
    expect(code('a`b')).toBe('``a`b``');
    expect(code('`x')).toBe('`` `x ``');
  });

  it('builds a table whose rows all have the header\'s column count', () => {
    const t = table(['a', 'b'], [['x|y', '1']], ['l', 'r']);
    expect(t).toBe('| a | b |\n| --- | ---: |\n| x\\|y | 1 |');
  });
});
