// The flags that choose what a command measures, defined once for every command that starts a
// target (run, phase1-3, today, diagnose, timeouts, readiness; serve takes --fault too): --target for
// a remote server, or the bundled server's setup (--fault NAME, repeatable).
import { Option, type Command } from 'commander';
import type { TargetChoice } from '../target/start-target.js';
import { presetNames } from '../target/faults.js';

/** The raw flags as commander hands them over. */
export interface RawTargetOptions {
  target?: string;
  fault: string[];
  preset?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--fault <name>`, repeatable, collected in the order given; [] when absent. */
export function faultOption(description = 'bundled server only: start it with this fault (repeatable)'): Option {
  return new Option('--fault <name>', description).argParser(collect).default([]);
}

/** Adds --target and --fault; `what` finishes "... this server instead of the bundled reference server". */
export function addTargetOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--target <url>', `${what} this server instead of the bundled reference server`)
    .addOption(faultOption())
    .option('--preset <name>', `bundled server only: start it in this lab state of the action plan (${presetNames().join(', ')})`);
}

export function targetChoice(raw: RawTargetOptions): TargetChoice {
  return {
    ...(raw.target !== undefined ? { target: raw.target } : {}),
    faults: raw.fault,
    ...(raw.preset !== undefined ? { preset: raw.preset } : {}),
  };
}
