// `zimmer-bench completion bash` from the built CLI, sourced into a real bash and asked what it
// completes (COMP_WORDS/COMP_CWORD, as readline sets them): every command, and for each command
// exactly the options commander knows, so the script cannot drift from the program.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../cli/commands/index.js';
import { cleanupAfterEach, runCli } from './cli-harness.js';

const { out } = cleanupAfterEach();

const program = new Command('zimmer-bench');
registerCommands(program);
const commands = program.commands.map((c) => c.name());
const flagsOf = (c: Command): string[] =>
  c.createHelp().visibleOptions(c).flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f)));

/** What bash completes for each line of words (the last one being completed), one result per line. */
async function complete(script: string, cwd: string, lines: string[][]): Promise<string[][]> {
  const file = join(cwd, 'zb.bash');
  await writeFile(file, script);
  const calls = lines.map((words) =>
    `COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _zimmer_bench; echo "\${COMPREPLY[*]}"`);
  const stdout = await new Promise<string>((ok, fail) => {
    execFile('bash', ['--norc', '--noprofile', '-c', `set -u; source ${file}; complete -p zimmer-bench >&2\n${calls.join('\n')}`], { cwd, timeout: 20_000 },
      (err, so, se) => (err ? fail(new Error(`${err.message}\n${se}`)) : ok(so)));
  });
  return stdout.split('\n').slice(0, lines.length).map((l) => l.split(' ').filter(Boolean));
}

describe('zimmer-bench completion bash', () => {
  it('completes every command, and every option of each command as commander knows it', async () => {
    const r = await runCli(['completion', 'bash']);
    expect(r.code, r.stderr).toBe(0);
    const dir = await out();
    const lines = [['zimmer-bench', ''], ['zimmer-bench', 'ph'], ...commands.map((c) => ['zimmer-bench', c, '-'])];
    const [all, ph, ...perCommand] = await complete(r.stdout, dir, lines);
    expect(all!.slice(0, commands.length + 1)).toEqual([...commands, 'help']);
    expect(all).toEqual(expect.arrayContaining(['-V', '--version', '-h', '--help']));
    expect(commands).toContain('completion');
    expect(ph).toEqual(['phase1', 'phase2', 'phase3']);
    commands.forEach((name, i) => {
      expect(perCommand[i], name).toEqual(flagsOf(program.commands.find((c) => c.name() === name)!));
    });
  });

  it('completes values: folders after --out, the shells, options after a value, the command after help', async () => {
    const r = await runCli(['completion', 'bash']);
    const dir = await out();
    await writeFile(join(dir, 'a.yaml'), '');
    await (await import('node:fs/promises')).mkdir(join(dir, 'reports'));
    const got = await complete(r.stdout, dir, [
      ['zimmer-bench', 'run', '--out', ''],
      ['zimmer-bench', 'run', '--junit', 'a'],
      ['zimmer-bench', 'completion', ''],
      ['zimmer-bench', 'compare', 'a.yaml', '--tol'],
      ['zimmer-bench', 'quick', '-c', '10', '--ti'],
      ['zimmer-bench', 'help', 'dia'],
    ]);
    expect(got).toEqual([['reports'], ['a.yaml'], ['bash', 'zsh', 'fish'], ['--tolerance'], ['--timeout'], ['diagnose']]);
  });

  it('refuses a shell it does not know, exit 2, naming the ones it knows', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh, fish/);
  });
});
