// event-loop-block: the password is hashed with argon2's synchronous call, on the event loop.
// Each login then stops the whole process for one hash (~10 ms at OWASP's parameters on a
// quiet machine): every request in flight, /health included, waits behind it, and the
// threadpool's other cores stay idle.
import { argon2idHasher, argon2Params } from '../auth/password.js';
import type { Fault } from './types.js';

export const eventLoopBlock: Fault = {
  name: 'event-loop-block',
  apply(ctx) {
    // Same stored format and parameters as the real hasher (read from the dummy hash made at
    // start); only the calls are synchronous.
    const params = argon2Params(ctx.dummyHash);
    if (!params) throw new Error('event-loop-block: cannot read the argon2id parameters from the dummy hash');
    ctx.hasher = argon2idHasher(params, { blocking: true });
  },
};
