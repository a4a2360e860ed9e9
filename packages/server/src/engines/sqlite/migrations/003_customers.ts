/** Customers, agent sessions and telephony settings (owned by the customers/config/admin work). */
export const up = `
CREATE TABLE customers (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  customer_id TEXT NOT NULL,
  name TEXT,
  email TEXT,
  phone TEXT,
  phone_e164 TEXT,
  company TEXT,
  custom_fields TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX customers_by_phone ON customers (tenant_id, phone_e164) WHERE phone_e164 IS NOT NULL;

CREATE TABLE agent_sessions (
  id TEXT PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent_id TEXT,
  agent_name TEXT,
  sdk_version TEXT,
  page TEXT,
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
) STRICT;

CREATE INDEX agent_sessions_by_tenant ON agent_sessions (tenant_id, last_seen_at);
`;
