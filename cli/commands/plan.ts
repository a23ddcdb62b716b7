// `zimmer-bench plan`: replays the customer's action plan on the bundled server's lab states. For
// each milestone it measures the daily check and the milestone's gate (and readiness for the last),
// prints milestone | plan expects | measured | verdict, and writes the same table with per-endpoint
// detail as a markdown report. Exit 0 when every expectation holds, 1 when one does not, 3 when none
// failed but one could not be judged (a run the busy machine made invalid), 130 on Ctrl-C.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { formatDuration } from '../core/format.js';
import { EXIT } from '../exit-codes.js';
import { renderReplayMarkdown, renderReplayTerminal } from '../render/replay.js';
import { replayExit } from '../replay/judge.js';
import { MILESTONES, milestoneNames } from '../replay/milestones.js';
import { runReplay } from '../replay/run-replay.js';
import { DAILY_DEFAULT_DURATION_MS } from '../plan/daily-load.js';
import { parseDurationFlag } from './duration-flag.js';
import { onInterrupt } from './interrupt.js';
import { outputBase, prepareOutDir } from './output-files.js';

interface RawOptions {
  milestones?: string;
  duration: string;
  dailyDuration: string;
  out: string;
  quiet?: boolean;
}

export const PLAN_DEFAULT_DURATION = '5s';

export function register(program: Command): void {
  program
    .command('plan')
    .description('replay the action plan: each milestone\'s lab state measured against what the plan expects')
    .option('--milestones <list>', `comma-separated presets to replay (default all: ${milestoneNames().join(',')})`)
    .option('--duration <time>', 'measured window of each gate and readiness run', PLAN_DEFAULT_DURATION)
    // The daily check's own window: a shorter one can end before a pool or queue fills, and so
    // call a state resolved that users would see time out.
    .option('--daily-duration <time>', 'measured window of each daily check (the timeouts command\'s own default)', `${DAILY_DEFAULT_DURATION_MS / 1000}s`)
    .option('--out <dir>', 'folder for the markdown report plan-<stamp>.md', 'reports')
    .option('--quiet', 'no progress lines')
    .action(async (raw: RawOptions) => {
      process.exitCode = await plan(raw);
    });
}

function pick(list: string | undefined) {
  if (list === undefined) return MILESTONES;
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !milestoneNames().includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new UsageError(`--milestones: ${unknown.length ? `unknown ${unknown.map((u) => `"${u}"`).join(', ')}` : 'empty'}; choose from ${milestoneNames().join(', ')}`);
  }
  return MILESTONES.filter((m) => names.includes(m.preset));
}

async function plan(raw: RawOptions): Promise<number> {
  const milestones = pick(raw.milestones);
  const durationMs = parseDurationFlag('--duration', raw.duration, { atLeastMs: 1000, purpose: 'to measure a milestone', example: '5s' });
  const dailyDurationMs = parseDurationFlag('--daily-duration', raw.dailyDuration, { atLeastMs: 1000, purpose: 'to judge the endpoints', example: '15s' });
  const outDir = await prepareOutDir(raw.out);
  const interrupt = onInterrupt(() => process.stderr.write('zimmer-bench: stopping after the current run; reporting what was measured\n'));
  const t0 = performance.now();
  try {
    const verdicts = await runReplay({
      milestones, durationMs, dailyDurationMs, signal: interrupt.signal,
      onStep: raw.quiet ? undefined : (s) => process.stderr.write(`plan: ${s}\n`),
    });
    const context = `${verdicts.length} milestone(s) on the bundled server's lab states, ${formatDuration(durationMs)} per gate run, `
      + `${formatDuration(dailyDurationMs)} per daily check, `
      + `in ${formatDuration(performance.now() - t0)} (${new Date().toISOString()})`;
    const file = join(outDir, `${outputBase('plan', new Date())}.md`);
    await writeFile(file, renderReplayMarkdown(verdicts, context));
    process.stdout.write(`${renderReplayTerminal(verdicts, context)}report: ${file}\n`);
    if (interrupt.signal.aborted) return EXIT.INTERRUPTED;
    const code = replayExit(verdicts);
    return code === 0 ? EXIT.OK : code === 1 ? EXIT.TARGET_MISSED : EXIT.UNREACHABLE_OR_INVALID;
  } finally {
    interrupt.dispose();
  }
}
