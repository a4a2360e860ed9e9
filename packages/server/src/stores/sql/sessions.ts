import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AgentSession, NewAgentSession, SessionStore } from '../sessions.ts';
import type { AgentSessionsTable, SqlEngine } from './database.ts';

// Named columns, not `*`: a prepared statement keeps its result type if a migration adds one.
const COLUMNS = [
  'id',
  'tenant_id',
  'agent_id',
  'agent_name',
  'sdk_version',
  'page',
  'created_at',
  'last_seen_at',
] as const;

const toSession = (row: Selectable<AgentSessionsTable>): AgentSession => ({
  id: row.id,
  tenantId: row.tenant_id,
  agentId: row.agent_id,
  agentName: row.agent_name,
  sdkVersion: row.sdk_version,
  page: row.page,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
});

/** The ribbon sessions agents open with `POST /api/ribbon/init`, on either engine. */
export const sessionStore = ({ db }: SqlEngine): SessionStore => ({
  async open(tenantId: string, input: NewAgentSession, now: Date) {
    const at = now.toISOString();
    const row = await db
      .insertInto('agent_sessions')
      .values({
        tenant_id: tenantId,
        id: `ses_${randomUUID()}`,
        agent_id: input.agentId ?? null,
        agent_name: input.agentName ?? null,
        sdk_version: input.sdkVersion ?? null,
        page: input.page ?? null,
        created_at: at,
        last_seen_at: at,
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toSession(row);
  },

  async get(tenantId: string, id: string) {
    const row = await db
      .selectFrom('agent_sessions')
      .select(COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toSession(row);
  },

  async recent(tenantId: string, limit = 100) {
    const rows = await db
      .selectFrom('agent_sessions')
      .select(COLUMNS)
      .where('tenant_id', '=', tenantId)
      .orderBy('last_seen_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toSession);
  },
});
