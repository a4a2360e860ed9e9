import type { Engine, Stores } from '../../stores/index.ts';
import { customerStore } from '../../stores/sql/customers.ts';
import { presenceStore } from '../../stores/sql/presence.ts';
import { sessionStore } from '../../stores/sql/sessions.ts';
import { tenantStore } from '../../stores/sql/tenants.ts';
import type { TenantStore } from '../../stores/tenants.ts';
import { callEventStore } from './call-events.ts';
import { callStatsStore } from './call-stats.ts';
import { callStore } from './calls.ts';
import { crmStore } from './crm.ts';
import { dashboardStore } from './dashboards.ts';
import { postgresSql } from './dialect.ts';
import { databaseIsHealthy, openPostgres } from './open.ts';
import { type Pool, type PoolOptions, writerPool } from './pool.ts';
import { telephonyStore } from './telephony.ts';

export interface PostgresEngineOptions extends PoolOptions {
  /** Offsets from which call-logs seeks through the rollups (tests lower it). */
  seekAfterRows?: number | undefined;
}

/**
 * Every store on one PostgreSQL database, through one pool, and a small pipelined pool for the
 * call event appends (`writerPool`).
 */
export const postgresEngine = (pool: Pool, options: PostgresEngineOptions = {}): Engine & { pool: Pool } => {
  const writer = writerPool(pool);
  // Tenants, customers and sessions are written once (Kysely); the rest is PostgreSQL's own SQL.
  const shared = postgresSql(pool);
  const stores: Stores = {
    tenants: tenantStore(shared),
    customers: customerStore(shared),
    sessions: sessionStore(shared),
    presence: presenceStore(shared),
    callEvents: callEventStore(pool, writer),
    calls: callStore(pool, { seekAfterRows: options.seekAfterRows }),
    callStats: callStatsStore(pool),
    telephony: telephonyStore(pool),
    crm: crmStore(pool),
    dashboards: dashboardStore(pool),
  };
  return {
    name: 'postgres',
    pool,
    stores,
    healthy: () => databaseIsHealthy(pool),
    close: async () => {
      await Promise.all([writer.end(), pool.end()]);
    },
  };
};

/** Opens the database at `url` (`postgres://...`), migrates it, and returns the engine on it. */
export const openPostgresEngine = async (
  url: string,
  options: PostgresEngineOptions = {},
): Promise<Engine & { pool: Pool }> => postgresEngine(await openPostgres(url, options), options);

/** The tenant store alone on `pool` (tests and tools that seed a tenant). */
export const postgresTenantStore = (pool: Pool): TenantStore => tenantStore(postgresSql(pool));
