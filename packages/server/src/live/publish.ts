import type { CallEvent } from '@call-ribbon/contract';
import type { CallStore } from '../engines/sqlite/calls.ts';
import type { LiveHub } from './hub.ts';

/**
 * Tells the tenant's live stream about newly stored events: one `call` message per call,
 * with the call as derived after them, so a client never has to re-derive state.
 */
export const publishCallEvents = (
  live: LiveHub,
  calls: CallStore,
  tenantId: string,
  events: readonly CallEvent[],
): void => {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) {
    const list = byCall.get(event.callId);
    if (list) list.push(event);
    else byCall.set(event.callId, [event]);
  }
  for (const [callId, callEvents] of byCall) {
    live.publish(tenantId, 'call', { callId, call: calls.get(tenantId, callId) ?? null, events: callEvents });
  }
};
