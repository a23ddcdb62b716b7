// What every request gets, around the app rather than inside Hono's middleware chain: the
// request id, the answer's headers (http/headers.ts), Server-Timing's clock, the in-flight count
// and the duration metric. As app.use() middleware these made Hono leave its one-handler fast
// path for compose(), whose every layer is an async function: on GET /api/me the first layer
// alone cost about 4.8 us of CPU a request, each further one 0.5 us. Here they are one plain
// call before and one after, and a route's own middleware runs composed by http/chain.ts, so
// Hono hands every request straight to one handler.
import type { Hono } from 'hono';
import type { AppEnv } from './env.js';
import type { AppMetrics } from '../metrics.js';
import { isPromise } from './maybe-async.js';
import { addHeadersAfter, newOutgoing, type Outgoing } from './headers.js';

export interface FrameOptions {
  metrics: Pick<AppMetrics, 'inFlight' | 'httpDuration'>;
  /** OWASP's REST security headers on every answer (a lab state may go without). */
  security: boolean;
}

type Fetch = Hono<AppEnv>['fetch'];

/**
 * Puts the frame around `app.fetch`, in place: the server and app.request() (which calls
 * app.fetch) then go through the same frame, so in-process tests see exactly what a socket does.
 */
export function frame(app: Hono<AppEnv>, o: FrameOptions): Hono<AppEnv> {
  const dispatch: Fetch = app.fetch;
  const { inFlight, httpDuration } = o.metrics;
  const finish = (out: Outgoing, method: string, res: Response): Response => {
    inFlight.dec();
    if (!out.built) addHeadersAfter(res, out);
    // Time to the answer handed over (the body may still be streaming), by route pattern,
    // never the raw path, which would explode the label set.
    httpDuration.observe({ method, route: out.route, status: String(res.status) }, (performance.now() - out.t0) / 1000);
    return res;
  };
  const failed = (err: unknown): never => {
    inFlight.dec();
    throw err;
  };
  const framed: Fetch = function framedFetch(req, env, exec) {
    // @hono/node-server passes a fresh { incoming, outgoing } per request; app.request() callers
    // pass theirs or none. The Outgoing rides on it, where every handler finds it as c.env.out.
    const bindings: AppEnv['Bindings'] = env ?? {};
    const out = newOutgoing(req, bindings, o.security);
    bindings.out = out;
    inFlight.inc();
    let res: Response | Promise<Response>;
    try {
      res = dispatch(req, bindings, exec);
    } catch (err) {
      return failed(err);
    }
    return isPromise(res) ? res.then((r) => finish(out, req.method, r), failed) : finish(out, req.method, res);
  };
  app.fetch = framed;
  return app;
}
