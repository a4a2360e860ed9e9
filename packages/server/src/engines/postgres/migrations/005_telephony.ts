/**
 * Per-tenant Exotel settings (credentials sealed by the caller, never in clear), the calls
 * placed through Exotel, and the monthly call slots that make the limit one atomic statement:
 * SQLite's 005 and 008 together. `telephony_settings` is found by its callback secret, like
 * `tenants` by key hash: under Citus both are small reference tables; the others are keyed by tenant.
 */
export const up = `
CREATE TABLE telephony_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('exotel', 'exotel-webrtc')),
  account_sid TEXT NOT NULL,
  sealed_credentials TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL,
  caller_id TEXT NOT NULL,
  callback_secret TEXT NOT NULL UNIQUE,
  -- JSON, not JSONB: read whole, its agents in the order they were saved (as SQLite keeps them).
  agents JSON NOT NULL DEFAULT '{}',
  record BOOLEAN NOT NULL DEFAULT false,
  updated_at TEXT NOT NULL
);

CREATE TABLE provider_calls (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  provider_call_sid TEXT COLLATE "C" NOT NULL,
  call_id TEXT NOT NULL,
  placed_ms BIGINT NOT NULL,
  terminal_ms BIGINT,
  checked_ms BIGINT,
  PRIMARY KEY (tenant_id, provider_call_sid)
);

CREATE INDEX provider_calls_by_call ON provider_calls (tenant_id, call_id);
-- Only calls still waiting for their terminal callback: the reconciliation sweep reads these.
CREATE INDEX provider_calls_open ON provider_calls (tenant_id, placed_ms) WHERE terminal_ms IS NULL;

CREATE TABLE call_slots (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  month_start_ms BIGINT NOT NULL,
  taken INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, month_start_ms)
);
`;
