import { describe, expect, it } from 'vitest';
import { cell, code, table } from '../../cli/render/markdown-format.js';

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
