import * as tenants001 from './001_tenants.ts';
import * as calls002 from './002_calls.ts';
import * as customers003 from './003_customers.ts';
import * as crm004 from './004_crm.ts';
import * as telephony005 from './005_telephony.ts';
import * as agentPresence006 from './006_agent_presence.ts';

/**
 * Every PostgreSQL migration, in order: entry N brings the database to version N (recorded in
 * `schema_migrations`). Append only: never edit or reorder a migration that has shipped.
 */
export const migrations: readonly { readonly up: string }[] = [
  tenants001,
  calls002,
  customers003,
  crm004,
  telephony005,
  agentPresence006,
];
