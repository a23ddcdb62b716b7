// The reference server's Hono app. Outermost, around Hono itself (http/frame.ts): the request id,
// the answer's headers (Server-Timing, the security set), the in-flight count and the duration
// metric, for every request, errors and 404s included. Then each route's chain (http/chain.ts):
// compression, the body limit on /api/* requests with a body, a fault's middleware, the route's
// own (bearer auth; the login precheck and admission control in front of the hash), the handler.
// A request no route matches (404) runs none of a chain, a fault's middleware included.
import { Hono } from 'hono';
import type { AppContext } from './context.js';
import type { AppEnv } from './http/env.js';
import { ApiError, errorBody, json, sendError } from './http/respond.js';
import { outgoing } from './http/headers.js';
import { frame } from './http/frame.js';
import { routeTable } from './http/chain.js';
import { compression } from './middleware/compression.js';
import { bearerAuth } from './middleware/bearer.js';
import { bodySize, BODYLESS } from './middleware/body-size.js';
import { opsRoutes } from './routes/ops.js';
import { loginRoutes } from './routes/login.js';
import { sessionRoutes } from './routes/session.js';
import { twofaRoutes } from './routes/twofa.js';
import { emailVerifyRoutes } from './routes/email-verify.js';
import { accountRoutes } from './routes/account.js';
import { openApiRoutes } from './openapi/routes.js';

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  const compress = ctx.http.compression ? [compression()] : [];
  const limit = [bodySize(ctx.limits.bodyLimitBytes)];
  const extra = ctx.extraMiddleware;
  const routes = routeTable(app, (method, path) => [
    ...compress,
    ...(path.startsWith('/api/') && !BODYLESS.has(method) ? limit : []),
    ...extra,
  ]);

  const auth = bearerAuth({ jwt: ctx.jwt, tokens: ctx.tokens, clock: ctx.clock });
  opsRoutes(routes, ctx);
  loginRoutes(routes, ctx);
  sessionRoutes(routes, ctx, auth);
  twofaRoutes(routes, ctx, auth);
  emailVerifyRoutes(routes, ctx, auth);
  accountRoutes(routes, ctx, auth);
  openApiRoutes(routes);

  app.notFound((c) => json(c, errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return sendError(c, err);
    // Never a stack trace on the wire; the request id ties the log line to the response.
    ctx.log(`error ${outgoing(c)?.id ?? '-'} ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return json(c, errorBody('internal_error', 'Internal server error'), 500);
  });
  return frame(app, { metrics: ctx.metrics, security: ctx.http.securityHeaders });
}
