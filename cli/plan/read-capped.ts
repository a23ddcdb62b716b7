// Reads an input file only up to a size limit, so a huge (or endless: /dev/zero, a pipe) file is
// refused after reading at most limit + 1 bytes instead of filling memory while the parser works.
import { open } from 'node:fs/promises';
import { formatBytes } from '../core/format.js';

/** Scenario files: requests, mix, load and targets are a few kilobytes; 1 MiB is ~8,000 inline users. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Users CSV files: 16 MiB is a quarter of a million users of email, password and a few fields. */
export const MAX_USERS_CSV_BYTES = 16 * 1024 * 1024;

export type CappedRead = { ok: true; text: string } | { ok: false; size: number | null };

/** The file's UTF-8 text, or its size (null when unknown, e.g. a pipe) when it is over `limit` bytes. */
export async function readCapped(path: string, limit: number): Promise<CappedRead> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (stat.isFile() && stat.size > limit) return { ok: false, size: stat.size };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return { ok: false, size: stat.isFile() ? stat.size : null };
    }
    return { ok: true, text: Buffer.concat(chunks, total).toString('utf8') };
  } finally {
    await handle.close();
  }
}


/** The one sentence saying a file is over its limit, and why the limit is there. */
export function overLimit(what: string, size: number | null, limit: number): string {
  const is = size === null ? 'is larger than' : `is ${formatBytes(size)}, over`;
  return `the ${what} ${is} the ${formatBytes(limit)} limit for ${what}s`;
}
