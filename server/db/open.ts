// Opens the SQLite database the server runs on, tuned for a single-process HTTP server.
import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type Sqlite = Database.Database;

/**
 * `path` is a file path or `:memory:`. WAL lets readers run while a write commits;
 * synchronous=NORMAL is durable across process crashes (not power loss) and keeps
 * autocommit inserts cheap; busy_timeout covers a second process (a CLI inspecting the file).
 */
export function openDatabase(path: string): Sqlite {
  const db = new Database(path);
  if (path !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}
