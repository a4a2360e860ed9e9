import type { CallEvent, LogCallResponse } from '@call-ribbon/contract';

/** One queued call event, stored as its own record so tabs never overwrite each other. */
export interface QueueRecord {
  eventId: string;
  event: CallEvent;
  /** When the event entered the queue (ms since epoch); eviction and ordering follow it. */
  enqueuedAt: number;
  /** Size of the event as JSON, in bytes, for the byte cap and the unload budget. */
  bytes: number;
  /** Held back (a callEnded waiting for wrap-up) until this time; sent at once when absent. */
  holdUntil?: number | undefined;
}

/** An event the server refused as invalid, or one evicted from a full queue. Kept for the host. */
export interface DeadLetter {
  eventId: string;
  event: CallEvent;
  reason: 'rejected' | 'evicted';
  message: string;
  at: number;
}

/** Where records live. The IndexedDB store and the in-memory store implement it. */
export interface EventStore {
  readonly kind: 'indexeddb' | 'memory';
  put(records: QueueRecord[]): Promise<void>;
  list(): Promise<QueueRecord[]>;
  delete(eventIds: string[]): Promise<void>;
  /** Moves records to the dead-letter store in one step. */
  bury(letters: DeadLetter[]): Promise<void>;
  deadLetters(): Promise<DeadLetter[]>;
  deleteDeadLetters(eventIds: string[]): Promise<void>;
  close(): void;
}

/** The source of time and timers: injected so backoff tests run without waiting. */
export interface QueueClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: QueueClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
};

/** How a send failed, as the queue needs to know it. */
export type SendFailure =
  | { kind: 'retry'; status: number | null; retryAfterMs: number | null; message: string }
  | { kind: 'invalid'; status: number; message: string }
  | { kind: 'too-large'; status: number; message: string };

export type SendResult = { ok: true; response: LogCallResponse } | { ok: false; failure: SendFailure };

/** Sends batches to `POST /api/ribbon/log-call`. */
export interface QueueTransport {
  send(events: CallEvent[]): Promise<SendResult>;
  /** Fire-and-forget send that survives the page going away (fetch keepalive, CORS simple request). */
  sendOnUnload?(events: CallEvent[]): Promise<SendResult>;
}

/** Lets one tab at a time drain the shared store. */
export interface FlushLock {
  /** Runs `task` if no other tab holds the lock; returns false without running it otherwise. */
  runExclusive(task: () => Promise<void>): Promise<boolean>;
}
