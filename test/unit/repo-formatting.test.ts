// Every number the tool shows is spelled in cli/core/format.ts: a `toFixed` anywhere else would be a
// second spelling of the same figure (one output saying "0.9", another "0.90"). This reads every
// source file under cli/ and names each line that formats a number on its own.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../cli');
const FORMAT = join(CLI, 'core/format.ts');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(path);
    return d.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line` of each line of `files` that calls toFixed. */
function inlineFormatting(files: string[]): string[] {
  return files.flatMap((file) => readFileSync(file, 'utf8').split('\n')
    .flatMap((line, i) => (/\.toFixed\s*\(/.test(line) ? [`cli/${relative(CLI, file)}:${i + 1}`] : [])));
}

describe('number formatting', () => {
  it('finds a toFixed where there is one (the check itself works)', () => {
    expect(inlineFormatting([FORMAT]).length).toBeGreaterThan(0);
  });

  it('no toFixed outside cli/core/format.ts', () => {
    const files = tsFiles(CLI).filter((f) => f !== FORMAT);
    expect(files.length).toBeGreaterThan(100);
    expect(inlineFormatting(files), 'format these with cli/core/format.ts').toEqual([]);
  });
});
