// `zimmer-bench completion bash|zsh|fish` from the built CLI, loaded into the real shell and asked
// what it completes: bash through COMP_WORDS/COMP_CWORD as readline sets them, fish through its own
// `complete -C`, zsh with _arguments/_describe recording the specs they are given (what zsh made of
// the script's quoting). Every command, and for each exactly the options commander knows, so the
// scripts cannot drift from the program. `.ci/run` installs zsh and fish where apt-get works.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../cli/commands/index.js';
import { cleanupAfterEach, runCli } from './cli-harness.js';

const { out } = cleanupAfterEach();

const program = new Command('zimmer-bench');
await registerCommands(program);
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

/** Runs a shell; a missing one fails the test saying how to install it (never a silent skip). */
function shell(name: string, args: string[], cwd: string): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(name, args, { cwd, timeout: 20_000 }, (err, so, se) => {
      if ((err as NodeJS.ErrnoException | null)?.code === 'ENOENT') fail(new Error(`${name} is needed for this test (Debian: apt-get install ${name})`));
      else if (err) fail(new Error(`${err.message}\n${se}`));
      else ok(so);
    });
  });
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
      ['zimmer-bench', 'diagnose', '--fault', 'mi'],
      ['zimmer-bench', 'serve', '--fault', 'pool'],
      ['zimmer-bench', 'phase1', '--preset', 'step'],
    ]);
    expect(got).toEqual([
      ['reports'], ['a.yaml'], ['bash', 'zsh', 'fish'], ['--tolerance'], ['--timeout'], ['diagnose'],
      ['middleware-order', 'missing-index'], ['pool-exhaustion'], ['steps-1-3', 'steps-4-5'],
    ]);
  });

  it('refuses a shell it does not know, exit 2, naming the ones it knows', async () => {
    const r = await runCli(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh, fish/);
  });
});

describe('zimmer-bench completion fish', () => {
  it('completes the commands, and every option of each command as commander knows it', async () => {
    const r = await runCli(['completion', 'fish']);
    expect(r.code, r.stderr).toBe(0);
    const dir = await out();
    const file = join(dir, 'zb.fish');
    await writeFile(file, r.stdout);
    const asks = ['zimmer-bench ', 'zimmer-bench completion ', ...commands.map((c) => `zimmer-bench ${c} -`)];
    const script = `source ${file}\n${asks.map((a) => `complete -C '${a}'; echo '=='`).join('\n')}`;
    const blocks = (await shell('fish', ['--no-config', '-c', script], dir)).split('==\n').map((b) => b.split('\n').filter(Boolean).map((l) => l.split('\t')[0]!));
    expect(blocks[0]!.sort()).toEqual([...commands, 'help'].sort());
    expect(blocks[1]!.sort()).toEqual(['bash', 'fish', 'zsh']);
    commands.forEach((name, i) => {
      expect(blocks[i + 2]!.sort(), name).toEqual(flagsOf(program.commands.find((c) => c.name() === name)!).sort());
    });
  });
});

describe('zimmer-bench completion zsh', () => {
  it('hands _arguments one spec per option of each command, and _describe every command', async () => {
    const r = await runCli(['completion', 'zsh']);
    expect(r.code, r.stderr).toBe(0);
    const dir = await out();
    const file = join(dir, '_zimmer-bench');
    await writeFile(file, r.stdout);
    // Stand-ins for zsh's completion functions print what they are given, one call per block.
    const stubs = [
      'compdef() { print -r -- "compdef $*"; print -r -- "==" }',
      '_describe() { print -rl -- ${(P)${@[-1]}}; print -r -- "==" }',
      '_arguments() { print -rl -- "$@"; print -r -- "==" }',
    ].join('\n');
    const calls = ['words=(zimmer-bench ""); CURRENT=2; _zimmer_bench', ...commands.map((c) => `words=(zimmer-bench ${c} -); CURRENT=3; _zimmer_bench`)];
    const outText = await shell('zsh', ['-f', '-c', `${stubs}\nsource ${file}\n${calls.join('\n')}`], dir);
    const [registered, described, ...perCommand] = outText.split('==\n').map((b) => b.split('\n').filter(Boolean));
    expect(registered).toEqual(['compdef _zimmer_bench zimmer-bench']);
    expect(described!.map((l) => l.split(':')[0])).toEqual([...commands, 'help']);
    commands.forEach((name, i) => {
      const specs = perCommand[i]!.slice(1); // after -s
      const named = specs.flatMap((spec) => {
        const m = /^(?:\*|\([^)]*\))?(?:\{([^}]+)\}|(-[-\w]+))\[/.exec(spec);
        return m ? (m[1] ? m[1].split(',') : [m[2]!]) : [];
      });
      const command = program.commands.find((c) => c.name() === name)!;
      expect(named.sort(), name).toEqual(flagsOf(command).sort());
      expect(specs.filter((spec) => spec.startsWith(':')), name).toHaveLength(command.registeredArguments.length);
    });
    const quick = perCommand[commands.indexOf('quick')]!;
    expect(quick).toContain('--out[folder for the results JSON and markdown report]:out:_files -/');
  });
});

