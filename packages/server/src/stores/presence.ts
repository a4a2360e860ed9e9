import type { AgentChosenStatus } from '@call-ribbon/contract';

/** An agent as their ribbon registered them: the status they chose and when the ribbon was last heard from. */
export interface AgentPresenceRecord {
  agentId: string;
  name: string | null;
  status: AgentChosenStatus;
  /** When the agent chose this status (ISO-8601). */
  statusSince: string;
  /** The ribbon's last presence call (ISO-8601): its heartbeat. */
  lastSeenAt: string;
}

/** Agent presence per tenant. "On a call" and "offline" are not stored: they are derived when read. */
export interface PresenceStore {
  /**
   * Registers the agent or updates them: sets the status (its `statusSince` moves only when
   * it changes), the name when given, and `lastSeenAt` to `now`.
   */
  set(
    tenantId: string,
    agentId: string,
    input: { status: AgentChosenStatus; name?: string | undefined },
    now: Date,
  ): Promise<AgentPresenceRecord>;
  /** Every registered agent of the tenant, by agent id. */
  list(tenantId: string): Promise<AgentPresenceRecord[]>;
}
