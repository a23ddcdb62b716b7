// Why a set of result files cannot be merged into one run: every problem is collected, each naming
// the file it is about and what to do. Plain data; the command turns them into exit 2.
import { decodeHistogram } from './summarize.js';
import type { RunResult } from './types.js';
import type { HistogramSettings, ShardStanza } from './shard-types.js';

export interface ShardFile {
  /** Path as given on the command line. */
  file: string;
  result: RunResult;
}

export interface MergeProblem {
  /** The file the problem is about, or null when it is about a shard that was not given. */
  file: string | null;
  message: string;
}

/** A shard file whose stanza has been checked to exist. */
export type CheckedShard = ShardFile & { shard: ShardStanza };

const settingsText = (h: HistogramSettings) =>
  `${h.digits} digits, timeline ${h.timelineDigits} digits per ${h.timelineIntervalMs} ms`;

/** Every reason these files are not the shards of one run; empty when they can be merged. */
export function mergeProblems(files: readonly ShardFile[]): MergeProblem[] {
  const problems: MergeProblem[] = [];
  const shards: CheckedShard[] = [];
  for (const f of files) {
    if (f.result.shard) shards.push({ ...f, shard: f.result.shard });
    else if (f.result.merged) problems.push({ file: f.file, message: 'is already a merged result: pass the shard files it was merged from' });
    else problems.push({ file: f.file, message: 'is not a shard result (no "shard" stanza): pass the files that runs with --shard I/N wrote' });
  }
  const first = shards[0];
  if (!first) return problems;
  const count = first.shard.count;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const { index } = s.shard;
    if (s.shard.count !== count) {
      problems.push({ file: s.file, message: `is shard ${index}/${s.shard.count}, but ${first.file} is one of ${count}: pass the shards of one run` });
      continue;
    }
    if (s.shard.digest !== first.shard.digest) {
      problems.push({
        file: s.file,
        message: `is a shard of another scenario or load ("${s.result.scenario.name}", digest ${s.shard.digest.slice(0, 12)}) `
          + `than ${first.file} ("${first.result.scenario.name}", digest ${first.shard.digest.slice(0, 12)}): merge only shards of one run`,
      });
    }
    if (settingsText(s.shard.histograms) !== settingsText(first.shard.histograms)) {
      problems.push({
        file: s.file,
        message: `recorded its histograms with other settings (${settingsText(s.shard.histograms)}) than ${first.file} `
          + `(${settingsText(first.shard.histograms)}): run every shard with the same zimmer-bench version`,
      });
    }
    problems.push(...histogramProblems(s));
    if (index >= count) {
      problems.push({ file: s.file, message: `has shard index ${index}, outside 0..${count - 1}: pass the shards of one run` });
    } else if (seen.has(index)) {
      problems.push({ file: s.file, message: `is shard ${index}/${count} again (also ${seen.get(index)}): pass each shard once` });
    } else {
      seen.set(index, s.file);
    }
  }
  for (let i = 0; i < count; i++) {
    if (!seen.has(i)) problems.push({ file: null, message: `shard ${i}/${count} is missing: pass all ${count} shard files of the run` });
  }
  problems.push(...overlapProblems(shards));
  return problems;
}

/** Histograms whose recorded precision disagrees with what the stanza says (or that cannot be read). */
function histogramProblems(s: CheckedShard): MergeProblem[] {
  const want = s.shard.histograms;
  const problems: MergeProblem[] = [];
  const check = (encoded: string | undefined, digits: number, where: string) => {
    if (encoded === undefined) {
      problems.push({ file: s.file, message: `${where} has no histogram (written by an older zimmer-bench): run the shard again` });
      return false;
    }
    if (encoded === '') return true;
    let found: number;
    try {
      found = decodeHistogram(encoded).numberOfSignificantValueDigits;
    } catch (err) {
      problems.push({ file: s.file, message: `${where}: histogram cannot be read (${(err as Error).message}): restore the file` });
      return false;
    }
    if (found === digits) return true;
    problems.push({ file: s.file, message: `${where}: histogram recorded with ${found} digits, not ${digits}: run every shard with the same settings` });
    return false;
  };
  for (const e of s.result.endpoints) if (!check(e.histogram, want.digits, `endpoint ${e.name}`)) return problems;
  // Every interval was written by the same recorder: each must have a histogram, and the first
  // one's precision stands for all (decoding each here would double the merge's cost).
  const missing = s.result.timeline.find((p) => p.histogram === undefined);
  if (missing) check(undefined, want.timelineDigits, `timeline second ${missing.second}`);
  else if (s.result.timeline[0]) check(s.result.timeline[0].histogram, want.timelineDigits, 'timeline second 0');
  return problems;
}

export function windowOf(s: CheckedShard): { start: number; end: number } {
  const start = Date.parse(s.shard.clock.windowStartedAt);
  return { start, end: start + s.result.measuredMs };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The measured windows must share an instant: otherwise the shards were not one load. */
function overlapProblems(shards: readonly CheckedShard[]): MergeProblem[] {
  const windows = shards.map((s) => ({ s, ...windowOf(s) }));
  const bad = windows.filter((w) => !Number.isFinite(w.start));
  if (bad.length) {
    return bad.map((w) => ({ file: w.s.file, message: `shard.clock.windowStartedAt "${w.s.shard.clock.windowStartedAt}" is not a time: restore the file` }));
  }
  const latest = windows.reduce((a, b) => (b.start > a.start ? b : a));
  const earliestEnd = windows.reduce((a, b) => (b.end < a.end ? b : a));
  if (earliestEnd.end > latest.start) return [];
  return [{
    file: latest.s.file,
    message: `measured from ${iso(latest.start)}, after ${earliestEnd.s.file} had ended (${iso(earliestEnd.end)}): `
      + 'the windows do not overlap; start every shard together with --start-at',
  }];
}
