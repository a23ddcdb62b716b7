// Opens the SQLite database the server runs on, tuned for a single-process HTTP server.
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type Sqlite = Database.Database;

/**
 * `path` is a file path or `:memory:`. WAL lets readers run while a write commits;
 * synchronous=NORMAL is durable across process crashes (not power loss) and keeps
 * autocommit inserts cheap; busy_timeout covers a second process (a CLI inspecting the file).
 * `exclusive`: this connection alone uses the file. SQLite then keeps the WAL index in its own
 * memory instead of a shared-memory file and takes no file lock per read transaction: two
 * fcntl() pairs fewer on every statement (2-3 us of the 3-4 a primary-key read costs here, and
 * 15-20 us of CPU per authenticated request over sockets). No other connection, in this
 * process or another, can open the file until this one closes.
 * `scratch`: the file is removed when the process exits, so nothing in it has to survive a power
 * loss: synchronous=OFF. In WAL mode NORMAL syncs only at checkpoints, but a checkpoint runs on the
 * connection that commits, here the event loop: under a login storm one came every second and its
 * fsync() took up to 100 ms, stalling every request behind it (test/bench/server-storm.mjs).
 */
export function openDatabase(path: string, o: { exclusive?: boolean; scratch?: boolean } = {}): Sqlite {
  const db = new Database(path);
  // Before the first WAL access, or the shared-memory index is created anyway (SQLite's WAL docs).
  if (o.exclusive && path !== ':memory:') db.pragma('locking_mode = EXCLUSIVE');
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma(o.scratch ? 'synchronous = OFF' : 'synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
