// Every subcommand, registered in the order `--help` lists them. Each module exports one
// `register(program)` that adds its command; actions return an exit code or throw a core error.
import type { Command } from 'commander';
import { register as compare } from './compare.js';
import { register as completion } from './completion.js';
import { register as diagnose } from './diagnose.js';
import { register as merge } from './merge.js';
import { register as init } from './init.js';
import { register as phases } from './phase.js';
import { register as plan } from './plan.js';
import { register as readiness } from './readiness.js';
import { register as quick } from './quick.js';
import { register as report } from './report.js';
import { register as run } from './run.js';
import { register as serve } from './serve.js';
import { register as timeouts } from './timeouts.js';
import { register as validate } from './validate.js';

type Register = (program: Command) => void;

const registrations: Register[] = [
  init,
  phases,
  run,
  quick,
  report,
  merge,
  compare,
  diagnose,
  readiness,
  plan,
  serve,
  timeouts,
  validate,
  completion,
];

export function registerCommands(program: Command): void {
  for (const register of registrations) register(program);
}
