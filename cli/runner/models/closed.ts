// Closed model: N connections, each sending its next request when the last is answered (autocannon).
// The generator lives in ../closed-model.ts; this file is what the registry knows of it.
import { dependencyVersion } from '../../results/environment.js';
import type { LoadModel, LoadOf } from './types.js';

export const closedModel: LoadModel<LoadOf<'closed'>> = {
  name: 'closed',
  engine: () => `autocannon ${dependencyVersion('autocannon')} (closed model)`,
  // One identity per connection at most (connection i is user i mod ready).
  identities: (load) => load.connections,
  peakConnections: (load) => load.connections,
  atPeak: (load, durationMs, warmupMs) => ({ ...load, durationMs: durationMs - warmupMs, warmupMs }),
  summary: (load) => `${load.connections} connections`,
  run: async (ctx, load) => {
    const { runClosed } = await import('../closed-model.js');
    return runClosed(ctx, load);
  },
};
