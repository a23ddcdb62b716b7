// The completion renderers on a small spec: what each shell is told about commands, options and
// values, and the quoting that keeps a description from breaking the script. (bash is run for
// real against the built CLI in test/e2e/completion-cli.test.ts.)
import { describe, expect, it } from 'vitest';
import { bashCompletion, fishCompletion, zshCompletion, type CompletionSpec } from '../../cli/render/completion.js';

const spec: CompletionSpec = {
  program: 'zb',
  options: [{ long: '--help', short: '-h', value: null, choices: [], repeatable: false, description: 'help' }],
  commands: [{
    name: 'run',
    description: "run a scenario: it's [fast]",
    options: [
      { long: '--out', short: null, value: 'dir', choices: [], repeatable: false, description: 'folder [reports]' },
      { long: '--fault', short: null, value: 'any', choices: [], repeatable: true, description: 'a fault: repeatable' },
      { long: '--connections', short: '-c', value: 'any', choices: [], repeatable: false, description: "it's n" },
      { long: '--json', short: null, value: null, choices: [], repeatable: false, description: 'JSON' },
    ],
    args: [{ name: 'scenario', value: 'file', choices: [] }],
  }, {
    name: 'completion',
    description: 'print a script',
    options: [],
    args: [{ name: 'shell', value: 'choice', choices: ['bash', 'zsh', 'fish'] }],
  }],
};

describe('completion scripts', () => {
  it('bash: a case per command, folders after --out, the choices of an argument, quotes escaped', () => {
    const s = bashCompletion(spec);
    expect(s).toContain("'') COMPREPLY=($(compgen -W 'run completion help -h --help' -- \"$cur\")); return ;;");
    expect(s).toContain('        --out) COMPREPLY=($(compgen -d -- "$cur")); return ;;');
    expect(s).toContain('        --fault|-c|--connections) return ;;');
    expect(s).toContain("      opts='--out --fault -c --connections --json' ;;");
    expect(s).toContain("compgen -W 'bash zsh fish'");
    expect(s.trimEnd().split('\n').at(-1)).toBe('complete -o default -F _zb zb');
  });

  it('zsh: _arguments specs with brackets and colons of descriptions kept out of the syntax', () => {
    const s = zshCompletion(spec);
    expect(s.startsWith('#compdef zb\n')).toBe(true);
    expect(s).toContain(`    'run:run a scenario: it'\\''s [fast]'`);
    expect(s).toContain("      '--out[folder (reports)]:out:_files -/'");
    expect(s).toContain("      '*--fault[a fault\\: repeatable]:fault: '");
    expect(s).toContain(`      '(-c --connections)'{-c,--connections}'[it'\\''s n]:connections: '`);
    expect(s).toContain("      ':scenario:_files'");
    expect(s).toContain("      ':shell:(bash zsh fish)'");
    expect(s).toContain('compdef _zb zb');
  });

  it('fish: one line per command and option, conditioned on the subcommand', () => {
    const s = fishCompletion(spec);
    expect(s).toContain("complete -c zb -n __fish_use_subcommand -a run -d 'run a scenario: it\\'s [fast]'");
    expect(s).toContain("complete -c zb -n '__fish_seen_subcommand_from run' -l out -x -a '(__fish_complete_directories)' -d 'folder [reports]'");
    expect(s).toContain("complete -c zb -n '__fish_seen_subcommand_from run' -s c -l connections -x -d 'it\\'s n'");
    expect(s).toContain("complete -c zb -n '__fish_seen_subcommand_from run' -l json -d 'JSON'");
    expect(s).toContain("complete -c zb -n '__fish_seen_subcommand_from run' -F");
    expect(s).toContain("complete -c zb -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
  });
});
