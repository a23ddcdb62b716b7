// The files CI reads after a run: JUnit XML (--junit FILE) and, on GitHub Actions, the compact
// summary appended to $GITHUB_STEP_SUMMARY. run, phase and report all call writeCiOutputs().
import { access, appendFile, constants, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { renderJUnit } from './junit.js';
import { renderStepSummary } from './step-summary.js';

export interface CiOutputOptions {
  /** Path of the JUnit XML file to write, if asked for. */
  junit?: string;
  /** Where to look for GITHUB_STEP_SUMMARY (process.env unless given). */
  env?: NodeJS.ProcessEnv;
}

export interface CiOutputs {
  junit: string | null;
  stepSummary: string | null;
  /** One line per output that could not be written; the caller reports them (nothing is thrown). */
  problems: string[];
}

/**
 * Checks before a run that the --junit file can be written, so a typo costs no measurement.
 * Creates the folder if needed; throws a UsageError (exit 2) naming the path otherwise.
 */
export async function checkCiOutputs(options: CiOutputOptions): Promise<void> {
  if (!options.junit) return;
  const dir = dirname(options.junit);
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`--junit: cannot write to folder "${dir}" (${why}): pick a writable path, e.g. --junit reports/junit.xml`);
  }
}

/**
 * Writes the CI outputs of a judged run. Never throws: a run's verdict must not be lost because a
 * CI file could not be written, so failures come back as `problems` for the caller to print.
 */
export async function writeCiOutputs(result: RunResult, evaluation: Evaluation, options: CiOutputOptions = {}): Promise<CiOutputs> {
  const out: CiOutputs = { junit: null, stepSummary: null, problems: [] };
  if (options.junit) {
    try {
      await mkdir(dirname(options.junit), { recursive: true });
      await writeFile(options.junit, renderJUnit(result, evaluation));
      out.junit = options.junit;
    } catch (err) {
      out.problems.push(`JUnit file ${options.junit} not written: ${(err as Error).message}`);
    }
  }
  const summaryFile = (options.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      // Appended, not written: earlier steps of the same job may have added their own summaries.
      await appendFile(summaryFile, `${renderStepSummary(result, evaluation)}\n`);
      out.stepSummary = summaryFile;
    } catch (err) {
      out.problems.push(`step summary ${summaryFile} not written: ${(err as Error).message}`);
    }
  }
  return out;
}
