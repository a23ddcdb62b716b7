// The diagnosis as machine output (schema `zimmer-bench/diagnosis@1`): the Diagnosis with its
// evidence, reasons, fixes, notes and inconclusive reason worded, the same words every other
// diagnosis output shows. Pure.
import type { Cause, CauseDocument, Diagnosis, DiagnosisDocument } from '../diagnose/types.js';
import { evidenceText } from './diagnosis-evidence.js';
import { fixText, inconclusiveText, noteText, reasonText } from './diagnosis-reasons.js';

export function wordCause(c: Cause): CauseDocument {
  const { measured: _measured, ...rest } = c;
  return { ...rest, confidenceReason: reasonText(c.confidenceReason), evidence: c.evidence.map(evidenceText), fix: fixText(c) };
}

export function diagnosisDocument(d: Diagnosis): DiagnosisDocument {
  return {
    ...d,
    inconclusive: d.inconclusive === null ? null : inconclusiveText(d.inconclusive),
    causes: d.causes.map(wordCause),
    notes: d.notes.map(noteText),
  };
}

export function renderDiagnosisJson(d: Diagnosis): string {
  return `${JSON.stringify(diagnosisDocument(d), null, 2)}\n`;
}
