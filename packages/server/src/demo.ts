import { seedDemoCalls } from './demo-calls.ts';
import { seedDemoCrm } from './demo-crm.ts';
import { demoCustomers } from './demo-customers.ts';
import { customerStore } from './engines/sqlite/customers.ts';
import type { Db } from './engines/sqlite/open.ts';
import { tenantStore } from './engines/sqlite/tenants.ts';

export const DEMO_TENANT_ID = 'demo';

/**
 * Creates the demo tenant in an empty database (one with no tenants). Returns whether it
 * seeded; a database that already has tenants is never touched.
 */
export const seedDemoTenant = (db: Db, options: { apiKey: string; now: Date }): boolean => {
  const tenants = tenantStore(db);
  if (tenants.list().length > 0) return false;
  db.transaction(() => {
    const { tenant } = tenants.create(
      { id: DEMO_TENANT_ID, name: 'Demo CRM', apiKey: options.apiKey, allowedOrigins: ['*'] },
      options.now,
    );
    const customers = customerStore(db);
    for (const customer of demoCustomers) {
      customers.save(tenant.id, customer, options.now, tenant.widget.defaultCountryCode);
    }
    seedDemoCalls(db, tenant.id, options.now);
    seedDemoCrm(db, tenant.id, options.now);
  })();
  return true;
};
