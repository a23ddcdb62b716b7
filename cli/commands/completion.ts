// `zimmer-bench completion bash|zsh|fish`: prints a completion script made from this very program's
// commands and options (what --help lists), so the script cannot fall behind a new flag.
import { Argument, type Command, type Option } from 'commander';
import {
  completionScript, SHELLS, type CompletionArgument, type CompletionCommand, type CompletionOption, type CompletionSpec,
  type Shell, type ValueKind,
} from '../render/completion.js';
import { faultNames, presetNames } from '../target/faults.js';

/**
 * Values that are names from a catalogue rather than commander choices (--fault is repeatable,
 * which commander's .choices() cannot collect): completed from the same catalogue the command checks.
 */
const NAMED_VALUES: Readonly<Record<string, () => string[]>> = { '--fault': faultNames, '--preset': presetNames };

/** What a placeholder (`<dir>`, `<file>`, `[file]`, `<shards...>`) completes to. */
function kindOf(placeholder: string, choices: readonly string[] | undefined): ValueKind {
  if (choices?.length) return 'choice';
  if (/\bdir\b|folder/.test(placeholder)) return 'dir';
  return /file|path|results|base|new|shards|scenario/.test(placeholder) ? 'file' : 'any';
}

function optionSpec(o: Option): CompletionOption {
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(o.flags)?.[1] ?? '';
  const choices = o.argChoices ?? NAMED_VALUES[o.long ?? '']?.() ?? [];
  return {
    long: o.long ?? o.short ?? '',
    short: o.long ? o.short ?? null : null,
    value: o.required || o.optional ? kindOf(placeholder, choices) : null,
    choices,
    repeatable: o.variadic || Array.isArray(o.defaultValue),
    description: o.description,
  };
}

function argumentSpec(a: Argument): CompletionArgument {
  return { name: a.name(), value: kindOf(a.name(), a.argChoices), choices: a.argChoices ?? [] };
}

/** The program as completion sees it: visible commands, each with its visible options and arguments. */
export function completionSpec(program: Command): CompletionSpec {
  const help = program.createHelp();
  const commands: CompletionCommand[] = help.visibleCommands(program)
    .filter((c) => c.name() !== 'help')
    .map((c) => ({
      name: c.name(),
      description: c.description(),
      options: c.createHelp().visibleOptions(c).map(optionSpec),
      args: c.registeredArguments.map(argumentSpec),
    }));
  return { program: program.name(), commands, options: help.visibleOptions(program).map(optionSpec) };
}

export function register(program: Command): void {
  program
    .command('completion')
    .addArgument(new Argument('<shell>', 'the shell to complete in').choices(SHELLS))
    .description('print a shell completion script of every command and option (README: "Shell completion")')
    .action((shell: Shell) => {
      process.stdout.write(completionScript(shell, completionSpec(program)));
    });
}
