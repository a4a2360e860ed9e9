/**
 * Agent presence (SQLite's 010): the status each agent chose and when their ribbon was last
 * heard from; "on a call" and "offline" are derived when read.
 */
export const up = `
CREATE TABLE agent_presence (
  tenant_id TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  agent_id TEXT COLLATE "C" NOT NULL,
  name TEXT,
  status TEXT NOT NULL CHECK (status IN ('available', 'busy', 'away')),
  status_since TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  PRIMARY KEY (tenant_id, agent_id)
);
`;
