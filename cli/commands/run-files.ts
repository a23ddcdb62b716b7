// Where a run's results land: `<out>/<scenario>-<YYYYMMDD-HHMMSS>.json` and `.md`. The folder is
// checked before the run starts, so a bad --out never costs a measurement; the JSON is written
// before the markdown, so a report that cannot be rendered never costs the raw numbers.
import { access, constants, mkdir, writeFile } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';

/** Creates the folder if needed and checks it is writable; returns it unchanged. */
export async function prepareOutDir(dir: string): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`--out: cannot write to folder "${dir}" (${why}): pick a writable folder, e.g. --out reports`);
  }
  return dir;
}

/** `20260101-120000` (UTC), for file names. */
export function stamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `-${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** `phase1-20260101-120000`, from the scenario name and the run's start (UTC). */
export function baseName(result: RunResult): string {
  const slug = result.scenario.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  const d = new Date(result.startedAt);
  // Shards of one run write into one folder (a shared volume): each keeps its own name.
  const shard = result.shard ? `-shard${result.shard.index}of${result.shard.count}` : '';
  return `${slug}-${stamp(Number.isNaN(d.getTime()) ? new Date() : d)}${shard}`;
}

export interface WrittenFiles {
  json: string;
  /** null when the markdown report could not be rendered (the JSON still holds everything). */
  markdown: string | null;
  markdownError?: string;
}

export async function writeRunFiles(dir: string, result: RunResult, evaluation: Evaluation): Promise<WrittenFiles> {
  const json = await writeNew(dir, baseName(result), '.json', renderJson(result, evaluation));
  const base = json.slice(0, -'.json'.length);
  try {
    const markdown = `${base}.md`;
    await writeFile(markdown, renderMarkdown(result, evaluation));
    return { json: display(json), markdown: display(markdown) };
  } catch (err) {
    return { json: display(json), markdown: null, markdownError: err instanceof Error ? err.message : String(err) };
  }
}

/** Never overwrites an earlier run started in the same second: adds -2, -3, ... instead. */
async function writeNew(dir: string, base: string, ext: string, content: string): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, `${n === 1 ? base : `${base}-${n}`}${ext}`);
    try {
      await writeFile(path, content, { flag: 'wx' });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
  }
}

/** Paths as the user would type them: relative to the working folder when inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
