/**
 * Tenants ("clients") and the hashes of their API keys. Every other table names its tenant
 * first; `tenants` itself is small and read by key hash, so under Citus it is a reference table.
 */
export const up = `
CREATE TABLE tenants (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,
  timezone TEXT NOT NULL DEFAULT 'Asia/Kolkata',
  monthly_call_limit INTEGER NOT NULL DEFAULT 10000,
  allowed_origins JSONB NOT NULL DEFAULT '[]',
  widget JSONB NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
);
`;
