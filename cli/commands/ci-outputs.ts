// The files CI reads after a command: JUnit XML (--junit FILE) and, on GitHub Actions, the compact
// summary appended to $GITHUB_STEP_SUMMARY. run, phase, report and readiness all write them here;
// the renderers only make the text.
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { renderJUnit } from '../render/junit.js';
import { renderStepSummary } from '../render/step-summary.js';
import { appendToFile, prepareFile, writeFileMakingFolder } from './output-files.js';

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

/** The texts of the CI files, rendered only when asked for. */
export interface CiTexts {
  junit: () => string;
  stepSummary: () => string;
}

/**
 * Checks before a run that the --junit file can be written, so a typo costs no measurement.
 * Creates the folder if needed; throws a UsageError (exit 2) naming the path otherwise.
 */
export async function checkCiOutputs(options: CiOutputOptions): Promise<void> {
  if (options.junit) await prepareFile(options.junit, '--junit', 'reports/junit.xml');
}

/**
 * Writes the CI files. Never throws: a verdict must not be lost because a CI file could not be
 * written, so failures come back as `problems` for the caller to print.
 */
export async function writeCiTexts(texts: CiTexts, options: CiOutputOptions = {}): Promise<CiOutputs> {
  const out: CiOutputs = { junit: null, stepSummary: null, problems: [] };
  if (options.junit) {
    try {
      await writeFileMakingFolder(options.junit, texts.junit());
      out.junit = options.junit;
    } catch (err) {
      out.problems.push(`JUnit file ${options.junit} not written: ${(err as Error).message}`);
    }
  }
  const summaryFile = (options.env ?? process.env).GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    try {
      await appendToFile(summaryFile, `${texts.stepSummary()}\n`);
      out.stepSummary = summaryFile;
    } catch (err) {
      out.problems.push(`step summary ${summaryFile} not written: ${(err as Error).message}`);
    }
  }
  return out;
}

/** The CI files of a judged run. */
export function writeCiOutputs(result: RunResult, evaluation: Evaluation, options: CiOutputOptions = {}): Promise<CiOutputs> {
  return writeCiTexts({
    junit: () => renderJUnit(result, evaluation),
    stepSummary: () => renderStepSummary(result, evaluation),
  }, options);
}
