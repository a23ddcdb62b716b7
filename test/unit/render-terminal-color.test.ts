import { describe, expect, it } from 'vitest';
import { outputWidth, useColor } from '../../cli/commands/color.js';

const tty = { isTTY: true, write: () => true };
const pipe = { isTTY: false, write: () => true };

describe('useColor', () => {
  it('colours a terminal, not a pipe or file', () => {
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
  });

  it('honours NO_COLOR (any non-empty value) and TERM=dumb', () => {
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColor(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('lets FORCE_COLOR switch colour on anywhere, and FORCE_COLOR=0 not', () => {
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '0' })).toBe(false);
  });

  it('turns colour off on a terminal for FORCE_COLOR=0 or false, whatever NO_COLOR says', () => {
    expect(useColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: '0', NO_COLOR: '' })).toBe(false);
  });
});

describe('outputWidth', () => {
  it('takes a terminal\'s columns, and 80 for a pipe or a terminal reporting 0', () => {
    expect(outputWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(outputWidth({ isTTY: true, columns: 0 })).toBe(80);
    expect(outputWidth({ isTTY: false, columns: 200 })).toBe(80);
    expect(outputWidth({})).toBe(80);
  });
});
