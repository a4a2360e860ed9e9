import { migrations } from './migrations/index.ts';
import { createPool, type Pool, type PoolOptions } from './pool.ts';

/** Key of the advisory lock that lets one instance at a time migrate a database. */
const MIGRATION_LOCK = 7_305_110_013;

/**
 * Opens a pool on the PostgreSQL database at `url` and brings its schema up to date. Several
 * instances may start at once: the migrations run under an advisory lock, once.
 */
export const openPostgres = async (url: string, options: PoolOptions = {}): Promise<Pool> => {
  const pool = createPool(url, options);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
};

/** Applies every migration the database lacks, each in its own transaction, under the lock. */
export const migrate = async (pool: Pool): Promise<void> => {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      const { rows } = await client.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM schema_migrations',
      );
      const current = rows[0]?.version ?? 0;
      if (current > migrations.length) {
        throw new Error(
          `Database schema version ${current} is newer than this server knows (${migrations.length}): upgrade the server`,
        );
      }
      for (let version = current; version < migrations.length; version++) {
        try {
          await client.query('BEGIN');
          await client.query(migrations[version]!.up);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${version + 1} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
};

/** A trivial query that proves the database answers. */
export const databaseIsHealthy = async (pool: Pool): Promise<boolean> => {
  try {
    const { rows } = await pool.query('SELECT 1 AS ok');
    return rows.length === 1;
  } catch {
    return false;
  }
};
