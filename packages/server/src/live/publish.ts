import type { CallEvent } from '@call-ribbon/contract';
import type { CallStore } from '../stores/calls.ts';
import type { LiveHub } from './hub.ts';

/**
 * Tells the tenant's live stream about newly stored events: one `call` message per call,
 * with the call as derived after them, so a client never has to re-derive state.
 */
export const publishCallEvents = async (
  live: LiveHub,
  calls: CallStore,
  tenantId: string,
  events: readonly CallEvent[],
): Promise<void> => {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) {
    const list = byCall.get(event.callId);
    if (list) list.push(event);
    else byCall.set(event.callId, [event]);
  }
  for (const [callId, callEvents] of byCall) {
    const call = (await calls.get(tenantId, callId)) ?? null;
    live.publish(tenantId, 'call', { callId, call, events: callEvents });
  }
};
