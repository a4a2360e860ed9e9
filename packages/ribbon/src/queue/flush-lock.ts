import type { FlushLock } from './types.ts';

interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<boolean>,
  ): Promise<boolean>;
}

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Web Locks: the browser releases the lock when the holding tab dies. */
export class WebFlushLock implements FlushLock {
  readonly #locks: LockManagerLike;
  readonly #name: string;
  constructor(locks: LockManagerLike, name: string) {
    this.#locks = locks;
    this.#name = name;
  }

  runExclusive(task: () => Promise<void>): Promise<boolean> {
    return this.#locks.request(this.#name, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await task();
      return true;
    });
  }
}

/**
 * Fallback where Web Locks are missing: a lease in localStorage, renewed while flushing.
 * A tab that dies mid-flush stops renewing, so its lease expires and another tab takes over.
 */
export class LeaseFlushLock implements FlushLock {
  readonly #storage: StorageLike;
  readonly #key: string;
  readonly #leaseMs: number;
  readonly #now: () => number;
  readonly #owner = Math.random().toString(36).slice(2);

  constructor(storage: StorageLike, name: string, options: { leaseMs?: number; now?: () => number } = {}) {
    this.#storage = storage;
    this.#key = `${name}:lease`;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  async runExclusive(task: () => Promise<void>): Promise<boolean> {
    if (!this.#acquire()) return false;
    const renew = setInterval(() => this.#write(), this.#leaseMs / 3);
    try {
      await task();
      return true;
    } finally {
      clearInterval(renew);
      if (this.#read()?.owner === this.#owner) this.#storage.removeItem(this.#key);
    }
  }

  #acquire(): boolean {
    const lease = this.#read();
    if (lease && lease.owner !== this.#owner && lease.expiresAt > this.#now()) return false;
    this.#write();
    return this.#read()?.owner === this.#owner;
  }

  #read(): { owner: string; expiresAt: number } | null {
    try {
      const raw = this.#storage.getItem(this.#key);
      return raw ? (JSON.parse(raw) as { owner: string; expiresAt: number }) : null;
    } catch {
      return null;
    }
  }

  #write(): void {
    this.#storage.setItem(
      this.#key,
      JSON.stringify({ owner: this.#owner, expiresAt: this.#now() + this.#leaseMs }),
    );
  }
}

/** Within one page: at most one flush at a time, others skip. */
export class LocalFlushLock implements FlushLock {
  #held = false;
  async runExclusive(task: () => Promise<void>): Promise<boolean> {
    if (this.#held) return false;
    this.#held = true;
    try {
      await task();
      return true;
    } finally {
      this.#held = false;
    }
  }
}

/** Picks Web Locks, else a localStorage lease, else a lock for this page only. */
export const createFlushLock = (name: string): FlushLock => {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  if (nav?.locks?.request) return new WebFlushLock(nav.locks, name);
  try {
    const storage = (globalThis as { localStorage?: StorageLike }).localStorage;
    if (storage) return new LeaseFlushLock(storage, name);
  } catch {
    // localStorage throws in some sandboxed iframes.
  }
  return new LocalFlushLock();
};
