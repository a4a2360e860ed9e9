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

/** A stored call event and its place in its tenant's sequence (the live stream's event id). */
export interface SequencedCallEvent {
  /** Assigned by the database when the event is stored: increasing within a tenant, never reused. */
  seq: number;
  event: CallEvent;
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
  /** The tenant's events stored after sequence number `afterSeq`, oldest first, at most `limit`. */
  after(tenantId: string, afterSeq: number, limit: number): Promise<SequencedCallEvent[]>;
  /** The sequence number of the tenant's newest stored event; 0 when it has none. */
  lastSeq(tenantId: string): Promise<number>;
}
