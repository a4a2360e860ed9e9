import type { CallEvent } from '@call-ribbon/contract';
import { type BackoffOptions, retryDelay } from './backoff.ts';
import { LocalFlushLock } from './flush-lock.ts';
import { MemoryEventStore } from './memory-store.ts';
import {
  type DeadLetter,
  type EventStore,
  type FlushLock,
  type QueueClock,
  type QueueRecord,
  type QueueTransport,
  type SendFailure,
  systemClock,
} from './types.ts';

/** The server accepts at most 500 events per request. */
const SERVER_MAX_BATCH = 500;
/** Every keepalive request of a page shares one 64 KB budget; keep headroom for headers. */
export const UNLOAD_BUDGET_BYTES = 60_000;

export interface DurableEventQueueOptions {
  transport: QueueTransport;
  /** Where records live; an IndexedDbEventStore in the browser. Defaults to memory. */
  store?: EventStore;
  clock?: QueueClock;
  random?: () => number;
  lock?: FlushLock;
  /** Window-like target for `online`, `offline` and `pagehide`; none in tests that drive it by hand. */
  window?: EventTarget;
  /** Document-like target for `visibilitychange`. */
  document?: (EventTarget & { visibilityState?: string }) | undefined;
  isOnline?: () => boolean;
  /** Events per request (at most 500). */
  batchSize?: number;
  /** Bytes of events per request. */
  maxBatchBytes?: number;
  /** Cap on pending events; beyond it the oldest are moved to the dead letters as `evicted`. */
  maxEvents?: number;
  /** Cap on pending bytes, same policy. */
  maxBytes?: number;
  /** Dead letters kept; the oldest beyond it are removed and counted in `droppedDeadLetters`. */
  maxDeadLetters?: number;
  /** Flush this long after an event is added, so bursts go in one request. */
  batchDelayMs?: number;
  /** Periodic flush. */
  flushIntervalMs?: number;
  /** Wait after `online` before flushing: an immediate request often fails with ERR_NETWORK_CHANGED. */
  onlineDelayMs?: number;
  backoff?: BackoffOptions;
}

export interface QueueState {
  /** Where events are kept now; `memory` means they do not survive a reload. */
  storage: 'indexeddb' | 'memory';
  /** Why the queue fell back to memory, if it did. */
  storageError: string | null;
  /** Events waiting to be acknowledged by the server. */
  pending: number;
  pendingBytes: number;
  /** Events held back for wrap-up. */
  held: number;
  deadLetters: number;
  droppedDeadLetters: number;
  flushing: boolean;
  online: boolean;
  /** Last delivery failure, cleared by the next success. */
  lastError: string | null;
  /** When the next retry is due (ms since epoch), while backing off. */
  nextRetryAt: number | null;
  lastFlushAt: number | null;
  /** Events the server acknowledged through this queue (accepted or duplicate). */
  delivered: number;
}

type Listener = (state: QueueState) => void;

/**
 * Delivers call events at least once. Each event is written to the store when it happens,
 * one record per event with a stable `eventId`, and deleted only after the server
 * acknowledged it; the server's idempotent ingestion makes the count exact.
 */
export class DurableEventQueue {
  #store: EventStore;
  readonly #transport: QueueTransport;
  readonly #clock: QueueClock;
  readonly #random: () => number;
  readonly #lock: FlushLock;
  readonly #options: DurableEventQueueOptions;
  readonly #isOnline: () => boolean;
  /** This tab's view of the pending records: what it can send at unload without reading storage. */
  readonly #mirror = new Map<string, QueueRecord>();
  readonly #writing = new Set<string>();
  readonly #pendingWrites = new Set<Promise<void>>();
  readonly #flushRequests = new Set<Promise<void>>();
  #letters: DeadLetter[] = [];
  #storageError: string | null = null;
  #droppedDeadLetters = 0;
  #delivered = 0;
  #attempt = 0;
  #nextRetryAt: number | null = null;
  #lastFailure: SendFailure | null = null;
  #lastFlushAt: number | null = null;
  #lastEnqueuedAt = 0;
  #flushing: Promise<void> | null = null;
  #timer: unknown = null;
  #timerDueAt = 0;
  #interval: unknown = null;
  #started = false;
  #closed = false;
  readonly #listeners = new Set<Listener>();
  readonly #teardown: Array<() => void> = [];

  constructor(options: DurableEventQueueOptions) {
    this.#options = options;
    this.#transport = options.transport;
    this.#store = options.store ?? new MemoryEventStore();
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#lock = options.lock ?? new LocalFlushLock();
    this.#isOnline =
      options.isOnline ??
      (() => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine !== false);
  }

  /** Loads what earlier pages left, listens to the page's lifecycle, and flushes. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    await this.#withStore((store) => store.list()).then((records) => {
      for (const record of records ?? []) this.#mirror.set(record.eventId, record);
    });
    this.#letters = (await this.#withStore((store) => store.deadLetters())) ?? [];
    this.#listen();
    this.#armInterval();
    this.#emit();
    void this.#runFlush();
  }

  /** Persists one event (before anything else) and schedules delivery. */
  async enqueue(event: CallEvent, options: { holdUntil?: number } = {}): Promise<void> {
    // Strictly increasing, so events of one millisecond keep the order they happened in.
    this.#lastEnqueuedAt = Math.max(this.#clock.now(), this.#lastEnqueuedAt + 0.001);
    const record: QueueRecord = {
      eventId: event.eventId,
      event,
      enqueuedAt: this.#lastEnqueuedAt,
      bytes: byteLength(JSON.stringify(event)),
      holdUntil: options.holdUntil,
    };
    this.#mirror.set(record.eventId, record);
    await this.#write([record]);
    await this.#enforceCaps();
    this.#emit();
    if (record.holdUntil) this.#schedule(Math.max(0, record.holdUntil - this.#clock.now()));
    else this.#schedule(this.#options.batchDelayMs ?? 200);
  }

  /**
   * Releases a held event (a callEnded waiting for wrap-up), merging `patch` into it. Returns
   * false when the event had already been sent, so the caller can log a follow-up instead.
   */
  async release(eventId: string, patch: Partial<CallEvent> = {}): Promise<boolean> {
    const record = this.#mirror.get(eventId);
    if (!record) return false;
    const stored = (await this.#withStore((store) => store.list()))?.find((r) => r.eventId === eventId);
    if (this.#store.kind === 'indexeddb' && !stored) {
      this.#mirror.delete(eventId);
      this.#emit();
      return false;
    }
    const event = { ...record.event, ...patch };
    const updated: QueueRecord = {
      ...record,
      event,
      bytes: byteLength(JSON.stringify(event)),
      holdUntil: undefined,
    };
    this.#mirror.set(eventId, updated);
    await this.#write([updated]);
    this.#emit();
    this.#schedule(0);
    return true;
  }

  /**
   * Sends everything due now, ignoring backoff; resolves when this attempt is over. Waits for
   * events still being written and for a flush already running, so nothing enqueued before the
   * call is left behind.
   */
  async flush(): Promise<void> {
    const request = (async () => {
      await Promise.all(this.#pendingWrites);
      while (this.#flushing) await this.#flushing;
      this.#nextRetryAt = null;
      await this.#runFlush();
    })();
    this.#flushRequests.add(request);
    try {
      await request;
    } finally {
      this.#flushRequests.delete(request);
    }
  }

  /**
   * Moves to `store` with what the current one holds: the facade starts on memory, so events of
   * the first moments are neither lost nor delayed, and moves to IndexedDB once it has opened.
   */
  async replaceStore(store: EventStore): Promise<void> {
    const previous = this.#store;
    // Switch first, so an event enqueued during the move is written to the new store; keep the
    // moving events in the mirror (a drain meanwhile sees only the new store) until they land.
    this.#store = store;
    const moving = [...this.#mirror.keys()];
    for (const id of moving) this.#writing.add(id);
    try {
      await Promise.all(this.#pendingWrites);
      const [records, letters] = await Promise.all([previous.list(), previous.deadLetters()]);
      if (records.length > 0) await store.put(records);
      if (letters.length > 0) await store.bury(letters);
    } finally {
      for (const id of moving) this.#writing.delete(id);
    }
  }

  /** Records that storage could not be used (the host opened a memory store instead). */
  reportStorageFallback(message: string): void {
    this.#storageError = message;
    this.#emit();
  }

  /** Resolves when no flush is running. */
  async settled(): Promise<void> {
    while (this.#flushing || this.#flushRequests.size > 0) {
      await Promise.all([this.#flushing, ...this.#flushRequests]);
    }
  }

  /** Dead letters in storage (shared by tabs), oldest first. */
  async deadLetters(): Promise<DeadLetter[]> {
    this.#letters = (await this.#withStore((store) => store.deadLetters())) ?? this.#letters;
    this.#emit();
    return this.#letters.map((letter) => ({ ...letter }));
  }

  /** Deletes dead letters the host has dealt with (all when no ids are given). */
  async clearDeadLetters(eventIds?: string[]): Promise<void> {
    const ids = eventIds ?? this.#letters.map((letter) => letter.eventId);
    await this.#withStore((store) => store.deleteDeadLetters(ids));
    this.#letters = this.#letters.filter((letter) => !ids.includes(letter.eventId));
    this.#emit();
  }

  /** Puts dead letters back in the queue, e.g. after the host fixed what made them invalid. */
  async retryDeadLetters(eventIds?: string[]): Promise<void> {
    const letters = (await this.deadLetters()).filter((l) => !eventIds || eventIds.includes(l.eventId));
    for (const letter of letters) await this.enqueue(letter.event);
    await this.clearDeadLetters(letters.map((letter) => letter.eventId));
  }

  /** Dead letters as this tab last read them (`deadLetters()` reads storage). */
  get deadLetterList(): DeadLetter[] {
    return this.#letters.map((letter) => ({ ...letter }));
  }

  get state(): QueueState {
    let pendingBytes = 0;
    let held = 0;
    const now = this.#clock.now();
    for (const record of this.#mirror.values()) {
      pendingBytes += record.bytes;
      if (record.holdUntil && record.holdUntil > now) held += 1;
    }
    return {
      storage: this.#store.kind,
      storageError: this.#storageError,
      pending: this.#mirror.size,
      pendingBytes,
      held,
      deadLetters: this.#letters.length,
      droppedDeadLetters: this.#droppedDeadLetters,
      flushing: this.#flushing !== null,
      online: this.#isOnline(),
      lastError: this.#lastFailure?.message ?? null,
      nextRetryAt: this.#nextRetryAt,
      lastFlushAt: this.#lastFlushAt,
      delivered: this.#delivered,
    };
  }

  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Sends what this tab knows of with keepalive requests the page may not outlive: held
   * events too, chunked under the shared 64 KB budget. What does not fit stays stored.
   */
  flushOnUnload(): void {
    const send = this.#transport.sendOnUnload?.bind(this.#transport);
    if (!send || this.#mirror.size === 0 || !this.#isOnline()) return;
    let budget = UNLOAD_BUDGET_BYTES;
    let chunk: QueueRecord[] = [];
    let chunkBytes = 0;
    const flushChunk = () => {
      if (chunk.length === 0) return;
      const records = chunk;
      chunk = [];
      chunkBytes = 0;
      void send(records.map((record) => record.event)).then((result) => {
        if (result.ok) void this.#acknowledge(records, result.response.rejected);
      });
    };
    for (const record of this.#mirror.values()) {
      // 200 bytes of envelope per chunk: `{"apiKey":...,"events":[...]}`.
      const cost = record.bytes + 1;
      if (cost + 200 > budget) break;
      if (chunkBytes + cost + 200 > 16_000 || chunk.length >= SERVER_MAX_BATCH) flushChunk();
      if (chunk.length === 0) budget -= 200;
      chunk.push(record);
      chunkBytes += cost;
      budget -= cost;
    }
    flushChunk();
  }

  /** Stops timers and listeners; stored events stay for the next page. */
  close(): void {
    this.#closed = true;
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    if (this.#interval !== null) this.#clock.clearTimeout(this.#interval);
    this.#timer = null;
    this.#interval = null;
    for (const undo of this.#teardown.splice(0)) undo();
    this.#store.close();
    this.#listeners.clear();
  }

  #runFlush(): Promise<void> {
    if (this.#flushing) return this.#flushing;
    const run = async () => {
      try {
        await this.#lock.runExclusive(() => this.#drain());
      } finally {
        this.#flushing = null;
        this.#emit();
      }
    };
    this.#flushing = run();
    this.#emit();
    return this.#flushing;
  }

  async #drain(): Promise<void> {
    // Deleting what the server acknowledged overlaps the next send: a record whose delete is
    // lost with the page is sent again, and the server counts its eventId once.
    const acknowledging: Promise<void>[] = [];
    try {
      await this.#drainBatches(acknowledging);
    } finally {
      await Promise.all(acknowledging);
    }
  }

  async #drainBatches(acknowledging: Promise<void>[]): Promise<void> {
    let limit = Math.min(this.#options.batchSize ?? 100, SERVER_MAX_BATCH);
    // The due records of one read of the store, sent batch after batch: reading the whole store
    // again for every batch made draining a long queue quadratic.
    let due: QueueRecord[] = [];
    while (!this.#closed && this.#isOnline()) {
      // Dropped meanwhile (evicted, or buried by this tab): never sent.
      due = due.filter((record) => this.#mirror.has(record.eventId));
      if (due.length === 0) {
        // The store must no longer hold what was acknowledged before it is read again.
        await Promise.all(acknowledging.splice(0));
        // Read the store, not the mirror: another tab's events are sent by whichever tab holds the lock.
        const records = (await this.#withStore((store) => store.list())) ?? [...this.#mirror.values()];
        this.#syncMirror(records);
        const now = this.#clock.now();
        due = records.filter((record) => !record.holdUntil || record.holdUntil <= now);
        if (due.length === 0) return;
      }
      const batch = takeBatch(due, limit, this.#options.maxBatchBytes ?? 256_000);
      this.#lastFlushAt = this.#clock.now();
      let result: Awaited<ReturnType<QueueTransport['send']>>;
      try {
        result = await this.#transport.send(batch.map((record) => record.event));
      } catch (error) {
        result = {
          ok: false,
          failure: { kind: 'retry', status: null, retryAfterMs: null, message: String(error) },
        };
      }
      if (result.ok) {
        this.#attempt = 0;
        this.#lastFailure = null;
        this.#nextRetryAt = null;
        acknowledging.push(this.#acknowledge(batch, result.response.rejected));
        due = due.slice(batch.length);
        continue;
      }
      const { failure } = result;
      if (failure.kind === 'retry') {
        this.#attempt += 1;
        this.#lastFailure = failure;
        const delay = retryDelay(this.#attempt, failure.retryAfterMs, this.#random, this.#options.backoff);
        this.#nextRetryAt = this.#clock.now() + delay;
        this.#schedule(delay, true);
        return;
      }
      // The server refused the request as a whole: isolate the offending event by sending one at a time.
      if (batch.length > 1) {
        limit = failure.kind === 'too-large' ? Math.max(1, Math.floor(batch.length / 2)) : 1;
        continue;
      }
      await this.#buryRecords(batch, 'rejected', `${failure.status}: ${failure.message}`);
    }
  }

  /** Removes what the server acknowledged; what it rejected becomes a dead letter. */
  async #acknowledge(
    batch: QueueRecord[],
    rejected: Array<{ index: number; eventId: string | null; message: string }>,
  ): Promise<void> {
    const refused = new Map<string, string>();
    for (const entry of rejected) {
      const record = batch[entry.index] ?? batch.find((r) => r.eventId === entry.eventId);
      if (record) refused.set(record.eventId, entry.message);
    }
    const acked = batch.filter((record) => !refused.has(record.eventId));
    for (const record of acked) this.#mirror.delete(record.eventId);
    this.#delivered += acked.length;
    await this.#withStore((store) => store.delete(acked.map((record) => record.eventId)));
    for (const [eventId, message] of refused) {
      const record = batch.find((r) => r.eventId === eventId);
      if (record) await this.#buryRecords([record], 'rejected', message);
    }
    this.#emit();
  }

  async #buryRecords(records: QueueRecord[], reason: DeadLetter['reason'], message: string) {
    const at = this.#clock.now();
    const letters = records.map((record) => ({
      eventId: record.eventId,
      event: record.event,
      reason,
      message,
      at,
    }));
    for (const record of records) this.#mirror.delete(record.eventId);
    await this.#withStore((store) => store.bury(letters));
    this.#letters = [
      ...this.#letters.filter((l) => !records.some((r) => r.eventId === l.eventId)),
      ...letters,
    ];
    const max = this.#options.maxDeadLetters ?? 1000;
    if (this.#letters.length > max) {
      const dropped = this.#letters.splice(0, this.#letters.length - max);
      this.#droppedDeadLetters += dropped.length;
      await this.#withStore((store) => store.deleteDeadLetters(dropped.map((letter) => letter.eventId)));
    }
    this.#emit();
  }

  /** Oldest first out when the queue is over its caps: the policy documented in docs/ribbon.md. */
  async #enforceCaps(): Promise<void> {
    const maxEvents = this.#options.maxEvents ?? 10_000;
    const maxBytes = this.#options.maxBytes ?? 5_000_000;
    let bytes = 0;
    for (const record of this.#mirror.values()) bytes += record.bytes;
    const evicted: QueueRecord[] = [];
    const ordered = [...this.#mirror.values()].sort((a, b) => a.enqueuedAt - b.enqueuedAt);
    while (ordered.length > 0 && (this.#mirror.size - evicted.length > maxEvents || bytes > maxBytes)) {
      const oldest = ordered.shift()!;
      evicted.push(oldest);
      bytes -= oldest.bytes;
    }
    if (evicted.length > 0)
      await this.#buryRecords(evicted, 'evicted', 'queue full: oldest events moved out');
  }

  /** Takes in what other tabs stored or sent; leaves alone events still being written. */
  #syncMirror(records: QueueRecord[]): void {
    const stored = new Set(records.map((record) => record.eventId));
    for (const id of this.#mirror.keys())
      if (!stored.has(id) && !this.#writing.has(id)) this.#mirror.delete(id);
    for (const record of records) this.#mirror.set(record.eventId, record);
  }

  async #write(records: QueueRecord[]): Promise<void> {
    for (const record of records) this.#writing.add(record.eventId);
    const done = this.#withStore((store) => store.put(records)).then(() => {});
    this.#pendingWrites.add(done);
    try {
      await done;
    } finally {
      this.#pendingWrites.delete(done);
      for (const record of records) this.#writing.delete(record.eventId);
    }
  }

  /** Runs a storage operation; on failure falls back to memory (with what this tab holds) and says so. */
  async #withStore<T>(operation: (store: EventStore) => Promise<T>): Promise<T | undefined> {
    try {
      return await operation(this.#store);
    } catch (error) {
      if (this.#store.kind === 'memory') throw error;
      this.#storageError = `IndexedDB failed (${describeError(error)}); events are kept in memory only`;
      const failed = this.#store;
      this.#store = new MemoryEventStore();
      try {
        failed.close();
      } catch {
        // Already broken.
      }
      await this.#store.put([...this.#mirror.values()]);
      await this.#store.bury(this.#letters);
      this.#emit();
      return await operation(this.#store);
    }
  }

  #schedule(delayMs: number, force = false): void {
    if (this.#closed || !this.#started) return;
    const now = this.#clock.now();
    const dueAt = Math.max(now + delayMs, force ? 0 : (this.#nextRetryAt ?? 0));
    if (this.#timer !== null) {
      if (!force && this.#timerDueAt <= dueAt) return;
      this.#clock.clearTimeout(this.#timer);
    }
    this.#timerDueAt = dueAt;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      void this.#runFlush();
    }, dueAt - now);
  }

  #armInterval(): void {
    const every = this.#options.flushIntervalMs ?? 30_000;
    const tick = () => {
      if (this.#closed) return;
      this.#interval = this.#clock.setTimeout(tick, every);
      if (this.#nextRetryAt === null || this.#nextRetryAt <= this.#clock.now()) void this.#runFlush();
    };
    this.#interval = this.#clock.setTimeout(tick, every);
  }

  #listen(): void {
    const win = this.#options.window;
    const doc = this.#options.document;
    const on = (target: EventTarget | undefined, type: string, handler: () => void) => {
      if (!target) return;
      target.addEventListener(type, handler);
      this.#teardown.push(() => target.removeEventListener(type, handler));
    };
    on(win, 'online', () => {
      // A network failure's backoff is moot once the browser is back online; a 429's Retry-After is not.
      if (this.#lastFailure?.kind === 'retry' && this.#lastFailure.status === null) this.#nextRetryAt = null;
      this.#emit();
      this.#schedule(this.#options.onlineDelayMs ?? 1000, this.#nextRetryAt === null);
    });
    on(win, 'offline', () => this.#emit());
    on(win, 'pagehide', () => this.flushOnUnload());
    on(doc, 'visibilitychange', () => {
      if (doc?.visibilityState === 'hidden') this.flushOnUnload();
    });
  }

  #emit(): void {
    if (this.#listeners.size === 0) return;
    const state = this.state;
    for (const listener of this.#listeners) listener(state);
  }
}

const takeBatch = (records: QueueRecord[], limit: number, maxBytes: number): QueueRecord[] => {
  const batch: QueueRecord[] = [];
  let bytes = 0;
  for (const record of records) {
    if (batch.length >= limit || (batch.length > 0 && bytes + record.bytes > maxBytes)) break;
    batch.push(record);
    bytes += record.bytes;
  }
  return batch;
};

const encoder = new TextEncoder();
export const byteLength = (text: string): number => encoder.encode(text).length;

/** `Name: message` of an error, for the storage fallback's reason. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
