/** Per-tenant Exotel settings (secrets never leave the server) and the calls placed through Exotel. */
export const up = `
CREATE TABLE telephony_settings (
  tenant_id TEXT PRIMARY KEY REFERENCES tenants(id) ON DELETE CASCADE,
  provider TEXT NOT NULL CHECK (provider IN ('exotel', 'exotel-webrtc')),
  account_sid TEXT NOT NULL,
  api_key TEXT NOT NULL,
  api_token TEXT NOT NULL,
  host TEXT NOT NULL,
  caller_id TEXT NOT NULL,
  callback_secret TEXT NOT NULL UNIQUE,
  agents TEXT NOT NULL DEFAULT '{}',
  record INTEGER NOT NULL DEFAULT 0,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE provider_calls (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  provider_call_sid TEXT NOT NULL,
  call_id TEXT NOT NULL,
  placed_ms INTEGER NOT NULL,
  terminal_ms INTEGER,
  checked_ms INTEGER,
  PRIMARY KEY (tenant_id, provider_call_sid)
) STRICT, WITHOUT ROWID;

CREATE INDEX provider_calls_by_call ON provider_calls (tenant_id, call_id);
CREATE INDEX provider_calls_open ON provider_calls (placed_ms) WHERE terminal_ms IS NULL;
`;
