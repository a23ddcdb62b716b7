// The Hono environment shared by every route and middleware of the app.
import type { TimingVariables } from 'hono/timing';
import type { RequestIdVariables } from 'hono/request-id';
import type { AccessClaims } from '../auth/jwt.js';

export type AppEnv = {
  Variables: TimingVariables &
    RequestIdVariables & {
      /** Set by bearerAuth on protected routes. */
      auth: AccessClaims;
      /** Accumulated Server-Timing spans (ms), see http/spans.ts. */
      spans?: Map<string, number>;
    };
};
