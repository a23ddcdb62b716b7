#!/usr/bin/env node
// The one place that turns what the core returned or threw into a message and an exit code.
import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands/index.js';
import { EXIT, exitCodeFor, exitCodesHelp } from './exit-codes.js';
import { ScenarioError } from './core/errors.js';
import { VERSION } from './version.js';

async function buildProgram(argv: string[]): Promise<Command> {
  const program = new Command('zimmer-bench')
    .description('Finds out why HTTP endpoints time out, and proves when they no longer do.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .option('--no-color', 'no ANSI colours in the output (as NO_COLOR=1 or FORCE_COLOR=0)')
    .addHelpText('afterAll', exitCodesHelp())
    .exitOverride();
  // --no-color becomes FORCE_COLOR=0 for this process and its children, so one rule (commands/color.ts) decides.
  program.hook('preAction', () => {
    if (program.opts<{ color?: boolean }>().color === false) process.env.FORCE_COLOR = '0';
  });
  // Only the named command's module is loaded (all of them for the program's help).
  await registerCommands(program, argv.slice(2));
  // Subcommands inherit exitOverride so their usage errors reach the handler below.
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (or the help text).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT.OK;
    }
    return EXIT.USAGE;
  }
  if (err instanceof ScenarioError) {
    // Every problem on its own line: file:line:col: path: message (hint).
    process.stderr.write(`zimmer-bench: ${err.problems.length} problem(s) in the scenario:\n${err.message}\n`);
  } else if (err instanceof Error) {
    process.stderr.write(`zimmer-bench: ${err.message}\n`);
    if (exitCodeFor(err) === EXIT.INTERNAL && process.env.ZIMMER_DEBUG) process.stderr.write(`${err.stack}\n`);
  } else {
    process.stderr.write(`zimmer-bench: ${String(err)}\n`);
  }
  return exitCodeFor(err);
}

// A reader that goes away (`zimmer-bench ... | head`, on stdout or stderr) is not the run's
// failure: what is left to print is dropped, and the command goes on, so the files it writes are
// still written and the exit code is the run's.
function ignoreClosedReader(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

async function main(argv: string[]): Promise<void> {
  ignoreClosedReader(process.stdout);
  ignoreClosedReader(process.stderr);
  try {
    await (await buildProgram(argv)).parseAsync(argv);
  } catch (err) {
    process.exitCode = report(err);
  }
}

void main(process.argv);
