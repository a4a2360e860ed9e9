import type { Call, CallDirection, CallStatus } from '@call-ribbon/contract';

/** A span of time in UTC epoch milliseconds, `to` exclusive; an absent end is open. */
export interface TimeRange {
  from?: number | undefined;
  to?: number | undefined;
}

/** Filters shared by call-logs and the export; times are UTC ms, `to` exclusive. */
export interface CallFilters extends TimeRange {
  customerId?: string | undefined;
  direction?: CallDirection | undefined;
  status?: CallStatus | undefined;
}

export interface CallPage {
  calls: Call[];
  /** How many calls match the filters in all. */
  total: number;
}

/** The calls of every tenant, each derived from its stored events (written by `CallEventStore.append`). */
export interface CallStore {
  get(tenantId: string, callId: string): Promise<Call | undefined>;
  /** One page of matching calls, newest first. */
  list(tenantId: string, filters: CallFilters, page: number, pageSize: number): Promise<CallPage>;
  /**
   * Every matching call, oldest first, `chunkSize` at a time. A chunk is read only when the
   * consumer asks for it, and the engine yields to the event loop between chunks.
   */
  chunks(tenantId: string, filters: CallFilters, chunkSize: number): AsyncIterableIterator<Call[]>;
  /** Calls not ended whose latest event is at or after `since`, newest first. */
  active(tenantId: string, since: Date): Promise<Call[]>;
  /** The newest calls that started in the range. */
  recent(tenantId: string, limit: number, range?: TimeRange): Promise<Call[]>;
  /** The customer's calls, newest first. */
  listForCustomer(tenantId: string, customerId: string, limit: number): Promise<Call[]>;
}
