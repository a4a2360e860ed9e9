import type { Db } from './db/open.ts';
import { tenantStore } from './db/tenants.ts';

export const DEMO_TENANT_ID = 'demo';

/**
 * Creates the demo tenant in an empty database (one with no tenants). Returns whether it
 * seeded; a database that already has tenants is never touched.
 */
export const seedDemoTenant = (db: Db, options: { apiKey: string; now: Date }): boolean => {
  const tenants = tenantStore(db);
  if (tenants.list().length > 0) return false;
  db.transaction(() => {
    tenants.create(
      { id: DEMO_TENANT_ID, name: 'Demo CRM', apiKey: options.apiKey, allowedOrigins: ['*'] },
      options.now,
    );
  })();
  return true;
};
