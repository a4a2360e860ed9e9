import { randomUUID } from 'node:crypto';
import type { AgentSession, NewAgentSession, SessionStore } from '../../stores/sessions.ts';
import type { Db } from './open.ts';

interface SessionRow {
  id: string;
  tenant_id: string;
  agent_id: string | null;
  agent_name: string | null;
  sdk_version: string | null;
  page: string | null;
  created_at: string;
  last_seen_at: string;
}

const toSession = (row: SessionRow): AgentSession => ({
  id: row.id,
  tenantId: row.tenant_id,
  agentId: row.agent_id,
  agentName: row.agent_name,
  sdkVersion: row.sdk_version,
  page: row.page,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
});

/** The ribbon sessions agents open with `POST /api/ribbon/init`. */
export const sessionStore = (db: Db): SessionStore => {
  const insert = db.prepare<
    [string, string, string | null, string | null, string | null, string | null, string, string]
  >(
    `INSERT INTO agent_sessions (id, tenant_id, agent_id, agent_name, sdk_version, page, created_at, last_seen_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string, string], SessionRow>(
    'SELECT * FROM agent_sessions WHERE tenant_id = ? AND id = ?',
  );
  const forTenant = db.prepare<[string, number], SessionRow>(
    'SELECT * FROM agent_sessions WHERE tenant_id = ? ORDER BY last_seen_at DESC, id LIMIT ?',
  );

  return {
    async open(tenantId: string, input: NewAgentSession, now: Date) {
      const id = `ses_${randomUUID()}`;
      const at = now.toISOString();
      insert.run(
        id,
        tenantId,
        input.agentId ?? null,
        input.agentName ?? null,
        input.sdkVersion ?? null,
        input.page ?? null,
        at,
        at,
      );
      return (await this.get(tenantId, id))!;
    },

    async get(tenantId: string, id: string) {
      const row = byId.get(tenantId, id);
      return row && toSession(row);
    },

    async recent(tenantId: string, limit = 100) {
      return forTenant.all(tenantId, limit).map(toSession);
    },
  };
};
