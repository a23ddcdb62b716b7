// Every subcommand, registered in the order `--help` lists them. Each module exports one
// `register(program)` that adds its command; actions return an exit code or throw a core error.
import type { Command } from 'commander';

type Register = (program: Command) => void;

const registrations: Register[] = [
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
