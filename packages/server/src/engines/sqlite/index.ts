import type { Engine } from '../../stores/index.ts';
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
import { sqliteSql } from './dialect.ts';
import { type Db, databaseIsHealthy } from './open.ts';
import { telephonyStore } from './telephony.ts';

export interface SqliteEngineOptions {
  /** Offsets from which call-logs seeks through the rollups (tests lower it). */
  seekAfterRows?: number | undefined;
}

/** Every store on one SQLite database (better-sqlite3: each statement runs to completion). */
export const sqliteEngine = (db: Db, options: SqliteEngineOptions = {}): Engine & { db: Db } => {
  // Tenants, customers and sessions are written once (Kysely); the rest is SQLite's own SQL.
  const shared = sqliteSql(db);
  return {
    name: 'sqlite',
    db,
    stores: {
      tenants: tenantStore(shared),
      customers: customerStore(shared),
      sessions: sessionStore(shared),
      presence: presenceStore(shared),
      callEvents: callEventStore(db),
      calls: callStore(db, { seekAfterRows: options.seekAfterRows }),
      callStats: callStatsStore(db),
      telephony: telephonyStore(db),
      crm: crmStore(db),
      dashboards: dashboardStore(db),
    },
    healthy: async () => databaseIsHealthy(db),
    close: async () => {
      db.close();
    },
  };
};

/** The tenant store alone on `db` (tests and tools that seed a tenant). */
export const sqliteTenantStore = (db: Db): TenantStore => tenantStore(sqliteSql(db));
