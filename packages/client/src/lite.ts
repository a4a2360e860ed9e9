// `@call-ribbon/client/lite`: the calls a browser widget needs, on plain `fetch` (no ky), for
// script-tag bundles where every kilobyte counts. Same method names, shapes and errors as
// `createClient`; never retries (the caller, e.g. the ribbon's queue, owns retries).
import type {
  ActiveCallsResponse,
  CallEvent,
  ConfigResponse,
  CustomersByPhoneResponse,
  InitRequest,
  InitResponse,
  LogCallResponse,
  StartCallRequest,
  StartCallResponse,
} from '@call-ribbon/contract';
import { apiErrorFromText } from './errors/from-response.ts';
import { InvalidResponseError } from './errors/InvalidResponseError.ts';
import { NetworkError } from './errors/NetworkError.ts';
import { TimeoutError } from './errors/TimeoutError.ts';
import type { FetchLike } from './transport.ts';

/**
 * Per-call options of the lite client. `retry` may only be `false`: the lite client never
 * retries, and a call written for both clients says so explicitly.
 */
export type LiteRequestOptions = {
  /** Aborts the request; the promise then rejects with the signal's reason (an `AbortError`). */
  signal?: AbortSignal;
  retry?: false;
};

/**
 * The browser widgets' subset of the API, satisfied by both `createClient` and
 * `createLiteClient`: type against it to accept either.
 *
 * @example
 * ```
 * const lookup = (api: RibbonApi, phone: string) => api.customers.findByPhone(phone);
 * ```
 */
export type RibbonApi = {
  /** `POST /api/ribbon/init`: opens an agent session and returns the tenant's configuration. */
  init: (body?: InitRequest, request?: LiteRequestOptions) => Promise<InitResponse>;
  /** `GET /api/ribbon/config`: widget settings, telephony (no secrets), usage this month. */
  config: (request?: LiteRequestOptions) => Promise<ConfigResponse>;
  calls: {
    /** `POST /api/ribbon/log-call`: one event, or an array sent as `{ events }` (at most 500). */
    log: (eventOrEvents: CallEvent | CallEvent[], request?: LiteRequestOptions) => Promise<LogCallResponse>;
    /** `POST /api/ribbon/calls`: places an outbound call through the tenant's telephony. */
    start: (body: StartCallRequest, request?: LiteRequestOptions) => Promise<StartCallResponse>;
    /** `GET /api/ribbon/active-calls`: calls not yet ended. */
    active: (request?: LiteRequestOptions) => Promise<ActiveCallsResponse>;
  };
  customers: {
    /** `GET /api/ribbon/customers?phone=`: customers whose number matches, in any notation. */
    findByPhone: (phone: string, request?: LiteRequestOptions) => Promise<CustomersByPhoneResponse>;
  };
};

/**
 * Options of `createLiteClient`.
 *
 * @example
 * ```
 * const api = createLiteClient({ apiKey: 'your-api-key-123', apiUrl: 'https://calls.example.com' });
 * ```
 */
export type LiteClientOptions = {
  /** The tenant's API key, sent as `X-API-Key`. */
  apiKey: string;
  /** Base URL of the backend, e.g. `https://calls.example.com` (a path prefix is kept). */
  apiUrl: string;
  /** A `fetch` to use instead of the platform's. */
  fetch?: FetchLike;
  /** Timeout of each request, body included, in milliseconds. @default 10000 */
  timeout?: number;
};

/**
 * A small client for the calls in `RibbonApi`, on the platform's `fetch`. Every method rejects
 * with the same `CallRibbonError` subclasses as `createClient` (see `isApiError`,
 * `isRateLimitError`, ...), or with the caller's own abort reason.
 *
 * @example
 * ```
 * const api = createLiteClient({ apiKey, apiUrl: 'https://calls.example.com' });
 * const { customers } = await api.customers.findByPhone('+919876543210');
 * ```
 */
export const createLiteClient = (options: LiteClientOptions): RibbonApi => {
  if (!options.apiKey) throw new TypeError('createLiteClient: `apiKey` is required');
  if (typeof options.apiUrl !== 'string') throw new TypeError('createLiteClient: `apiUrl` is required');
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeout = options.timeout ?? 10_000;

  const send = async <T>(
    method: string,
    path: string,
    request: LiteRequestOptions = {},
    json?: unknown,
  ): Promise<T> => {
    const url = base + path;
    const target = { method, url };
    const timer = new AbortController();
    const id = setTimeout(() => timer.abort(), timeout);
    // One controller for both causes (no AbortSignal.any: Safari before 17.4 lacks it).
    const abort = () => timer.abort();
    request.signal?.addEventListener('abort', abort);
    if (request.signal?.aborted) abort();
    // Read here, not at the call, so tests and hosts that patch `globalThis.fetch` later are honoured.
    const doFetch = options.fetch ?? globalThis.fetch;
    const headers: Record<string, string> = { 'x-api-key': options.apiKey, accept: 'application/json' };
    if (json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method,
        headers,
        signal: timer.signal,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
      // An error status whose body cannot be read is still that error, as with ky (`data` undefined).
      const { ok } = response;
      text = await response.text().catch((error: unknown) => {
        if (ok) throw error;
        return '';
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timer.signal.aborted) throw new TimeoutError(target, timeout, { cause: error });
      throw new NetworkError(target, { cause: error });
    } finally {
      clearTimeout(id);
      request.signal?.removeEventListener('abort', abort);
    }
    if (!response.ok) throw apiErrorFromText(response, text, target);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new InvalidResponseError(target, text, { cause: error });
    }
  };

  return {
    init: (body = {}, request) => send('POST', '/api/ribbon/init', request, body),
    config: (request) => send('GET', '/api/ribbon/config', request),
    calls: {
      log: (eventOrEvents, request) =>
        send(
          'POST',
          '/api/ribbon/log-call',
          request,
          Array.isArray(eventOrEvents) ? { events: eventOrEvents } : eventOrEvents,
        ),
      start: (body, request) => send('POST', '/api/ribbon/calls', request, body),
      active: (request) => send('GET', '/api/ribbon/active-calls', request),
    },
    customers: {
      findByPhone: (phone, request) =>
        send('GET', `/api/ribbon/customers?phone=${encodeURIComponent(phone)}`, request),
    },
  };
};

export type { ApiErrorInit } from './errors/index.ts';
export {
  ApiError,
  BadRequestError,
  CallRibbonError,
  InvalidResponseError,
  isApiError,
  isBadRequestError,
  isCallRibbonError,
  isInvalidResponseError,
  isNetworkError,
  isNotFoundError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
  isUnauthorizedError,
  NetworkError,
  NotFoundError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors/index.ts';
export type { FetchLike } from './transport.ts';
