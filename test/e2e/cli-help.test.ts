// `--help` of the program and of every command ends with the exit codes, from cli/exit-codes.ts.
import { describe, expect, it } from 'vitest';
import { exitCodesHelp } from '../../cli/exit-codes.js';
import { runCli } from './cli-harness.js';

describe('zimmer-bench --help', () => {
  it.each([[['--help']], [['run', '--help']], [['help', 'compare']]])('%j ends with the exit codes', async (args) => {
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.endsWith(`${exitCodesHelp()}\n`)).toBe(true);
    expect(r.stdout).toMatch(/^ {2}130 {2}stopped by Ctrl-C/m);
  });
});
