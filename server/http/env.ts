// The Hono environment shared by every route and middleware of the app.
import type { TimingVariables } from 'hono/timing';
import type { RequestIdVariables } from 'hono/request-id';
import type { AccessClaims } from '../auth/jwt.js';
import type { Ticket } from '../auth/login-guard.js';

export type AppEnv = {
  Variables: TimingVariables &
    RequestIdVariables & {
      /** Set by bearerAuth on protected routes. */
      auth: AccessClaims;
      /** The validated login body, set before admission so waiting never holds a slot. */
      login: { email: string; password: string; totp?: string; recovery_code?: string };
      /** The counted sign-in attempt (auth/login-guard.ts), settled by the handler. */
      ticket: Ticket;
      /** Accumulated Server-Timing spans (ms), see http/spans.ts. */
      spans?: Map<string, number>;
    };
};
