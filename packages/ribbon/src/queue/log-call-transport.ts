import { type CallRibbonClient, isApiError, isRateLimitError } from '@call-ribbon/client';
import type { CallEvent } from '@call-ribbon/contract';
import type { QueueTransport, SendFailure, SendResult } from './types.ts';

const RETRY_STATUSES = new Set([408, 425, 429]);

/** How the queue should treat a failed send: retry later, or isolate and dead-letter. */
export const classifyFailure = (error: unknown): SendFailure => {
  if (isApiError(error)) {
    const { status, message } = error;
    if (status === 413) return { kind: 'too-large', status, message };
    if (status === 400 || status === 422) return { kind: 'invalid', status, message };
    const retryAfterMs =
      isRateLimitError(error) && error.retryAfter !== null ? error.retryAfter * 1000 : null;
    // 401/403/404 are configuration problems (a rotated key, a wrong apiUrl): keep the events and retry.
    if (RETRY_STATUSES.has(status) || status >= 500 || status === 401 || status === 403 || status === 404) {
      return { kind: 'retry', status, retryAfterMs, message };
    }
    return { kind: 'invalid', status, message };
  }
  return {
    kind: 'retry',
    status: null,
    retryAfterMs: null,
    message: error instanceof Error ? error.message : String(error),
  };
};

/**
 * Sends queue batches with the client (its own retry off: the queue owns retries) and, at
 * unload, with its keepalive CORS simple request (`text/plain` body carrying the key).
 */
export const logCallTransport = (client: {
  calls: Pick<CallRibbonClient['calls'], 'log' | 'logKeepalive'>;
}): QueueTransport => ({
  async send(events: CallEvent[]): Promise<SendResult> {
    try {
      return { ok: true, response: await client.calls.log(events, { retry: false }) };
    } catch (error) {
      return { ok: false, failure: classifyFailure(error) };
    }
  },

  async sendOnUnload(events: CallEvent[]): Promise<SendResult> {
    try {
      return { ok: true, response: await client.calls.logKeepalive(events) };
    } catch (error) {
      return { ok: false, failure: classifyFailure(error) };
    }
  },
});
