import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledScenarioPath, isBundledScenarioFile } from '../../cli/plan/bundled.js';

describe('bundled scenario files', () => {
  it('knows the shipped files, and not a copy of one elsewhere (that copy is the user’s own scenario)', () => {
    expect(isBundledScenarioFile(bundledScenarioPath('phase1'))).toBe(true);
    expect(isBundledScenarioFile(null)).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'zb-bundled-'));
    try {
      const copy = join(dir, 'phase1.yaml');
      copyFileSync(bundledScenarioPath('phase1'), copy);
      expect(isBundledScenarioFile(copy)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
