import { describe, expect, it } from 'vitest';
import { parseDuration, parsePercent } from '../../cli/plan/units.js';
import { UsageError } from '../../cli/core/errors.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500], ['10s', 10_000], ['1m', 60_000], ['1m30s', 90_000], ['1.5s', 1500],
    ['250us', 0.25], ['2h', 7_200_000], [' 3s ', 3000], ['0s', 0],
  ])('%s -> %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('takes a number as milliseconds', () => expect(parseDuration(750)).toBe(750));

  it.each(['10', '10 s', 's', '', '-1s', '1x', '1.s', 'ms10'])('rejects %j with a UsageError and a hint', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
    expect(() => parseDuration(text)).toThrow(/500ms|add a unit/);
  });

  it('suggests a unit for a bare number string', () => {
    expect(() => parseDuration('10')).toThrow('add a unit, e.g. 10ms or 10s');
  });

  it('rejects negative and non-finite numbers', () => {
    expect(() => parseDuration(-5)).toThrow(UsageError);
    expect(() => parseDuration(Number.NaN)).toThrow(UsageError);
  });
});

describe('parsePercent', () => {
  it.each([['1%', 0.01], ['0.5%', 0.005], ['100%', 1], ['0.01', 0.01], [0.2, 0.2], ['0%', 0]])(
    '%s -> %d', (text, v) => expect(parsePercent(text)).toBeCloseTo(v, 12));

  it.each(['5', '150%', 'abc', '-1%', ''])('rejects %j', (text) => {
    expect(() => parsePercent(text)).toThrow(/percentage/);
  });
});
