// A route's middleware and handler composed into the one handler Hono is given, so Hono takes its
// single-handler fast path (see http/frame.ts). Unlike Hono's compose(), whose every layer is an
// async function, a step that is ready at once (the bearer check with the database called
// directly) leads straight to the next, and the request makes no promise of its own
// (http/maybe-async.ts). Hono middleware runs unchanged: `next()` gives what the rest of the
// chain gave, a promise when any of it waited, and `c.res` is set as compose() sets it.
// One difference: an error is not turned into a response at the layer that threw; it travels up
// the chain (try/finally sees it) to app.onError, which answers once.
import type { Context, Handler, Hono, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './env.js';
import { outgoing } from './headers.js';
import { isPromise, type MaybeAsync } from './maybe-async.js';

type Step = MiddlewareHandler<AppEnv>;

const noNext: Next = () => Promise.resolve();

/** `steps` then `handler` as one handler, which also names the route for the metrics. */
export function chain(route: string, steps: readonly Step[], handler: Handler<AppEnv>): Handler<AppEnv> {
  const n = steps.length;
  const settle = (c: Context<AppEnv>, res: Response | void): void => {
    if (res && !c.finalized) c.res = res;
  };
  // No closure made per request on the ready path but each step's `next`.
  const dispatch = (c: Context<AppEnv>, i: number): MaybeAsync<void> => {
    // Typed as Hono's (a promise); a step that awaits it gets the same value either way.
    const r = (i < n ? steps[i]!(c, (() => dispatch(c, i + 1)) as Next) : handler(c, noNext)) as MaybeAsync<Response | void>;
    return isPromise(r) ? r.then((res) => settle(c, res)) : settle(c, r);
  };
  return function routed(c) {
    const out = outgoing(c);
    if (out) out.route = route;
    const done = dispatch(c, 0);
    return isPromise(done) ? done.then(() => c.res) : c.res;
  };
}

type Method = 'GET' | 'POST' | 'PUT';
type Route = (path: string, ...handlers: [...Step[], Handler<AppEnv>]) => void;

export interface RouteTable {
  get: Route;
  post: Route;
  put: Route;
}

/**
 * Registers routes on `app`, each as one chained handler: what `before` gives for the route
 * (the app-wide middleware that only matters for routes: compression, the body limit, a
 * fault's), then the route's own middleware and handler.
 */
export function routeTable(app: Hono<AppEnv>, before: (method: Method, path: string) => readonly Step[]): RouteTable {
  const on = (method: Method): Route => (path, ...handlers) => {
    const handler = handlers.at(-1) as Handler<AppEnv>;
    const steps = [...before(method, path), ...(handlers.slice(0, -1) as Step[])];
    app.on(method, path, chain(path, steps, handler));
  };
  return { get: on('GET'), post: on('POST'), put: on('PUT') };
}
