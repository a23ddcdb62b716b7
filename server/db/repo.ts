// Every query the app makes, grouped by table, prepared once per database.
import type { Sqlite } from './open.js';
import { usersRepo } from './users.js';
import { sessionsRepo } from './sessions.js';
import { emailRepo } from './email.js';
import { throttleRepo } from './throttle.js';
import { purgeRepo } from './purge.js';

export function createRepo(db: Sqlite) {
  return {
    users: usersRepo(db),
    sessions: sessionsRepo(db),
    email: emailRepo(db),
    throttle: throttleRepo(db),
    purge: purgeRepo(db),
    /** Cheap liveness probe for /ready. */
    ping: db.prepare('SELECT 1').pluck(),
  };
}

export type Repo = ReturnType<typeof createRepo>;
