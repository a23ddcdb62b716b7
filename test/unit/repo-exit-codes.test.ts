// The exit codes are defined once (cli/exit-codes.ts): the README's table and `--help` are made
// from, or checked against, that one list, so a new code cannot be documented in one place only.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, EXIT_CODES, exitCodesHelp } from '../../cli/exit-codes.js';
import { PACKAGE_ROOT } from '../../cli/version.js';

describe('exit codes', () => {
  it('the README table lists every code with its meaning, in the same order', async () => {
    const readme = await readFile(join(PACKAGE_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Exit codes'), readme.indexOf('\n## ', readme.indexOf('## Exit codes') + 1));
    const rows = [...section.matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => ({ code: Number(m[1]), meaning: m[2] }));
    expect(rows).toEqual(EXIT_CODES.map(({ code, meaning }) => ({ code, meaning })));
  });

  it('--help text names each code once, by number, and EXIT maps names to the same numbers', () => {
    const help = exitCodesHelp();
    expect(help.startsWith('\nExit codes:\n')).toBe(true);
    for (const e of EXIT_CODES) {
      expect(help).toContain(`${String(e.code).padEnd(3)}  ${e.meaning}`);
      expect(EXIT[e.name]).toBe(e.code);
    }
    expect(new Set(EXIT_CODES.map((e) => e.code)).size).toBe(EXIT_CODES.length);
  });
});
