import { createHash } from 'node:crypto';
import pg from 'pg';

/** A pool of connections to one PostgreSQL database (node-postgres). */
export type Pool = pg.Pool;
/** Anything that runs a query: the pool itself, or one client inside a transaction. */
export type Queryable = pg.Pool | pg.PoolClient;
export type PoolClient = pg.PoolClient;

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Counts, epoch milliseconds and sums come back as numbers (node-postgres gives strings for
 * BIGINT and NUMERIC): every value this server stores fits in 2^53.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if ((oid === INT8 || oid === NUMERIC) && format !== 'binary') {
      return (value: string) => Number(value);
    }
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PoolOptions {
  /** Connections held at most (default 10). */
  max?: number | undefined;
  /** Send queries issued together without waiting for each answer (one round trip for several). */
  pipeline?: boolean | undefined;
}

/** A pool on `url` (`postgres://user:pass@host:port/db`) whose numbers are numbers. */
export const createPool = (url: string, options: PoolOptions = {}): Pool =>
  new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    pipeline: options.pipeline ?? false,
    types,
    // Range reads group tens of thousands of rollup rows (top customers of a month): in memory, not on disk.
    options: '-c work_mem=32MB',
  });

/**
 * A second, small pool on the same database whose connections pipeline: the call event
 * store's appends run there (it needs no more than the one transaction in flight per instance
 * that the group commit gives it, and a spare).
 */
export const writerPool = (pool: Pool): Pool => {
  const url = pool.options.connectionString;
  if (url === undefined) throw new Error('writerPool: the pool was not made from a connection string');
  return createPool(url, { max: 2, pipeline: true });
};

/**
 * Runs `work` in one transaction on one client of the pool: committed when it resolves,
 * rolled back when it throws (and the error rethrown).
 */
export const inTransaction = async <T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

/**
 * A query written with `@name` parameters (as the SQLite stores write theirs), turned into
 * PostgreSQL's `$1, $2, ...`: each name becomes one positional parameter, however often used.
 */
export const named = (text: string, params: Record<string, unknown>): { text: string; values: unknown[] } => {
  const positions = new Map<string, number>();
  const values: unknown[] = [];
  const converted = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_match, name: string) => {
    let position = positions.get(name);
    if (position === undefined) {
      if (!(name in params)) throw new Error(`named: no value for @${name}`);
      values.push(params[name]);
      position = values.length;
      positions.set(name, position);
    }
    return `$${position}`;
  });
  return { text: converted, values };
};

/** One column of a bulk write: its name, its PostgreSQL type, and one value per row. */
export interface BulkColumn {
  name: string;
  type: string;
  values: unknown[];
}

/** `INSERT ... SELECT FROM unnest(...) ON CONFLICT`: many rows in one statement, one parameter per column. */
export interface BulkUpsert {
  table: string;
  columns: readonly BulkColumn[];
  /** The unique columns of the conflict target. */
  conflict: readonly string[];
  /** `SET` assignments on conflict (the table is aliased `t`); none: DO NOTHING. */
  updates: readonly string[];
}

/**
 * Several bulk upserts as one statement (one round trip): all but the last in `WITH` clauses.
 * Returns undefined when there is nothing to write.
 */
export const bulkUpserts = (
  upserts: readonly BulkUpsert[],
): { name: string; text: string; values: unknown[] } | undefined => {
  const nonEmpty = upserts.filter((upsert) => (upsert.columns[0]?.values.length ?? 0) > 0);
  if (nonEmpty.length === 0) return undefined;
  const values: unknown[] = [];
  const statements = nonEmpty.map((upsert) => {
    const arrays = upsert.columns.map((column) => {
      values.push(column.values);
      return `$${values.length}::${column.type}[]`;
    });
    const action = upsert.updates.length === 0 ? 'NOTHING' : `UPDATE SET ${upsert.updates.join(', ')}`;
    return `INSERT INTO ${upsert.table} AS t (${upsert.columns.map((column) => column.name).join(', ')})
      SELECT * FROM unnest(${arrays.join(', ')})
      ON CONFLICT (${upsert.conflict.join(', ')}) DO ${action}`;
  });
  const last = statements.pop()!;
  const text =
    statements.length === 0
      ? last
      : `WITH ${statements.map((s, i) => `w${i} AS (${s})`).join(',\n')}\n${last}`;
  // Named, so each connection parses and plans each shape once (there are few: one per set of tables).
  return { name: preparedName(text), text, values };
};

const preparedNames = new Map<string, string>();
/** A prepared-statement name for a generated statement: the same text, the same name. */
const preparedName = (text: string): string => {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `bulk-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    preparedNames.set(text, name);
  }
  return name;
};
