// The diagnosis as machine output: the Diagnosis document itself (schema `zimmer-bench/diagnosis@1`).
import type { Diagnosis } from '../diagnose/types.js';

export function renderDiagnosisJson(d: Diagnosis): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
