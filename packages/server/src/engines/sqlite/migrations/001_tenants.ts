/** Tenants ("clients") and the hashes of their API keys. */
export const up = `
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,
  timezone TEXT NOT NULL DEFAULT 'Asia/Kolkata',
  monthly_call_limit INTEGER NOT NULL DEFAULT 10000,
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  widget TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
) STRICT;
`;
