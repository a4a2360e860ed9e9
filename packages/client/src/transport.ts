import ky from 'ky';
import { CallRibbonError } from './errors/CallRibbonError.ts';
import { apiErrorFor } from './errors/from-response.ts';
import { InvalidResponseError } from './errors/InvalidResponseError.ts';
import { NetworkError } from './errors/NetworkError.ts';
import { TimeoutError } from './errors/TimeoutError.ts';

/**
 * A `fetch` to send requests with: the platform's by default. Tests and servers inject their
 * own, e.g. `(input, init) => app.request(input, init)`.
 */
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Response | Promise<Response>;

/**
 * How safe reads (GET) retry on network errors, 408, 429 and 5xx, with exponential backoff
 * that honours `Retry-After`. A number is the `limit`.
 */
export type RetryPolicy = {
  /** Retries after the first attempt. @default 2 */
  limit?: number;
  /** Upper bound of one backoff delay in ms. @default Infinity */
  backoffLimit?: number;
  /** Upper bound in ms of a delay the server asks for with `Retry-After`. @default Infinity */
  maxRetryAfter?: number;
  /** Delay in ms before retry number `attempt` (from 1). @default 300 * 2 ** (attempt - 1) */
  delay?: (attempt: number) => number;
  /** Randomise delays so many clients do not retry in step. */
  jitter?: boolean | ((delay: number) => number);
};

/** Per-call options every method accepts as its last argument. */
export type RequestOptions = {
  /** Aborts the request; the promise then rejects with the signal's reason (an `AbortError`). */
  signal?: AbortSignal;
  /**
   * Reads retry by the client's policy unless this is `false` (or a number: the limit).
   * Writes never retry unless this is `true` (the client's policy) or a number.
   */
  retry?: boolean | number;
};

export type TransportOptions = {
  apiUrl: string;
  headers: Record<string, string>;
  fetch?: FetchLike | undefined;
  timeout?: number | undefined;
  retry?: number | RetryPolicy | undefined;
};

type QueryValue = string | number | boolean | null | undefined;
export type Query = { [key: string]: QueryValue };

export type Call = RequestOptions & {
  query?: Query | undefined;
  json?: unknown;
  /** A body sent as it is (with its own `content-type` in `headers`). */
  body?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** Leaves out the client's own headers (the key): a CORS simple request needs no preflight. */
  bare?: boolean | undefined;
  /** Lets the request outlive the page (unload flushes). */
  keepalive?: boolean | undefined;
};

const DEFAULT_TIMEOUT = 10_000;
const RETRY_STATUS_CODES = [408, 429, 500, 502, 503, 504];
const RETRY_AFTER_STATUS_CODES = [429, 503];

/** Turns ky's errors into the client's; anything else (an abort by the caller, a bug) passes through. */
const toClientError = (
  error: unknown,
  request: { method: string; url: string },
  timeout: number,
): unknown => {
  if (error instanceof CallRibbonError) return error;
  if (typeof error !== 'object' || error === null || (error as { isKyError?: unknown }).isKyError !== true) {
    return error;
  }
  const kyError = error as Error & { response?: Response; data?: unknown };
  if (kyError.name === 'HTTPError' && kyError.response) {
    const { response } = kyError;
    return apiErrorFor(
      { ...request, status: response.status, statusText: response.statusText, body: kyError.data },
      response.headers,
    );
  }
  if (kyError.name === 'TimeoutError') return new TimeoutError(request, timeout, { cause: error });
  return new NetworkError(request, { cause: kyError.cause ?? error });
};

/** One place where requests are built, sent, retried and their failures classified. */
export const createTransport = (options: TransportOptions) => {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT;
  const policy: RetryPolicy =
    typeof options.retry === 'number' ? { limit: options.retry } : { limit: 2, ...options.retry };
  const userFetch = options.fetch;
  const bare = ky.create({
    timeout,
    throwHttpErrors: true,
    ...(userFetch ? { fetch: async (input, init) => userFetch(input, init) } : {}),
  });
  const api = bare.extend({ headers: options.headers });

  const retryFor = (method: string, asked: boolean | number | undefined) => {
    const safe = method === 'GET';
    let limit = policy.limit ?? 2;
    if (typeof asked === 'number') limit = asked;
    else if (asked === false || (!safe && asked !== true)) limit = 0;
    return {
      ...policy,
      limit,
      methods: [method.toLowerCase()],
      statusCodes: RETRY_STATUS_CODES,
      afterStatusCodes: RETRY_AFTER_STATUS_CODES,
    };
  };

  const urlOf = (path: string, query?: Query): string => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) search.set(key, String(value));
    }
    const qs = search.toString();
    return `${base}${path}${qs ? `?${qs}` : ''}`;
  };

  const send = (method: string, path: string, call: Call, accept: string) => {
    const url = urlOf(path, call.query);
    const promise = (call.bare ? bare : api)(url, {
      method,
      headers: { accept, ...call.headers },
      retry: retryFor(method, call.retry),
      ...(call.json !== undefined ? { json: call.json } : {}),
      ...(call.body !== undefined ? { body: call.body } : {}),
      ...(call.keepalive ? { keepalive: true, credentials: 'omit' as const } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
    });
    return { url, promise };
  };

  return {
    /** Sends a request and parses its JSON body. */
    async json<T>(method: string, path: string, call: Call = {}): Promise<T> {
      const { url, promise } = send(method, path, call, 'application/json');
      let text: string;
      try {
        text = await promise.text();
      } catch (error) {
        throw toClientError(error, { method, url }, timeout);
      }
      try {
        return JSON.parse(text) as T;
      } catch (error) {
        throw new InvalidResponseError({ method, url }, text, { cause: error });
      }
    },

    /** Sends a request whose success has no body (204). */
    async empty(method: string, path: string, call: Call = {}): Promise<void> {
      const { url, promise } = send(method, path, call, 'application/json');
      try {
        await promise.text();
      } catch (error) {
        throw toClientError(error, { method, url }, timeout);
      }
    },

    /** Sends a request and returns the successful response with its body unread (exports). */
    async response(method: string, path: string, call: Call = {}, accept = '*/*'): Promise<Response> {
      const { url, promise } = send(method, path, call, accept);
      try {
        return await promise;
      } catch (error) {
        throw toClientError(error, { method, url }, timeout);
      }
    },

    /** Reads a response body as text, classifying a connection dropped mid-body. */
    async text(response: Response, request: { method: string; url: string }): Promise<string> {
      try {
        return await response.text();
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError') throw error;
        throw new NetworkError(request, { cause: error });
      }
    },

    urlOf,
  };
};
export type Transport = ReturnType<typeof createTransport>;
