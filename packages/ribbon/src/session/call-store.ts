import type { CallEvent } from '@call-ribbon/contract';
import type { ActiveCall, PendingWrapUp } from './types.ts';

/** What a tab keeps of its call across a reload. */
export interface StoredCall {
  /** The provider that had the call (`exotel`, `exotel-webrtc`, `simulator`, ...). */
  provider: string;
  call: ActiveCall | null;
  /** A wrap-up the agent had not saved yet, with the call's terminal event it belongs to. */
  wrapUp: { pending: PendingWrapUp; ended: CallEvent } | null;
  /** When the page went away (`pagehide`), ms since epoch: when a call held by the page ended. */
  leftAt: number | null;
}

/** Where the session keeps the call in progress. */
export interface CallStore {
  load(): StoredCall | null;
  /** null forgets. */
  save(record: StoredCall | null): void;
}

/** In memory only (tests, or where `sessionStorage` is refused). */
export const memoryCallStore = (): CallStore => {
  let kept: string | null = null;
  return {
    load: () => (kept ? (JSON.parse(kept) as StoredCall) : null),
    save: (record) => {
      kept = record ? JSON.stringify(record) : null;
    },
  };
};

/**
 * `sessionStorage` under `key`: it survives a reload of this tab and is not shared with other
 * tabs, so two tabs of one agent never take each other's calls. A closed tab leaves its call
 * to the server (which ends calls that stay silent).
 */
export const sessionCallStore = (key: string, storage: Storage | null = safeSessionStorage()): CallStore => {
  if (!storage) return memoryCallStore();
  return {
    load: () => {
      try {
        const text = storage.getItem(key);
        const record = text ? (JSON.parse(text) as StoredCall) : null;
        return record && typeof record === 'object' && typeof record.provider === 'string' ? record : null;
      } catch {
        return null;
      }
    },
    save: (record) => {
      try {
        if (record) storage.setItem(key, JSON.stringify(record));
        else storage.removeItem(key);
      } catch {
        // Full or refused: the call is still followed in this page, only not across a reload.
      }
    },
  };
};

const safeSessionStorage = (): Storage | null => {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // Sandboxed frames throw on access.
  }
};

/** A short fingerprint of the API key for storage keys: the key itself is not written down again. */
export const keyFingerprint = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
};
