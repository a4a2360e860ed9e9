/**
 * Agent presence: one row per agent a ribbon has registered, with the status the agent chose
 * and when the ribbon was last heard from. "On a call" and "offline" are derived when read
 * (from the live calls and `last_seen_at`), so nothing has to flip them back.
 */
export const up = `
CREATE TABLE agent_presence (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent_id TEXT NOT NULL,
  name TEXT,
  status TEXT NOT NULL CHECK (status IN ('available', 'busy', 'away')),
  status_since TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
) STRICT;
`;
