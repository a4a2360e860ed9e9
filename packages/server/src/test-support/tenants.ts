import { after } from 'node:test';
import pg from 'pg';
import { type App, createApp } from '../app.ts';
import { openPostgresEngine } from '../engines/postgres/index.ts';
import type { Pool } from '../engines/postgres/pool.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { type Db, openDatabase } from '../engines/sqlite/open.ts';
import type { Engine, Stores, Tenant } from '../stores/index.ts';
import { freshPostgresUrl } from './postgres.ts';

export const ACME_KEY = 'acme-test-key';
export const GLOBEX_KEY = 'globex-test-key';
export const ADMIN_TOKEN = 'admin-test-token';

/**
 * The engine route tests run on: SQLite by default, PostgreSQL with
 * `CALL_RIBBON_TEST_ENGINE=postgres` (under `scripts/with-postgres.ts`, which provides the server).
 */
export const testEngineName: 'sqlite' | 'postgres' =
  process.env.CALL_RIBBON_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** Why a test that reads the SQLite database directly skips on PostgreSQL; false on SQLite. */
export const sqliteOnly: string | false =
  testEngineName === 'postgres'
    ? 'reads the SQLite database directly (CALL_RIBBON_TEST_ENGINE=postgres)'
    : false;

let migratedTemplate: Promise<string> | undefined;
let copies = 0;

/**
 * A new PostgreSQL database already migrated: a copy of one migrated per test process
 * (`CREATE DATABASE ... TEMPLATE`), cheaper than running every migration for each test.
 */
const migratedPostgresUrl = async (): Promise<string> => {
  migratedTemplate ??= (async () => {
    const url = await freshPostgresUrl();
    await (await openPostgresEngine(url, { max: 1 })).close();
    return new URL(url).pathname.slice(1);
  })();
  const template = await migratedTemplate;
  // Both names are ours: letters, digits and `_` (see freshPostgresUrl).
  const name = `${template}_${++copies}`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await client.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A fresh, empty engine of the kind the tests run on: an in-memory SQLite database, or a new
 * PostgreSQL database (already migrated) whose pools close when the calling test ends.
 */
export const freshTestEngine = async (options: { seekAfterRows?: number } = {}): Promise<Engine> => {
  if (testEngineName === 'sqlite') {
    return sqliteEngine(openDatabase(':memory:'), { seekAfterRows: options.seekAfterRows });
  }
  const engine = await openPostgresEngine(await migratedPostgresUrl(), {
    max: 4,
    seekAfterRows: options.seekAfterRows,
  });
  // Closed when the test (or suite, or file) that opened it ends: idle connections would
  // otherwise hold the test process open for the pools' idle timeout (10 s).
  after(() => engine.close());
  return engine;
};

/** What a test may check of the database underneath, on either engine. */
export interface StoredRows {
  /**
   * Rows written so far by INSERT, UPDATE and DELETE: SQLite's total_changes(); on PostgreSQL
   * counted by row triggers installed on first use (so call it once before the step it watches).
   */
  changes(): Promise<number>;
  /** Every row of the tenant, per table that has a tenant column (and its `tenants` row), in a fixed order. */
  tenantRows(tenantId: string): Promise<Record<string, unknown[]>>;
}

const sqliteRows = (db: Db): StoredRows => ({
  changes: async () => db.prepare('SELECT total_changes()').pluck().get() as number,
  async tenantRows(tenantId) {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const snapshot: Record<string, unknown[]> = {};
    for (const table of tables) {
      const columns = (db.pragma(`table_info("${table}")`) as { name: string }[]).map(
        (column) => column.name,
      );
      const where = columns.includes('tenant_id') ? 'tenant_id' : table === 'tenants' ? 'id' : undefined;
      if (where === undefined) continue;
      const order = columns.map((_, index) => index + 1).join(', ');
      snapshot[table] = db
        .prepare(`SELECT * FROM "${table}" WHERE "${where}" = ? ORDER BY ${order}`)
        .all(tenantId);
    }
    return snapshot;
  },
});

const COUNT_CHANGES = `
CREATE SEQUENCE test_row_changes;
CREATE FUNCTION test_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM nextval('test_row_changes'); RETURN NULL; END $$;
DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('CREATE TRIGGER test_count_change AFTER INSERT OR UPDATE OR DELETE ON %I
      FOR EACH ROW EXECUTE FUNCTION test_count_change()', t);
  END LOOP;
END $$;`;

const postgresRows = (pool: Pool): StoredRows => {
  let counting: Promise<unknown> | undefined;
  return {
    async changes() {
      counting ??= pool.query(COUNT_CHANGES);
      await counting;
      const { rows } = await pool.query<{ last_value: number; is_called: boolean }>(
        'SELECT last_value, is_called FROM test_row_changes',
      );
      return rows[0]!.is_called ? rows[0]!.last_value : 0;
    },
    async tenantRows(tenantId) {
      const { rows: columns } = await pool.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
      );
      const byTable = new Map<string, string[]>();
      for (const { table_name: table, column_name: name } of columns) {
        byTable.set(table, [...(byTable.get(table) ?? []), name]);
      }
      const snapshot: Record<string, unknown[]> = {};
      for (const [table, names] of [...byTable].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const where = names.includes('tenant_id') ? 'tenant_id' : table === 'tenants' ? 'id' : undefined;
        if (where === undefined) continue;
        // As text: a JSON column has no ordering of its own.
        const order = names.map((name) => `"${name}"::text`).join(', ');
        snapshot[table] = (
          await pool.query(`SELECT * FROM "${table}" WHERE "${where}" = $1 ORDER BY ${order}`, [tenantId])
        ).rows;
      }
      return snapshot;
    },
  };
};

/** The rows under an engine made by `freshTestEngine`. */
export const storedRows = (engine: Engine): StoredRows => {
  if ('db' in engine) return sqliteRows(engine.db as Db);
  if ('pool' in engine) return postgresRows(engine.pool as Pool);
  throw new Error(`No way to read the rows of a ${engine.name} engine`);
};

/**
 * An app on a fresh database (see `freshTestEngine`) with two tenants, Acme (browser origin
 * https://crm.acme.example) and Globex (no browser origin), and a clock the test moves.
 */
export interface TwoTenants {
  app: App;
  /**
   * The SQLite database underneath, for tests that look at what was stored. On PostgreSQL
   * any use of it throws: such tests skip with `sqliteOnly`, or use `stored`.
   */
  db: Db;
  /** The stored rows, on either engine: write counts and a tenant's rows. */
  stored: StoredRows;
  stores: Stores;
  acme: Tenant;
  globex: Tenant;
  setNow(iso: string): void;
}

export const twoTenantApp = async (
  options: {
    now?: string;
    adminToken?: string | undefined;
    maxBodyBytes?: number;
    seekAfterRows?: number;
  } = {},
): Promise<TwoTenants> => {
  let now = new Date(options.now ?? '2025-10-12T09:00:00Z');
  const engine = await freshTestEngine({
    ...(options.seekAfterRows !== undefined && { seekAfterRows: options.seekAfterRows }),
  });
  const { stores } = engine;
  const app = createApp({
    engine,
    clock: () => now,
    adminToken: 'adminToken' in options ? options.adminToken : ADMIN_TOKEN,
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  const { tenant: acme } = await stores.tenants.create(
    { id: 'acme', name: 'Acme', apiKey: ACME_KEY, allowedOrigins: ['https://crm.acme.example'] },
    now,
  );
  const { tenant: globex } = await stores.tenants.create(
    { id: 'globex', name: 'Globex', apiKey: GLOBEX_KEY },
    now,
  );
  return {
    app,
    db:
      'db' in engine
        ? (engine.db as Db)
        : new Proxy({} as Db, {
            get: () => {
              throw new Error(`This test ${sqliteOnly}`);
            },
          }),
    stored: storedRows(engine),
    stores,
    acme,
    globex,
    setNow(iso: string) {
      now = new Date(iso);
    },
  };
};

export interface CallOptions {
  method?: string;
  key?: string;
  admin?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely, then check them.
  json: any;
  text: string;
}

/** One request through `app.request()`; JSON bodies are parsed, others returned as text. */
export const call = async (
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  options: CallOptions = {},
): Promise<CallResult> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['X-API-Key'] = options.key;
  if (options.admin !== undefined) headers.Authorization = `Bearer ${options.admin}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await app.request(path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined && { body }),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  const json: unknown = isJson && text !== '' ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
};
