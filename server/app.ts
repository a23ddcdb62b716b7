// The reference server's Hono app. Middleware order, outermost first: metrics (sees every
// request, errors included), response headers (request id, Server-Timing, security headers),
// compression, body limit; then per route: bearer auth, admission control for the hashing endpoint.
import { Hono } from 'hono';
import type { AppContext } from './context.js';
import type { AppEnv } from './http/env.js';
import { ApiError, errorBody, json, sendError } from './http/respond.js';
import { responseHeaders } from './http/headers.js';
import { compression } from './middleware/compression.js';
import { httpMetrics } from './middleware/http-metrics.js';
import { bearerAuth } from './middleware/bearer.js';
import { bodySize } from './middleware/body-size.js';
import { opsRoutes } from './routes/ops.js';
import { loginRoutes } from './routes/login.js';
import { sessionRoutes } from './routes/session.js';
import { twofaRoutes } from './routes/twofa.js';
import { emailVerifyRoutes } from './routes/email-verify.js';
import { accountRoutes } from './routes/account.js';
import { openApiRoutes } from './openapi/routes.js';

export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.use(httpMetrics(ctx.metrics));
  // Request id, Server-Timing and (unless a lab state goes without) the OWASP REST header set,
  // written in one go with the answer (http/headers.ts).
  app.use(responseHeaders({ security: ctx.http.securityHeaders }));
  if (ctx.http.compression) app.use(compression());
  app.use('/api/*', bodySize(ctx.limits.bodyLimitBytes));
  for (const mw of ctx.extraMiddleware) app.use(mw);

  const auth = bearerAuth({ jwt: ctx.jwt, tokens: ctx.tokens, clock: ctx.clock });
  opsRoutes(app, ctx);
  loginRoutes(app, ctx);
  sessionRoutes(app, ctx, auth);
  twofaRoutes(app, ctx, auth);
  emailVerifyRoutes(app, ctx, auth);
  accountRoutes(app, ctx, auth);
  openApiRoutes(app);

  app.notFound((c) => json(c, errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404));
  app.onError((err, c) => {
    if (err instanceof ApiError) return sendError(c, err);
    // Never a stack trace on the wire; the request id ties the log line to the response.
    ctx.log(`error ${c.get('requestId') ?? '-'} ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}`);
    return json(c, errorBody('internal_error', 'Internal server error'), 500);
  });
  return app;
}
