import * as tenants001 from './001_tenants.ts';
import * as calls002 from './002_calls.ts';
import * as customers003 from './003_customers.ts';
import * as crm004 from './004_crm.ts';
import * as telephony005 from './005_telephony.ts';
import * as callRollupColumns006 from './006_call_rollup_columns.ts';
import * as dashboardIndexes007 from './007_dashboard_indexes.ts';
import * as telephonySafety008 from './008_telephony_safety.ts';
import * as eventSequence009 from './009_event_sequence.ts';
import * as agentPresence010 from './010_agent_presence.ts';

/**
 * Every migration, in order. Entry N brings the database to `PRAGMA user_version = N`.
 * Append only: never edit or reorder a migration that has shipped.
 */
export const migrations: readonly { readonly up: string }[] = [
  tenants001,
  calls002,
  customers003,
  crm004,
  telephony005,
  callRollupColumns006,
  dashboardIndexes007,
  telephonySafety008,
  eventSequence009,
  agentPresence010,
];
