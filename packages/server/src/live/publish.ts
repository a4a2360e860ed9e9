import type { CallEvent } from '@call-ribbon/contract';
import type { CallStore } from '../stores/calls.ts';
import type { LiveHub } from './hub.ts';

/**
 * Tells every instance's live streams that the tenant's events are committed: each stream
 * then reads them from the database (one `call` message per run of events of one call, with
 * the call as derived after them). Call it only after the ingest resolved. `_calls` is no
 * longer read: the streams read the calls themselves.
 */
export const publishCallEvents = async (
  live: LiveHub,
  _calls: CallStore,
  tenantId: string,
  events: readonly CallEvent[],
): Promise<void> => {
  if (events.length > 0) await live.eventsStored(tenantId);
};
