import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';
import { sortRecords } from './memory-store.ts';
import type { DeadLetter, EventStore, QueueRecord } from './types.ts';

/** The ribbon's own database: never idb-keyval's default `keyval-store`, which host pages may use. */
export const DEFAULT_DATABASE_NAME = 'exotel-call-ribbon';
const STORE_NAME = 'queue';
const PENDING = 'p';
const DEAD = 'd';

const range = (prefix: string) => IDBKeyRange.bound([prefix], [prefix, []]);

export class StorageTimeoutError extends Error {
  override readonly name = 'StorageTimeoutError';
}

/**
 * Pending events and dead letters in one IndexedDB object store, one record per event
 * (keys `['p', eventId]` and `['d', eventId]`). Every operation has a time limit because
 * `indexedDB.open` can hang; a closing connection is reopened once.
 */
export class IndexedDbEventStore implements EventStore {
  readonly kind = 'indexeddb';
  readonly databaseName: string;
  readonly #timeoutMs: number;
  private store: UseStore;

  constructor(options: { databaseName?: string; timeoutMs?: number } = {}) {
    this.databaseName = options.databaseName ?? DEFAULT_DATABASE_NAME;
    this.#timeoutMs = options.timeoutMs ?? 3000;
    this.store = createStore(this.databaseName, STORE_NAME);
  }

  /** Opens the database (or fails within the time limit). */
  async open(): Promise<void> {
    await this.#run('readonly', (store) => promisifyRequest(store.count()));
  }

  put(records: QueueRecord[]): Promise<void> {
    return this.#run('readwrite', (store) => {
      for (const record of records) store.put(record, [PENDING, record.eventId]);
      return promisifyRequest(store.transaction);
    });
  }

  async list(): Promise<QueueRecord[]> {
    const records = await this.#run('readonly', (store) =>
      promisifyRequest(store.getAll(range(PENDING)) as IDBRequest<QueueRecord[]>),
    );
    return sortRecords(records);
  }

  delete(eventIds: string[]): Promise<void> {
    return this.#run('readwrite', (store) => {
      for (const id of eventIds) store.delete([PENDING, id]);
      return promisifyRequest(store.transaction);
    });
  }

  bury(letters: DeadLetter[]): Promise<void> {
    return this.#run('readwrite', (store) => {
      for (const letter of letters) {
        store.delete([PENDING, letter.eventId]);
        store.put(letter, [DEAD, letter.eventId]);
      }
      return promisifyRequest(store.transaction);
    });
  }

  async deadLetters(): Promise<DeadLetter[]> {
    const letters = await this.#run('readonly', (store) =>
      promisifyRequest(store.getAll(range(DEAD)) as IDBRequest<DeadLetter[]>),
    );
    return letters.sort((a, b) => a.at - b.at);
  }

  deleteDeadLetters(eventIds: string[]): Promise<void> {
    return this.#run('readwrite', (store) => {
      for (const id of eventIds) store.delete([DEAD, id]);
      return promisifyRequest(store.transaction);
    });
  }

  close(): void {
    void this.store('readonly', (store) => store.transaction.db.close()).catch(() => {});
  }

  async #run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => T | PromiseLike<T>) {
    try {
      return await this.#withTimeout(this.store(mode, work));
    } catch (error) {
      if (!isClosingConnection(error)) throw error;
      // The browser closed the connection under us (idb-keyval #120): reopen once.
      this.store = createStore(this.databaseName, STORE_NAME);
      return await this.#withTimeout(this.store(mode, work));
    }
  }

  #withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StorageTimeoutError(`IndexedDB did not answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

const isClosingConnection = (error: unknown): boolean =>
  error instanceof DOMException &&
  (error.name === 'InvalidStateError' || /closing|server lost|connection/i.test(error.message));
