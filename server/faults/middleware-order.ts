// middleware-order: a request-logging middleware mounted app-wide, ahead of the routes' bearer
// auth, so its work is done before auth can turn a request away. For every API request it
// reads and parses the body, serialises the request (headers, body, the node request object as
// a debug dump), looks the caller up from the token's unverified claims (session and user) and
// writes an audit row. Auth then looks the same user up again, so every authenticated request
// pays the look-up twice, and a request with a bad token pays for all of it before its 401.
import { inspect } from 'node:util';
import type { MiddlewareHandler } from 'hono';
import { Counter } from 'prom-client';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { addSpan, timed } from '../http/spans.js';
import type { Fault } from './types.js';

const SECRET_FIELD = /pass|token|secret|code|totp/i;

/** The claims of a JWT read without checking its signature (for a log line only). */
export function unverifiedClaims(authorization: string | undefined): { sub?: unknown; sid?: unknown; jti?: unknown } | null {
  const payload = /^Bearer\s+[^.]+\.([^.]+)\./i.exec(authorization ?? '')?.[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/** The body as logged, secret fields redacted; their values are collected to scrub elsewhere. */
function parsedBody(text: string, secrets: string[]): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text, (k, v: unknown) => {
      if (!SECRET_FIELD.test(k)) return v;
      if (typeof v === 'string' && v) secrets.push(v);
      return '[redacted]';
    });
  } catch {
    return '[unparsable]';
  }
}

const scrub = (text: string, secrets: readonly string[]) => secrets.reduce((t, s) => t.replaceAll(s, '[redacted]'), text);

const LEVELS = { debug: 10, info: 20, error: 40 } as const;

/** A levelled logger: lines below `level` are dropped (after their text was built by the caller). */
export function levelLogger(level: keyof typeof LEVELS, write: (line: string) => void) {
  const at = (l: keyof typeof LEVELS) => (line: string) => {
    if (LEVELS[l] >= LEVELS[level]) write(line);
  };
  return { debug: at('debug'), info: at('info'), error: at('error') };
}

function requestLog(ctx: AppContext, lookups: Counter<'by'>): MiddlewareHandler<AppEnv> {
  const log = levelLogger('info', ctx.log);
  const insert = ctx.sqlite.prepare<[number, string, string, number | null, string]>(
    'INSERT INTO request_log (at, method, path, user_id, line) VALUES (?, ?, ?, ?, ?)',
  );
  return async function requestLogMiddleware(c, next) {
    if (!c.req.path.startsWith('/api/')) return next();
    const t0 = performance.now();
    const authorization = c.req.header('authorization');
    const secrets = authorization ? [authorization.replace(/^Bearer\s+/i, '')] : [];
    const body = parsedBody(await c.req.text(), secrets);
    const claims = unverifiedClaims(authorization);
    const now = ctx.clock.now();
    const caller = await timed(c, 'db', () =>
      ctx.data.run((repo) => {
        if (typeof claims?.sub !== 'number' || typeof claims.sid !== 'string' || typeof claims.jti !== 'string') return null;
        lookups.inc({ by: 'request-log' });
        const state = repo.sessions.accessState(claims.sid, claims.jti);
        const user = repo.users.byId(claims.sub);
        return user ? { id: user.id, email: user.email, revoked: state.revoked } : null;
      }),
    );
    const headers = { ...c.req.header(), authorization: claims ? '[redacted]' : authorization ? '[invalid]' : undefined };
    const line = JSON.stringify({ at: new Date(now).toISOString(), method: c.req.method, url: c.req.url, headers, body, caller });
    // The node request dumped the way console.log(req) prints it (depth 2), credentials scrubbed,
    // for a debug line. The argument is built eagerly on every request although the logger
    // keeps only info and above: the dump is made, then thrown away.
    const raw = (c.env as { incoming?: unknown } | undefined)?.incoming ?? c.req.raw;
    log.debug(`request ${scrub(inspect(raw, { depth: 2, breakLength: Infinity }), secrets)}`);
    await timed(c, 'db', () => ctx.data.run(() => insert.run(now, c.req.method, c.req.path, caller?.id ?? null, line)));
    addSpan(c, 'reqlog', performance.now() - t0);
    await next();
  };
}

export const middlewareOrder: Fault = {
  name: 'middleware-order',
  apply(ctx) {
    ctx.sqlite.exec(`CREATE TABLE IF NOT EXISTS request_log (
      id INTEGER PRIMARY KEY, at INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, user_id INTEGER, line TEXT NOT NULL)`);
    const lookups = new Counter({
      name: 'auth_user_lookups_total',
      help: 'Look-ups of the calling user (session and user row), by the middleware that made them',
      labelNames: ['by'] as const,
      registers: [ctx.metrics.registry],
    });
    // Bearer auth, as configured here, also loads the user behind the session (the handlers
    // then read it again): the second look-up of the same caller.
    const userBySession = ctx.sqlite.prepare<[string], { id: number }>(
      'SELECT u.id, u.email, u.email_verified, u.totp_secret FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?',
    );
    const tokens = ctx.tokens;
    ctx.tokens = {
      async accessState(sid, jti) {
        const state = await tokens.accessState(sid, jti);
        await ctx.data.run(() => {
          lookups.inc({ by: 'bearer-auth' });
          return userBySession.get(sid);
        });
        return state;
      },
    };
    ctx.extraMiddleware.push(requestLog(ctx, lookups));
    return () => {
      if (ctx.sqlite.open) ctx.sqlite.exec('DROP TABLE IF EXISTS request_log');
    };
  },
};
