// The Hono environment shared by every route and middleware of the app.
import type { AccessClaims } from '../auth/jwt.js';
import type { Ticket } from '../auth/login-guard.js';
import type { Outgoing } from './headers.js';

/** Node's parsed request headers, as @hono/node-server hands them over with each request. */
export type IncomingHeaders = Record<string, string | string[] | undefined>;

export type AppEnv = {
  Bindings: {
    /** The request's answer headers, request id and timing (http/frame.ts); absent outside the frame. */
    out?: Outgoing;
    /** Node's own request when on a socket (@hono/node-server); absent for app.request() callers. */
    incoming?: { headers?: IncomingHeaders };
    /** Node's own response when on a socket (@hono/node-server): tells when the client has gone. */
    outgoing?: unknown;
  };
  Variables: {
    /** Set by bearerAuth on protected routes. */
    auth: AccessClaims;
    /** The validated login body, set before admission so waiting never holds a slot. */
    login: { email: string; password: string; totp?: string; recovery_code?: string };
    /** The counted sign-in attempt (auth/login-guard.ts), settled by the handler. */
    ticket: Ticket;
  };
};
