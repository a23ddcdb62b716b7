// Every subcommand, in the order `--help` lists them. Each module exports one `register(program)`
// that adds its command(s); actions return an exit code or throw a core error. A module is imported
// only when it is needed: the command named on the command line alone, every one for the program's
// help, an unknown name or `completion` (test/unit/commands-registry.test.ts checks the names).
import type { Command } from 'commander';

type Register = (program: Command) => void;

export interface CommandModule {
  /** The commands its register() adds. */
  names: readonly string[];
  load(): Promise<{ register: Register }>;
}

export const COMMAND_MODULES: readonly CommandModule[] = [
  { names: ['init'], load: () => import('./init.js') },
  { names: ['today', 'phase1', 'phase2', 'phase3'], load: () => import('./phase.js') },
  { names: ['run'], load: () => import('./run.js') },
  { names: ['quick'], load: () => import('./quick.js') },
  { names: ['report'], load: () => import('./report.js') },
  { names: ['merge'], load: () => import('./merge.js') },
  { names: ['compare'], load: () => import('./compare.js') },
  { names: ['diagnose'], load: () => import('./diagnose.js') },
  { names: ['readiness'], load: () => import('./readiness.js') },
  { names: ['plan'], load: () => import('./plan.js') },
  { names: ['serve'], load: () => import('./serve.js') },
  { names: ['timeouts'], load: () => import('./timeouts.js') },
  { names: ['validate'], load: () => import('./validate.js') },
  { names: ['completion'], load: () => import('./completion.js') },
];

/** The modules `args` (the arguments after the program's own) need: the named command's, or all. */
export function modulesFor(args: readonly string[]): readonly CommandModule[] {
  const name = args.find((a) => !a.startsWith('-'));
  const one = COMMAND_MODULES.find((m) => name !== undefined && name !== 'completion' && m.names.includes(name));
  return one ? [one] : COMMAND_MODULES;
}

export async function registerCommands(program: Command, args: readonly string[] = []): Promise<void> {
  // One after another: the modules share imports (some of them cyclic), and concurrent dynamic
  // imports of such modules were seen to wait on each other forever under vitest's module runner.
  for (const m of modulesFor(args)) (await m.load()).register(program);
}
