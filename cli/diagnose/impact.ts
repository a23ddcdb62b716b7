// How much of the slowness each named cause explains, and which to fix first. Pure.
//
// The slowness of an endpoint is the time its requests spent beyond their own cost: per second of the
// mix, its requests x (the mean of its p50 and p95 minus its service time alone), a failed request
// counting its whole p95 (the user got nothing for it). A cause explains the slowness of the endpoints
// it hits; an endpoint hit by several causes shares its slowness between them by confidence. Without
// a mix, each flow's most loaded run stands in for it.
import type { Cause, CauseName, EndpointObservation, ExperimentObservation, Impact, Observations } from './types.js';
import { ladder, serviceTime } from './signals.js';

function lostMsPerS(obs: Observations, e: EndpointObservation, measuredMs: number): number {
  if (e.attempted === 0 || measuredMs <= 0) return 0;
  const perS = e.attempted / (measuredMs / 1000);
  const service = serviceTime(obs, e.name) ?? 0;
  const beyond = Math.max(0, (e.latency.p50 + e.latency.p95) / 2 - service);
  return perS * ((1 - e.errorRate) * beyond + e.errorRate * e.latency.p95);
}

/** The endpoints' observations the slowness is read from: the mix, else each flow's top run. */
function source(obs: Observations): Array<{ e: EndpointObservation; exp: ExperimentObservation }> {
  const mix = obs.experiments.find((x) => x.kind === 'mix' && x.measuredMs > 0);
  if (mix) return mix.endpoints.map((e) => ({ e, exp: mix }));
  return obs.flows.flatMap((f) => {
    const top = ladder(obs, f.label).at(-1);
    return top ? top.endpoints.map((e) => ({ e, exp: top })) : [];
  });
}

/** Causes that explain time lost on the server: the generator's own limit explains none of it. */
const explainsServerTime = (c: Cause) => c.kind !== 'client';

export function rankImpact(obs: Observations, causes: readonly Cause[]): Impact[] {
  const named = causes.filter(explainsServerTime);
  if (named.length === 0) return [];
  const lost = new Map<string, number>();
  for (const { e, exp } of source(obs)) lost.set(e.name, (lost.get(e.name) ?? 0) + lostMsPerS(obs, e, exp.measuredMs));
  const total = [...lost.values()].reduce((a, b) => a + b, 0);
  const explained = new Map<CauseName, number>();
  for (const [name, ms] of lost) {
    const on = named.filter((c) => c.endpoints.includes(name));
    const weight = on.reduce((a, c) => a + c.confidence, 0);
    for (const c of on) explained.set(c.cause, (explained.get(c.cause) ?? 0) + (weight > 0 ? (ms * c.confidence) / weight : 0));
  }
  return named
    .map((c) => {
      const ms = explained.get(c.cause) ?? 0;
      return { cause: c.cause, kind: c.kind, endpoints: [...c.endpoints], lostMsPerS: Math.round(ms), share: total > 0 ? Math.round((ms / total) * 1000) / 1000 : 0 };
    })
    // Equal shares (nothing measured as lost) keep the order of confidence.
    .sort((a, b) => b.share - a.share);
}

/** The defect explaining most of the slowness; a protection or a limit is fixed through capacity, not first. */
export function fixFirst(impact: readonly Impact[]): CauseName | null {
  return impact.find((i) => i.kind === 'defect' && i.share > 0)?.cause ?? impact.find((i) => i.kind === 'defect')?.cause ?? null;
}
