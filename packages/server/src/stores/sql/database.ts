import type { ColumnType, Expression, Generated, Kysely, RawBuilder, SqlBool } from 'kysely';

/**
 * A JSON column: read as the driver gives it (SQLite: the text; PostgreSQL: the parsed value,
 * see `SqlDialect.readJson`), written as JSON text (PostgreSQL casts it to the column's type).
 */
type JsonColumn = ColumnType<unknown, string, string>;
/** A JSON column with a default. */
type JsonColumnWithDefault = ColumnType<unknown, string | undefined, string>;

/** `tenants` (SQLite 001 + 009, PostgreSQL 001 + 003). */
export interface TenantsTable {
  id: string;
  name: string;
  api_key_hash: string;
  timezone: ColumnType<string, string | undefined, string>;
  monthly_call_limit: ColumnType<number, number | undefined, number>;
  allowed_origins: JsonColumnWithDefault;
  widget: JsonColumnWithDefault;
  created_at: string;
  key_version: Generated<number>;
}

/** `customers` (003 on both engines). */
export interface CustomersTable {
  tenant_id: string;
  customer_id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  phone_e164: string | null;
  company: string | null;
  custom_fields: JsonColumn;
  created_at: string;
  updated_at: string;
}

/** `agent_sessions` (003 on both engines). */
export interface AgentSessionsTable {
  id: string;
  tenant_id: string;
  agent_id: string | null;
  agent_name: string | null;
  sdk_version: string | null;
  page: string | null;
  created_at: string;
  last_seen_at: string;
}

/** `agent_presence` (SQLite 010, PostgreSQL 006). */
export interface AgentPresenceTable {
  tenant_id: string;
  agent_id: string;
  name: string | null;
  status: 'available' | 'busy' | 'away';
  status_since: string;
  last_seen_at: string;
}

/**
 * The tables the stores written once with Kysely read and write, as both engines' migrations
 * create them. The hot-path tables (call events, calls, rollups) are not here: their SQL is
 * per engine.
 */
export interface Database {
  tenants: TenantsTable;
  customers: CustomersTable;
  agent_sessions: AgentSessionsTable;
  agent_presence: AgentPresenceTable;
}

/** What the two engines write differently; one implementation per engine, in its `dialect.ts`. */
export interface SqlDialect {
  /** A JSON column's value as read (SQLite gives text, PostgreSQL the parsed value). */
  readJson<T>(value: unknown): T;
  /** The JSON object in `column` with the keys of `patch` (JSON text) set over it. */
  mergeJsonObject(column: string, patch: string): RawBuilder<string>;
  /** Whether the JSON array of strings in `column` holds any of `values`. */
  jsonArrayHasAny(column: string, values: readonly string[]): RawBuilder<SqlBool>;
  /** `column` for ORDER BY, compared byte by byte (PostgreSQL collations otherwise differ). */
  bytewise(column: string): Expression<string>;
}

/** One engine's database for the shared stores: the query builder and its dialect helpers. */
export interface SqlEngine {
  db: Kysely<Database>;
  dialect: SqlDialect;
}
