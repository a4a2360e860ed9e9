/**
 * Customers and agent sessions, and the tenants' key version (SQLite's 009: raised by every key
 * rotation, it voids older stream tokens). Text that is compared or ordered uses the "C" collation, so
 * PostgreSQL orders ids and ISO instants byte by byte as SQLite does, whatever the server's locale.
 */
export const up = `
ALTER TABLE tenants ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE customers (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  customer_id TEXT COLLATE "C" NOT NULL,
  name TEXT,
  email TEXT,
  phone TEXT,
  phone_e164 TEXT COLLATE "C",
  company TEXT,
  -- JSON, not JSONB: read whole, and its keys come back in the order the CRM sent them.
  custom_fields JSON NOT NULL DEFAULT '{}',
  created_at TEXT COLLATE "C" NOT NULL,
  updated_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, customer_id)
);

CREATE INDEX customers_by_phone ON customers (tenant_id, phone_e164) WHERE phone_e164 IS NOT NULL;

CREATE TABLE agent_sessions (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id TEXT COLLATE "C" NOT NULL,
  agent_id TEXT,
  agent_name TEXT,
  sdk_version TEXT,
  page TEXT,
  created_at TEXT COLLATE "C" NOT NULL,
  last_seen_at TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

CREATE INDEX agent_sessions_by_tenant ON agent_sessions (tenant_id, last_seen_at);
`;
