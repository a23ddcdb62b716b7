// The Hono environment shared by every route and middleware of the app.
import type { AccessClaims } from '../auth/jwt.js';
import type { Ticket } from '../auth/login-guard.js';
import type { Outgoing } from './headers.js';

export type AppEnv = {
  Variables: {
      /** Echoed or made up by responseHeaders (http/headers.ts). */
      requestId: string;
      /** The headers the answer will carry (http/headers.ts). */
      out: Outgoing;
      /** Set by bearerAuth on protected routes. */
      auth: AccessClaims;
      /** The validated login body, set before admission so waiting never holds a slot. */
      login: { email: string; password: string; totp?: string; recovery_code?: string };
      /** The counted sign-in attempt (auth/login-guard.ts), settled by the handler. */
      ticket: Ticket;
    };
};
