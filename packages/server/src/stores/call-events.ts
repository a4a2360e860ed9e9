import type { CallEvent, StoredCallEvent } from '@call-ribbon/contract';

/** Events of one request, for one tenant. */
export interface IngestBatch {
  tenantId: string;
  /** Valid events (what `CallEvent.parse` returns). */
  events: readonly CallEvent[];
  receivedAt: Date;
}

export interface IngestResult {
  /** Events stored now. */
  accepted: number;
  /** Events whose (tenant, eventId) was already stored: acknowledged, not stored again. */
  duplicates: number;
}

/** Call events of every tenant, stored once per (tenant, eventId). */
export interface CallEventStore {
  /**
   * Stores the events of every batch idempotently by (tenant, eventId), re-derives each touched
   * call from all its events and moves the call's rollup cells, in ONE transaction (one
   * commit, one fsync, for all the batches). Resolves with one result per batch, in order;
   * rejects when the transaction failed, and then nothing of it is stored.
   */
  append(batches: readonly IngestBatch[]): Promise<IngestResult[]>;
  /** The stored events of these calls, by call then time. */
  forCalls(tenantId: string, callIds: readonly string[]): Promise<StoredCallEvent[]>;
}
