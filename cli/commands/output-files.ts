// Every file a command writes goes through here: one naming rule (`<name>-<YYYYMMDD-HHMMSS>[-N].ext`
// in the --out folder, never overwriting), one stamp, one way to make and check a folder. Renderers
// stay pure (they return text); the commands decide what is written where.
import { appendFile, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/** `20260101-120000` (UTC), for file names. */
export function stamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}` +
    `-${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/**
 * The naming rule: `phase1-20260101-120000` from a name (a scenario's, or "diagnose") and a start
 * time, with an optional qualifier after it (`-shard0of4`); -2, -3, ... are added on collision.
 */
export function outputBase(name: string, at: Date | string, qualifier?: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  const d = new Date(at);
  return `${slug}-${stamp(Number.isNaN(d.getTime()) ? new Date() : d)}${qualifier ? `-${qualifier}` : ''}`;
}

const code = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/**
 * Makes `dir` and its missing parents one level at a time, then proves it writable with a probe
 * file. Not `mkdir({ recursive: true })`: on Node 20 that spins forever at full CPU where a parent
 * answers ENOENT to mkdir (anything under /proc); here every step fails at once with its errno.
 */
async function ensureWritableDir(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let p = resolve(dir); ; p = dirname(p)) {
    try {
      if (!(await stat(p)).isDirectory()) throw Object.assign(new Error(`${p} is not a folder`), { code: 'ENOTDIR' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw err;
      missing.unshift(p);
    }
  }
  for (const m of missing) {
    await mkdir(m).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
  }
  // access(W_OK) says yes to root everywhere, even where nothing can be created: try for real.
  const probe = join(dir, `.zimmer-bench-probe-${process.pid}`);
  await writeFile(probe, '');
  await unlink(probe);
}

/** Checks an output folder before anything is measured; a UsageError (exit 2) names flag, folder and errno. */
export async function prepareOutDir(dir: string, flag = '--out', example = 'reports'): Promise<string> {
  try {
    await ensureWritableDir(dir);
  } catch (err) {
    throw new UsageError(`${flag}: cannot write to folder "${dir}" (${code(err)}): pick a writable folder, e.g. ${flag} ${example}`);
  }
  return dir;
}

/** Checks that a file the user named (--junit FILE, --out FILE) can be written, creating its folder. */
export async function prepareFile(file: string, flag: string, example: string): Promise<void> {
  try {
    await ensureWritableDir(dirname(file));
  } catch (err) {
    throw new UsageError(`${flag}: cannot write to folder "${dirname(file)}" (${code(err)}): pick a writable path, e.g. ${flag} ${example}`);
  }
}

/** Writes a file, making its folder first; errors are thrown as they come (with their errno). */
export async function writeFileMakingFolder(file: string, text: string): Promise<void> {
  await ensureWritableDir(dirname(file));
  await writeFile(file, text);
}

/** Writes a file the user named; a failure is a UsageError naming the flag and the path. */
export async function writeNamedFile(file: string, text: string, flag: string): Promise<void> {
  try {
    await writeFileMakingFolder(file, text);
  } catch (err) {
    throw new UsageError(`${flag}: cannot write ${file} (${code(err)}): pick a writable path`);
  }
}

/** Appends to a file (GitHub's step summary: earlier steps of the job may have written theirs). */
export async function appendToFile(file: string, text: string): Promise<void> {
  await appendFile(file, text);
}

export interface OutputFile {
  ext: string;
  render: () => string;
}

export interface WrittenSet {
  /** Paths written, in the order given, as the user would type them. */
  paths: string[];
  /** The first file after the first that could not be rendered or written, and why. */
  failed?: { ext: string; message: string };
}

/**
 * Writes `<dir>/<base>.<ext>` for each file, the first one first: it picks the name (-2, -3, ...
 * when a run started in the same second already wrote one) and a failure there throws. A later
 * file that fails is reported in `failed`: what was written first (the raw numbers) is never lost.
 */
export async function writeOutputSet(dir: string, base: string, files: readonly [OutputFile, ...OutputFile[]]): Promise<WrittenSet> {
  const [first, ...rest] = files;
  const firstText = first.render();
  let stem = '';
  for (let n = 1; ; n++) {
    stem = join(dir, n === 1 ? base : `${base}-${n}`);
    try {
      await writeFile(`${stem}${first.ext}`, firstText, { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
    }
  }
  const paths = [display(`${stem}${first.ext}`)];
  for (const f of rest) {
    try {
      await writeFile(`${stem}${f.ext}`, f.render());
      paths.push(display(`${stem}${f.ext}`));
    } catch (err) {
      return { paths, failed: { ext: f.ext, message: err instanceof Error ? err.message : String(err) } };
    }
  }
  return { paths };
}

export interface WrittenFiles {
  json: string;
  /** null when the markdown could not be rendered or written (the JSON still holds everything). */
  markdown: string | null;
  markdownError?: string;
}

/** The usual pair: `<name>-<stamp>.json` (the data, first) and `.md` (the report people read). */
export async function writeJsonAndMarkdown(
  dir: string, name: string, at: Date | string, json: () => string, markdown: () => string, qualifier?: string,
): Promise<WrittenFiles> {
  const written = await writeOutputSet(dir, outputBase(name, at, qualifier), [{ ext: '.json', render: json }, { ext: '.md', render: markdown }]);
  const [jsonPath, mdPath] = written.paths as [string, string | undefined];
  if (written.failed) return { json: jsonPath, markdown: null, markdownError: written.failed.message };
  return { json: jsonPath, markdown: mdPath ?? null };
}

/** Paths as the user would type them: relative to the working folder when inside it. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
