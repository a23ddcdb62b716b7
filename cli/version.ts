// The package version, read once from package.json (two levels up from dist/cli or cli/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** Root folder of the installed package (holds package.json, scenarios/, dist/). */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(resolve(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'zimmer-bench') return dir;
    } catch {
      // not here: go up
    }
    dir = resolve(dir, '..');
  }
  throw new Error(`cannot find zimmer-bench's package.json above ${start}`);
}

export const VERSION: string = (
  JSON.parse(readFileSync(resolve(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
