// Helpers for the browser tests: assertions, and the fault/record routes the test runner puts
// in front of the real reference server (web-test-runner.config.mjs).
import type { QueueState } from '../queue/durable-event-queue.ts';

export const API_KEY = 'browser-test-key';
export const API_URL = location.origin;

interface Assert {
  ok(value: unknown, message?: string): asserts value;
  equal<T>(actual: T, expected: T, message?: string): void;
  deepEqual(actual: unknown, expected: unknown, message?: string): void;
  match(actual: string, pattern: RegExp, message?: string): void;
}

export const assert: Assert = {
  ok(value: unknown, message = 'expected a truthy value'): asserts value {
    if (!value) throw new Error(message);
  },
  equal<T>(actual: T, expected: T, message?: string): void {
    if (!Object.is(actual, expected)) {
      throw new Error(`${message ? `${message}: ` : ''}expected ${String(expected)}, got ${String(actual)}`);
    }
  },
  deepEqual(actual: unknown, expected: unknown, message?: string): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) throw new Error(`${message ? `${message}: ` : ''}expected ${e}, got ${a}`);
  },
  match(actual: string, pattern: RegExp, message?: string): void {
    if (!pattern.test(actual))
      throw new Error(`${message ? `${message}: ` : ''}${actual} does not match ${pattern}`);
  },
};

export interface Received {
  status: number;
  contentType: string | null;
  eventIds: string[];
  answer: { accepted: number; duplicates: number; rejected: unknown[] } | null;
}

export const resetServer = async (): Promise<void> => {
  await fetch('/__test/reset', { method: 'POST' });
};

/** The next requests to `path` fail: with a status (and headers), or by dropping the connection. */
export const injectFaults = async (
  ...faults: Array<{ path?: string; status?: number; headers?: Record<string, string>; network?: boolean }>
): Promise<void> => {
  await fetch('/__test/faults', {
    method: 'POST',
    body: JSON.stringify(faults.map((fault) => ({ path: '/api/ribbon/log-call', ...fault }))),
  });
};

/** Log-call requests that reached the real server, with its answers. */
export const received = async (): Promise<Received[]> => (await fetch('/__test/received')).json();

/** Totals of what the real server acknowledged. */
export const serverTotals = async () => {
  const log = await received();
  const ids = log.filter((r) => r.answer).flatMap((r) => r.eventIds);
  return {
    requests: log.length,
    accepted: log.reduce((sum, r) => sum + (r.answer?.accepted ?? 0), 0),
    duplicates: log.reduce((sum, r) => sum + (r.answer?.duplicates ?? 0), 0),
    ids,
    statuses: log.map((r) => r.status),
  };
};

/** Resolves when `subscribe`'s state satisfies `predicate` (checked at once, then on every change). */
export const until = <S>(
  subscribe: (listener: (state: S) => void) => () => void,
  current: () => S,
  predicate: (state: S) => boolean,
  timeoutMs = 5000,
): Promise<S> =>
  new Promise((resolve, reject) => {
    if (predicate(current())) return resolve(current());
    const timer = setTimeout(() => {
      off();
      reject(new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(current())}`));
    }, timeoutMs);
    const off = subscribe((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      off();
      resolve(state);
    });
  });

export type { QueueState };

export const uniqueName = (prefix: string): string => `${prefix}-${crypto.randomUUID()}`;

type Hook = (fn: () => unknown) => void;
interface MochaGlobals {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => unknown) => void;
  beforeEach: Hook;
  afterEach: Hook;
}
/** Mocha's globals, typed (the test runner provides them). */
export const { describe, it, beforeEach, afterEach } = globalThis as unknown as MochaGlobals;
