/**
 * Agent presence as shown: the status an agent chose in the ribbon, overridden by what the
 * server knows — "on a call" while a live call carries the agent's id, "offline" once the
 * ribbon has been silent too long. Derived when read, so nothing has to be flipped back.
 */
import type { AgentPresence, AgentStatus, Call } from '@call-ribbon/contract';
import type { AgentPresenceRecord, Stores } from '../stores/index.ts';

/** A ribbon heard from less recently than this is offline (it heartbeats every 30 s). */
export const PRESENCE_OFFLINE_SECONDS = 90;

/** Call statuses during which the call's agent is busy with it. */
const LIVE_STATUSES: ReadonlySet<Call['status']> = new Set(['dialing', 'ringing', 'connected', 'on-hold']);

export interface PresenceContext {
  stores: Pick<Stores, 'presence' | 'calls'>;
  clock: () => Date;
  /** A call with no event for this long is stale, not live. */
  staleCallMs: number;
}

const statusOf = (record: AgentPresenceRecord, call: Call | undefined, nowMs: number): AgentStatus => {
  if (nowMs - Date.parse(record.lastSeenAt) > PRESENCE_OFFLINE_SECONDS * 1000) return 'offline';
  if (call) return 'on-call';
  return record.status;
};

/** Every registered agent of the tenant with the status to show and their live call. */
export const listAgents = async (context: PresenceContext, tenantId: string): Promise<AgentPresence[]> => {
  const now = context.clock();
  const [records, active] = await Promise.all([
    context.stores.presence.list(tenantId),
    context.stores.calls.active(tenantId, new Date(now.getTime() - context.staleCallMs)),
  ]);
  // `active` is newest first: the first live call of an agent is their current one.
  const callOf = new Map<string, Call>();
  for (const call of active) {
    if (call.agentId && LIVE_STATUSES.has(call.status) && !callOf.has(call.agentId))
      callOf.set(call.agentId, call);
  }
  return records.map((record) => {
    const call = callOf.get(record.agentId);
    return {
      agentId: record.agentId,
      name: record.name,
      status: statusOf(record, call, now.getTime()),
      chosenStatus: record.status,
      statusSince: record.statusSince,
      lastSeenAt: record.lastSeenAt,
      currentCall: call
        ? {
            callId: call.callId,
            direction: call.direction,
            phoneNumber: call.phoneNumber,
            status: call.status,
          }
        : null,
    };
  });
};
