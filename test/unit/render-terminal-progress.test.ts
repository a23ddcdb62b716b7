import { describe, expect, it } from 'vitest';
import { formatProgress, progressLine } from '../../cli/render/progress.js';
import type { Progress } from '../../cli/runner/driver.js';

const p: Progress = { phase: 'measure', elapsedMs: 4000, totalMs: 12_000, completed: 5000, errors: 1234, currentRps: 1234.4 };

function stream(isTTY: boolean, columns = 80) {
  const chunks: string[] = [];
  return { chunks, isTTY, columns, write: (c: string) => chunks.push(c) > 0 };
}

describe('progress line', () => {
  it('shows phase, elapsed / total, current rate and errors so far', () => {
    expect(formatProgress(p)).toBe('measuring  4.0 s / 12.0 s  1,234 req/s  errors 1,234');
    expect(formatProgress({ ...p, phase: 'warmup', elapsedMs: 500 })).toMatch(/^warm-up {4}0\.5 s/);
  });

  it('rewrites one line on a TTY and clears it when done', () => {
    const s = stream(true);
    const line = progressLine(s, { quiet: false });
    line.update(p);
    line.update({ ...p, elapsedMs: 4500 });
    line.done();
    line.done();
    expect(s.chunks).toHaveLength(3);
    expect(s.chunks[0]).toMatch(/^\r\u001b\[2Kmeasuring/);
    expect(s.chunks.join('')).not.toContain('\n');
    expect(s.chunks[2]).toBe('\r\u001b[2K');
  });

  it('never draws wider than the terminal', () => {
    const s = stream(true, 30);
    progressLine(s, { quiet: false }).update(p);
    expect(s.chunks[0]?.replace('\r\u001b[2K', '').length).toBe(29);
  });

  it('writes nothing when not a TTY or with --quiet', () => {
    for (const [isTTY, quiet] of [[false, false], [true, true]] as const) {
      const s = stream(isTTY);
      const line = progressLine(s, { quiet });
      line.update(p);
      line.done();
      expect(s.chunks).toEqual([]);
    }
  });
});

describe('progress line on a terminal that reports no width', () => {
  it('assumes 80 columns', () => {
    const chunks: string[] = [];
    progressLine({ isTTY: true, columns: 0, write: (c: string) => chunks.push(c) > 0 }, { quiet: false }).update(p);
    expect(chunks[0]).toBe(`\r\u001b[2K${formatProgress(p)}`);
  });
});
