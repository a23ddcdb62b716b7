// Open model: flows start on an arrival schedule whatever the answers (undici). The generator lives in
// ../open-model.ts; this file is what the registry knows of it.
import { dependencyVersion } from '../../results/environment.js';
import type { LoadOf, LoadModel } from './types.js';

/** Identities reused round robin by arrivals (open-model.ts sizes its pool with the same number). */
export const OPEN_MODEL_IDENTITIES = 50;

const peakRate = (load: LoadOf<'open'>): number => Math.max(...load.stages.map((s) => Math.max(s.rate, s.to)));

export const openModel: LoadModel<LoadOf<'open'>> = {
  name: 'open',
  engine: () => `undici ${dependencyVersion('undici')} (open model)`,
  identities: () => OPEN_MODEL_IDENTITIES,
  peakConnections: (load) => load.maxConnections,
  atPeak: (load, durationMs, warmupMs) => {
    const rate = peakRate(load);
    return { ...load, warmupMs, stages: [{ durationMs: durationMs - warmupMs, rate, to: rate }] };
  },
  summary: (load) => `${peakRate(load)} flows/s (open model)`,
  run: async (ctx, load) => {
    const { runOpen } = await import('../open-model.js');
    return runOpen(ctx, load);
  },
};
