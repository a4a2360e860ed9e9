import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, sql } from 'kysely';
import type { Database, SqlDialect, SqlEngine } from '../../stores/sql/database.ts';
import type { Pool, PoolClient } from './pool.ts';

/** PostgreSQL's side of the stores written once: JSON(B) columns, the JSONB `?` operator. */
export const postgresDialect: SqlDialect = {
  // node-postgres parses json and jsonb columns itself.
  readJson: <T>(value: unknown) => value as T,
  mergeJsonObject: (column, patch) => sql<string>`${sql.ref(column)} || ${patch}::jsonb`,
  jsonArrayHasAny: (column, values) =>
    sql<boolean>`(${sql.join(
      values.map((value) => sql`${sql.ref(column)} ? ${value}`),
      sql` OR `,
    )})`,
  // TEXT columns without `COLLATE "C"` sort by the database's locale; SQLite sorts by bytes.
  bytewise: (column) => sql<string>`${sql.ref(column)} COLLATE "C"`,
};

const statementNames = new Map<string, string>();
/** One prepared-statement name per SQL text (the shared stores build a few dozen texts at most). */
const statementName = (text: string): string => {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `kysely-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  return name;
};

/**
 * The pool as Kysely's driver sees it, whose clients run every query as a named statement:
 * each connection parses and plans each text once, as the hand-written tenant lookup did
 * (without it, the lookup by API key every request makes costs about 0.1 ms more).
 */
const namedStatements = (pool: Pool): PostgresPool => {
  const wrapped = new WeakMap<PoolClient, PostgresPoolClient>();
  return {
    options: pool.options,
    // The engine ends the pool, not Kysely (which is never destroyed).
    end: async () => undefined,
    async connect() {
      const client = await pool.connect();
      let view = wrapped.get(client);
      if (view === undefined) {
        view = {
          processID: (client as PoolClient & { processID?: number }).processID,
          query: ((text: string, values: readonly unknown[]) =>
            client.query({
              name: statementName(text),
              text,
              values: [...values],
            })) as unknown as PostgresPoolClient['query'],
          release: (destroy?: boolean) => client.release(destroy),
        };
        wrapped.set(client, view);
      }
      return view;
    },
  };
};

/** The shared stores' view of one PostgreSQL pool (ending it stays with the engine). */
export const postgresSql = (pool: Pool): SqlEngine => ({
  db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: namedStatements(pool) }) }),
  dialect: postgresDialect,
});
