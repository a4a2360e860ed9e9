import { type Selectable, sql } from 'kysely';
import type { AgentPresenceRecord, PresenceStore } from '../presence.ts';
import type { AgentPresenceTable, SqlEngine } from './database.ts';

const COLUMNS = ['agent_id', 'name', 'status', 'status_since', 'last_seen_at'] as const;

const toRecord = (
  row: Pick<Selectable<AgentPresenceTable>, (typeof COLUMNS)[number]>,
): AgentPresenceRecord => ({
  agentId: row.agent_id,
  name: row.name,
  status: row.status,
  statusSince: row.status_since,
  lastSeenAt: row.last_seen_at,
});

/** Agent presence on either engine: one upsert per heartbeat, keyed by (tenant, agent). */
export const presenceStore = ({ db, dialect }: SqlEngine): PresenceStore => ({
  async set(tenantId, agentId, input, now) {
    const at = now.toISOString();
    const row = await db
      .insertInto('agent_presence')
      .values({
        tenant_id: tenantId,
        agent_id: agentId,
        name: input.name ?? null,
        status: input.status,
        status_since: at,
        last_seen_at: at,
      })
      .onConflict((conflict) =>
        conflict.columns(['tenant_id', 'agent_id']).doUpdateSet({
          name: sql<string | null>`COALESCE(excluded.name, agent_presence.name)`,
          status: sql<AgentPresenceRecord['status']>`excluded.status`,
          // A heartbeat repeating the status keeps the time it was chosen.
          status_since: sql<string>`CASE WHEN agent_presence.status = excluded.status THEN agent_presence.status_since ELSE excluded.status_since END`,
          last_seen_at: sql<string>`excluded.last_seen_at`,
        }),
      )
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toRecord(row);
  },

  async list(tenantId) {
    const rows = await db
      .selectFrom('agent_presence')
      .select(COLUMNS)
      .where('tenant_id', '=', tenantId)
      .orderBy(dialect.bytewise('agent_id'))
      .execute();
    return rows.map(toRecord);
  },
});
