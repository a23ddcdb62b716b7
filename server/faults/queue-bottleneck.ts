// queue-bottleneck: the login admission limiter admits one request at a time and queues the rest
// without bound or deadline. Logins finish at the rate one hash allows (~20/s) whatever the
// load, and each waits for everyone ahead of it: latency grows with the queue until clients
// time out, while CPU, threadpool and event loop stay mostly idle.
import { createAdmissionLimiter } from '../context.js';
import type { Fault } from './types.js';

export const queueBottleneck: Fault = {
  name: 'queue-bottleneck',
  summary: 'the auth admission limiter runs at concurrency 1 with an unbounded queue (no shedding)',
  reproduces: 'request queuing behind a concurrency cap',
  clientSignals: 'login throughput flat at one hash at a time from 1 to N connections; latency ~ queue length x service time (Little\'s law), then timeouts instead of fast 503s; other endpoints stay fast',
  serverSignals: '`admission_queue_depth` grows without bound, `admission_active` stuck at 1, `admission_wait_seconds` climbs, no `admission_shed_total`; CPU and event loop mostly idle',
  fix: 'size the cap to the work (the threadpool: 4 hashes at once), bound the queue and the wait, and shed the excess with 503 + Retry-After',
  apply(ctx) {
    ctx.admission = createAdmissionLimiter(ctx.metrics, { concurrency: 1, queueSize: Infinity, maxWaitMs: Infinity });
  },
};
