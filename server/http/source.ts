// The address a request came from, for per-source throttling: the TCP peer as
// @hono/node-server reports it. Forwarded-for headers are not trusted (any client can write
// them); behind a proxy every client shares the proxy's address, which the docs warn about.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientSource(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() without a socket (in-process callers): one shared source.
    return 'unknown';
  }
}
