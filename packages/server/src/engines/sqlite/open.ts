import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations/index.ts';

export type Db = Database.Database;

/**
 * How hard a commit waits for the disk (docs/running-the-server.md, Durability): `full`
 * survives power loss and an OS crash; `normal` (in WAL) survives a process crash only.
 */
export type DatabaseSync = 'full' | 'normal';

export interface OpenDatabaseOptions {
  /** Default `full`: an acknowledged call event is on disk. */
  synchronous?: DatabaseSync;
}

/**
 * Opens (creating if needed) the SQLite file, in WAL mode with foreign keys on, and brings
 * its schema up to date. `:memory:` gives a private database, for tests.
 */
export const openDatabase = (path: string, options: OpenDatabaseOptions = {}): Db => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
};

export const migrate = (db: Db): void => {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `Database schema version ${current} is newer than this server knows (${migrations.length}): upgrade the server`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!.up);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
};

/** A trivial query that proves the database answers. */
export const databaseIsHealthy = (db: Db): boolean => {
  try {
    return db.prepare('SELECT 1 AS ok').get() !== undefined;
  } catch {
    return false;
  }
};
