// Shell completion scripts (bash, zsh, fish) from a plain description of the commands and their
// options, which `completion` reads off the commander program: a new command or flag completes
// without anyone editing a script. Pure: spec in, script text out.

/** What a value completes to: a folder, a file, one of a few words, or anything (nothing offered). */
export type ValueKind = 'dir' | 'file' | 'choice' | 'any';

export interface CompletionOption {
  long: string;
  short: string | null;
  /** null: a flag without a value. */
  value: ValueKind | null;
  choices: string[];
  /** May be given more than once (--fault a --fault b). */
  repeatable: boolean;
  description: string;
}

export interface CompletionArgument {
  name: string;
  value: ValueKind;
  choices: string[];
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  args: CompletionArgument[];
}

export interface CompletionSpec {
  program: string;
  commands: CompletionCommand[];
  /** Options of the program itself (--help, --version). */
  options: CompletionOption[];
}

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const fn = (spec: CompletionSpec): string => `_${spec.program.replace(/[^A-Za-z0-9]/g, '_')}`;
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
const flagsOf = (options: CompletionOption[]): string[] => options.flatMap((o) => (o.short ? [o.short, o.long] : [o.long]));
const sq = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

function bashCase(c: CompletionCommand): string {
  const valued = c.options.filter((o) => o.value !== null);
  // One line per reply: the options whose value completes the same way share it.
  const byReply = new Map<string, string[]>();
  for (const o of valued) {
    const reply = o.value === 'dir' ? 'compgen -d -- "$cur"' : o.value === 'file' ? 'compgen -f -- "$cur"'
      : o.value === 'choice' ? `compgen -W ${sq(o.choices.join(' '))} -- "$cur"` : '';
    byReply.set(reply, [...(byReply.get(reply) ?? []), ...(o.short ? [o.short, o.long] : [o.long])]);
  }
  const prevCases = [...byReply].map(([reply, flags]) => `        ${flags.join('|')}) ${reply ? `COMPREPLY=($(${reply})); ` : ''}return ;;`);
  const choiceArg = c.args.find((a) => a.value === 'choice');
  const words = choiceArg ? `      [[ $cur != -* ]] && { COMPREPLY=($(compgen -W ${sq(choiceArg.choices.join(' '))} -- "$cur")); return; }\n` : '';
  return [
    `    ${c.name})`,
    ...(prevCases.length ? ['      case $prev in', ...prevCases, '      esac'] : []),
    `${words}      opts=${sq(flagsOf(c.options).join(' '))} ;;`,
  ].join('\n');
}

export function bashCompletion(spec: CompletionSpec): string {
  const names = spec.commands.map((c) => c.name);
  return `# bash completion for ${spec.program} (made by \`${spec.program} completion bash\`)
${fn(spec)}() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd= opts= i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in -*) ;; *) cmd=\${COMP_WORDS[i]}; break ;; esac
  done
  case $cmd in
    '') COMPREPLY=($(compgen -W ${sq([...names, 'help', ...flagsOf(spec.options)].join(' '))} -- "$cur")); return ;;
    help) COMPREPLY=($(compgen -W ${sq(names.join(' '))} -- "$cur")); return ;;
${spec.commands.map(bashCase).join('\n')}
  esac
  # An option, or else what readline offers by default (file names).
  [[ $cur == -* ]] && COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o default -F ${fn(spec)} ${spec.program}
`;
}

/** zsh's _arguments reads [ ] and : in a spec: descriptions are kept out of its way. */
const zshText = (text: string): string => oneLine(text).replace(/\[/g, '(').replace(/\]/g, ')').replace(/:/g, '\\:');
const zshAction = (value: ValueKind, choices: string[]): string =>
  value === 'dir' ? '_files -/' : value === 'file' ? '_files' : value === 'choice' ? `(${choices.join(' ')})` : ' ';

function zshOption(o: CompletionOption): string {
  const desc = `[${zshText(o.description)}]`;
  const value = o.value ? `:${o.long.slice(2)}:${zshAction(o.value, o.choices)}` : '';
  const star = o.repeatable ? '*' : '';
  if (!o.short) return `      ${sq(`${star}${o.long}${desc}${value}`)}`;
  return `      ${sq(`${o.repeatable ? '*' : `(${o.short} ${o.long})`}`)}{${o.short},${o.long}}${sq(`${desc}${value}`)}`;
}

export function zshCompletion(spec: CompletionSpec): string {
  const described = [...spec.commands, { name: 'help', description: 'display help for command' }]
    .map((c) => `    ${sq(`${c.name.replace(/:/g, '\\:')}:${oneLine(c.description)}`)}`);
  const cases = spec.commands.map((c) => [
    `    ${c.name}) args=(`,
    ...c.options.map(zshOption),
    ...c.args.map((a) => `      ${sq(`:${a.name}:${zshAction(a.value, a.choices)}`)}`),
    '    ) ;;',
  ].join('\n'));
  return `#compdef ${spec.program}
# zsh completion for ${spec.program} (made by \`${spec.program} completion zsh\`)
${fn(spec)}() {
  local -a commands args
  commands=(
${described.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe -t commands '${spec.program} command' commands
    return
  fi
  case \${words[2]} in
    help) _describe -t commands '${spec.program} command' commands; return ;;
${cases.join('\n')}
  esac
  shift words; (( CURRENT-- ))
  _arguments -s $args
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then ${fn(spec)} "$@"; else compdef ${fn(spec)} ${spec.program}; fi
`;
}

const fishText = (text: string): string => `'${oneLine(text).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishValue(value: ValueKind, choices: string[]): string {
  if (value === 'dir') return " -x -a '(__fish_complete_directories)'";
  if (value === 'file') return ' -r -F';
  return value === 'choice' ? ` -x -a ${fishText(choices.join(' '))}` : ' -x';
}

export function fishCompletion(spec: CompletionSpec): string {
  const p = spec.program;
  const lines = [`# fish completion for ${p} (made by \`${p} completion fish\`)`, `complete -c ${p} -f`];
  for (const c of [...spec.commands, { name: 'help', description: 'display help for command', options: [], args: [] }]) {
    lines.push(`complete -c ${p} -n __fish_use_subcommand -a ${c.name} -d ${fishText(c.description)}`);
  }
  lines.push(`complete -c ${p} -n '__fish_seen_subcommand_from help' -a ${fishText(spec.commands.map((c) => c.name).join(' '))}`);
  for (const c of spec.commands) {
    const when = `-n '__fish_seen_subcommand_from ${c.name}'`;
    for (const o of c.options) {
      const short = o.short ? ` -s ${o.short.slice(1)}` : '';
      lines.push(`complete -c ${p} ${when}${short} -l ${o.long.slice(2)}${o.value ? fishValue(o.value, o.choices) : ''} -d ${fishText(o.description)}`);
    }
    for (const a of c.args) {
      if (a.value === 'file' || a.value === 'dir') lines.push(`complete -c ${p} ${when} -F`);
      if (a.value === 'choice') lines.push(`complete -c ${p} ${when} -a ${fishText(a.choices.join(' '))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  if (shell === 'bash') return bashCompletion(spec);
  return shell === 'zsh' ? zshCompletion(spec) : fishCompletion(spec);
}
