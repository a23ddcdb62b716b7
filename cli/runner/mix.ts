// The mix as a deterministic sequence of flows. Smooth weighted round-robin (as in nginx) spreads
// each flow evenly through the cycle instead of running all of one flow, then all of the next.
import type { FlowSpec } from '../plan/types.js';

/** Longest cycle built; weights that do not fit are approximated to within 1/MAX_CYCLE. */
export const MAX_CYCLE = 1000;

/** Indexes into `mix`, one per flow start, repeating in this order. */
export function flowSequence(mix: FlowSpec[]): number[] {
  const weights = mix.map((f) => (Number.isFinite(f.weight) && f.weight > 0 ? f.weight : 0));
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return [];
  const integral = weights.every((w) => Number.isInteger(w));
  const length = integral && total <= MAX_CYCLE ? total : MAX_CYCLE;
  const current = weights.map(() => 0);
  const out: number[] = [];
  for (let n = 0; n < length; n++) {
    let best = 0;
    for (let i = 0; i < weights.length; i++) {
      current[i] = (current[i] ?? 0) + (weights[i] ?? 0);
      if ((current[i] ?? 0) > (current[best] ?? 0)) best = i;
    }
    current[best] = (current[best] ?? 0) - total;
    out.push(best);
  }
  return out;
}

/** Round-robin picker over the sequence, starting at `offset` (spreads virtual users apart). */
export function flowPicker(mix: FlowSpec[], offset = 0): () => FlowSpec {
  const seq = flowSequence(mix);
  if (seq.length === 0) throw new Error('the mix has no flow with a positive weight');
  let i = offset % seq.length;
  return () => {
    const f = mix[seq[i] as number] as FlowSpec;
    i = (i + 1) % seq.length;
    return f;
  };
}
