// test/README.md's convention, checked: no test beside the code, and every suite file in one of the
// three folders vitest runs, so a misplaced test cannot silently drop out of (or sneak into) CI.
import { readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name === 'node_modules' || d.name === 'dist' || d.name.startsWith('.')) return [];
    const path = join(dir, d.name);
    if (d.isDirectory()) return testFiles(path);
    return /\.test\.[cm]?[jt]s$/.test(d.name) ? [relative(ROOT, path)] : [];
  });
}

describe('test layout', () => {
  const all = testFiles(ROOT);

  it('finds the suite (the walk itself works)', () => {
    expect(all).toContain('test/unit/repo-test-layout.test.ts');
    expect(all.length).toBeGreaterThan(50);
  });

  it('keeps every test in test/unit, test/server or test/e2e', () => {
    expect(all.filter((f) => !/^test\/(unit|server|e2e)\/[^/]+\.test\.ts$/.test(f))).toEqual([]);
  });
});
