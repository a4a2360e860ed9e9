/**
 * No ghost calls: a call with no event for the stale-call time (a closed tab, a lost
 * callback) is ended by the server with a `callEnded` of reason `inactivity`, through the
 * normal ingest path. Its event id is derived from the call id, so sweeps racing on two
 * instances store it once and the call is counted once.
 */
import { createHash } from 'node:crypto';
import type { Call, CallEvent } from '@call-ribbon/contract';
import type { AppDeps } from '../app-deps.ts';
import { publishCallEvents } from '../live/publish.ts';

/** The `reason` of a call the server ended because nothing was heard of it. */
export const INACTIVITY_REASON = 'inactivity';

/** `stale:<callId>`, or a hash of the call id when that would pass the 128 characters of an event id. */
export const staleEventId = (callId: string): string => {
  const id = `stale:${callId}`;
  return id.length <= 128 ? id : `stale:${createHash('sha256').update(callId).digest('hex')}`;
};

/**
 * The terminal event of a stale call, at its last sign of life (so a forgotten call adds no
 * talk time it did not have); the same call always gives the same event.
 */
export const staleCallEnd = (call: Call, lastEventAt: string, idleMs: number): CallEvent => ({
  eventId: staleEventId(call.callId),
  event: 'callEnded',
  callId: call.callId,
  timestamp: lastEventAt,
  direction: call.direction,
  phoneNumber: call.phoneNumber,
  agentId: call.agentId,
  customerData: call.customerId
    ? { customerId: call.customerId, ...(call.customerName ? { name: call.customerName } : {}) }
    : undefined,
  reason: INACTIVITY_REASON,
  metadata: { closedBy: 'server', idleSeconds: Math.round(idleMs / 1000) },
});

/** Calls ended per store round trip. */
const SWEEP_CHUNK = 200;

export type StaleCallsDeps = Pick<AppDeps, 'stores' | 'ingest' | 'live' | 'clock' | 'staleCallMs'>;

/** Ends these stale calls of one tenant; resolves with how many this sweep stored the end of. */
const closeChunk = async (
  deps: StaleCallsDeps,
  tenantId: string,
  stale: readonly Call[],
  now: Date,
): Promise<number> => {
  const events = await deps.stores.callEvents.forCalls(
    tenantId,
    stale.map((call) => call.callId),
  );
  const lastEventAt = new Map<string, string>();
  for (const event of events) {
    const known = lastEventAt.get(event.callId);
    if (known === undefined || Date.parse(event.timestamp) > Date.parse(known)) {
      lastEventAt.set(event.callId, event.timestamp);
    }
  }
  const ends = stale.map((call) => {
    const last = lastEventAt.get(call.callId) ?? call.startTime;
    return staleCallEnd(call, last, now.getTime() - Date.parse(last));
  });
  // One batch per call: the group commit shares one transaction, and each result says
  // whether this sweep or another one stored the end.
  const results = await Promise.all(
    ends.map((end) => deps.ingest({ tenantId, events: [end], receivedAt: now })),
  );
  const stored = ends.filter((_, index) => results[index]!.accepted > 0);
  if (stored.length > 0) await publishCallEvents(deps.live, deps.stores.calls, tenantId, stored);
  return stored.length;
};

/**
 * Ends every call of every tenant with no event for `staleCallMs`. Resolves with how many
 * calls this sweep ended (a call another sweep ended first is not counted here).
 */
export const closeStaleCalls = async (deps: StaleCallsDeps): Promise<{ closed: number }> => {
  const { stores } = deps;
  const now = deps.clock();
  const since = new Date(now.getTime() - deps.staleCallMs);
  let closed = 0;
  for (const tenant of await stores.tenants.list()) {
    // Live calls minus the recent ones: the partial index on live calls keeps both reads small.
    const [live, recent] = await Promise.all([
      stores.calls.active(tenant.id, new Date(0)),
      stores.calls.active(tenant.id, since),
    ]);
    const recentIds = new Set(recent.map((call) => call.callId));
    const stale = live.filter((call) => !recentIds.has(call.callId));
    // A chunk at a time, so a backlog of ghost calls never holds the event loop.
    for (let start = 0; start < stale.length; start += SWEEP_CHUNK) {
      closed += await closeChunk(deps, tenant.id, stale.slice(start, start + SWEEP_CHUNK), now);
    }
  }
  return { closed };
};
