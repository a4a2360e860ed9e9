import { Kysely, SqliteDialect, type SqliteStatement, sql } from 'kysely';
import type { Database, SqlDialect, SqlEngine } from '../../stores/sql/database.ts';
import type { Db } from './open.ts';

/** SQLite's side of the stores written once: JSON is TEXT, arrays are searched with json_each. */
export const sqliteDialect: SqlDialect = {
  readJson: <T>(value: unknown) => JSON.parse(value as string) as T,
  // The patches are flat objects without nulls, so json_patch is a shallow merge.
  mergeJsonObject: (column, patch) => sql<string>`json_patch(${sql.ref(column)}, ${patch})`,
  jsonArrayHasAny: (column, values) =>
    sql<boolean>`exists (select 1 from json_each(${sql.ref(column)}) where value in (${sql.join(values)}))`,
  // TEXT compares byte by byte (BINARY) unless told otherwise.
  bytewise: (column) => sql.ref<string>(column),
};

/** Statements kept per SQL text: Kysely's driver would otherwise prepare each query anew. */
const STATEMENT_CACHE_SIZE = 200;

/**
 * The database as Kysely's SQLite driver sees it, whose `prepare` reuses one statement per SQL
 * text (better-sqlite3 statements are reusable; a query builder yields few distinct texts).
 */
const preparedOnce = (db: Db) => {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(text: string): SqliteStatement {
      let statement = statements.get(text);
      if (statement === undefined) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
        statement = db.prepare(text) as unknown as SqliteStatement;
        statements.set(text, statement);
      }
      return statement;
    },
  };
};

/** The shared stores' view of one SQLite database (closing stays with the engine). */
export const sqliteSql = (db: Db): SqlEngine => ({
  db: new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(db) }) }),
  dialect: sqliteDialect,
});
