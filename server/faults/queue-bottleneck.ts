// queue-bottleneck: the login admission limiter admits one request at a time and queues the rest
// without bound or deadline. Logins finish at the rate one hash allows (~20/s) whatever the
// load, and each waits for everyone ahead of it: latency grows with the queue until clients
// time out, while CPU, threadpool and event loop stay mostly idle.
import { createAdmissionLimiter } from '../context.js';
import type { Fault } from './types.js';

export const queueBottleneck: Fault = {
  name: 'queue-bottleneck',
  apply(ctx) {
    ctx.admission = createAdmissionLimiter(ctx.metrics, { concurrency: 1, queueSize: Infinity, maxWaitMs: Infinity });
  },
};
