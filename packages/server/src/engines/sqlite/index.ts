import type { Engine } from '../../stores/index.ts';
import { callEventStore } from './call-events.ts';
import { callStatsStore } from './call-stats.ts';
import { callStore } from './calls.ts';
import { crmStore } from './crm.ts';
import { customerStore } from './customers.ts';
import { dashboardStore } from './dashboards.ts';
import { type Db, databaseIsHealthy } from './open.ts';
import { sessionStore } from './sessions.ts';
import { telephonyStore } from './telephony.ts';
import { tenantStore } from './tenants.ts';

export interface SqliteEngineOptions {
  /** Offsets from which call-logs seeks through the rollups (tests lower it). */
  seekAfterRows?: number | undefined;
}

/** Every store on one SQLite database (better-sqlite3: each statement runs to completion). */
export const sqliteEngine = (db: Db, options: SqliteEngineOptions = {}): Engine & { db: Db } => ({
  name: 'sqlite',
  db,
  stores: {
    tenants: tenantStore(db),
    customers: customerStore(db),
    sessions: sessionStore(db),
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
});
