// Runs the built CLI's diagnose and reads its JSON; shared by the diagnose end-to-end tests.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { DiagnosisDocument } from '../../cli/diagnose/types.js';

export const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');
export const BUDGET = process.env.ZIMMER_DIAGNOSE_BUDGET ?? '20s';

export interface DiagnoseRun { code: number; diagnosis: DiagnosisDocument | null; stdout: string; stderr: string; seconds: number }

export function runCli(args: string[], timeout = 90_000): Promise<DiagnoseRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...args], { timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      let diagnosis: DiagnosisDocument | null = null;
      try { diagnosis = JSON.parse(stdout) as DiagnosisDocument; } catch { /* not JSON: the caller asserts */ }
      resolve({ code, diagnosis, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    });
  });
}

export function runDiagnose(out: string, args: string[]): Promise<DiagnoseRun> {
  return runCli(['diagnose', '--budget', BUDGET, '--json', '--quiet', '--out', out, ...args]);
}

/** `fault -> verdict (confidence) runner-up ...; seconds, mode`, the matrix line the report quotes. */
export function matrixLine(label: string, r: DiagnoseRun): string {
  const [first, second] = r.diagnosis?.causes ?? [];
  const d = r.diagnosis;
  const verdict = !d ? `no diagnosis (exit ${r.code})`
    : d.verdict === 'healthy' ? 'healthy'
      : d.verdict === 'inconclusive' ? `INCONCLUSIVE${first ? ` (suspect ${first.cause})` : ''}`
        : first ? `${first.cause} (${first.confidence.toFixed(2)})` : 'unexplained';
  return `${label.padEnd(22)} -> ${verdict.padEnd(32)} runner-up ${second ? `${second.cause} (${second.confidence.toFixed(2)})` : '-'}; ${r.seconds.toFixed(1)} s, ${r.diagnosis?.mode ?? '?'}`;
}
