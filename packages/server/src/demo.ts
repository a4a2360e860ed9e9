import { seedDemoCalls } from './demo-calls.ts';
import { seedDemoCrm } from './demo-crm.ts';
import { demoCustomers } from './demo-customers.ts';
import type { Stores } from './stores/index.ts';

export const DEMO_TENANT_ID = 'demo';

/**
 * Creates the demo tenant in an empty database (one with no tenants). Returns whether it
 * seeded; a database that already has tenants is never touched.
 */
export const seedDemoTenant = async (
  stores: Stores,
  options: { apiKey: string; now: Date },
): Promise<boolean> => {
  if ((await stores.tenants.list()).length > 0) return false;
  let created: Awaited<ReturnType<Stores['tenants']['create']>>;
  try {
    created = await stores.tenants.create(
      { id: DEMO_TENANT_ID, name: 'Demo CRM', apiKey: options.apiKey, allowedOrigins: ['*'] },
      options.now,
    );
  } catch (error) {
    // Two instances started together on one database: the other one is seeding it.
    if (await stores.tenants.get(DEMO_TENANT_ID)) return false;
    throw error;
  }
  const { tenant } = created;
  for (const customer of demoCustomers) {
    await stores.customers.save(tenant.id, customer, options.now, tenant.widget.defaultCountryCode);
  }
  await seedDemoCalls(stores.callEvents, tenant.id, options.now);
  await seedDemoCrm(stores.crm, tenant.id, options.now);
  return true;
};
