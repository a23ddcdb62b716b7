// The heap limit this process runs with, and how full its old generation is. V8 reports only
// heap_size_limit (old generation plus room for the young one); an out-of-memory crash comes when
// the OLD generation reaches --max-old-space-size, so that flag, when given, is the limit to use.
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

const FLAG = /^--max[-_]old[-_]space[-_]size=(\d+)$/;

/** The --max-old-space-size (MB) given on the command line or in NODE_OPTIONS, if any. */
export function maxOldSpaceFlagMb(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): number | null {
  let mb: number | null = null;
  // NODE_OPTIONS is applied first; the command line wins.
  for (const arg of [...nodeOptions.split(/\s+/), ...execArgv]) {
    const m = FLAG.exec(arg);
    if (m) mb = Number(m[1]);
  }
  return mb;
}

export function oldGenerationLimitBytes(): number {
  const mb = maxOldSpaceFlagMb();
  return mb !== null ? mb * 2 ** 20 : getHeapStatistics().heap_size_limit;
}

/** Bytes used by everything but the young generation (what a major GC keeps when it is live). */
export function oldGenerationUsedBytes(): number {
  return getHeapSpaceStatistics()
    .filter((s) => !s.space_name.startsWith('new_'))
    .reduce((n, s) => n + s.space_used_size, 0);
}
