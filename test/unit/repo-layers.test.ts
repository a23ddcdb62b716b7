// The layers only look down: plan -> runner -> results -> evaluate -> render -> commands. A module
// of the pure core that imported a renderer or a command would pull wording (or the CLI) back into
// the numbers; this reads every import of those folders and names any that does.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../cli');
const LOWER = ['export', 'contracts', 'readiness', 'evaluate', 'results', 'runner', 'plan'];
const UPPER = ['render', 'commands'];
// `import x from '...'`, `export { y } from '...'`, `import '...'` and `await import('...')`.
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'";]*?(?:from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(path);
    return d.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import of a file, resolved to a path under cli/ (e.g. `render/terminal.js`). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => relative(CLI, resolve(dirname(file), spec)));
}

describe('layering', () => {
  it('finds the imports it checks (the check itself works)', () => {
    const all = LOWER.flatMap((d) => tsFiles(join(CLI, d)));
    expect(all.length).toBeGreaterThan(40);
    expect(importsOf(join(CLI, 'plan/targets.ts'))).toContain('core/metrics.js');
    expect(importsOf(join(CLI, 'commands/phase.ts')).some((p) => p.startsWith('plan/'))).toBe(true);
  });

  it.each(LOWER)('nothing under cli/%s/ imports from cli/render/ or cli/commands/', (folder) => {
    const upward = tsFiles(join(CLI, folder)).flatMap((file) =>
      importsOf(file)
        .filter((target) => UPPER.some((u) => target.startsWith(`${u}/`)))
        .map((target) => `${relative(CLI, file)} -> ${target}`));
    expect(upward).toEqual([]);
  });
});
