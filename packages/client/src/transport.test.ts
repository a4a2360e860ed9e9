// What our server cannot produce on demand: timeouts, dropped connections, a proxy's
// non-JSON pages, 429 with Retry-After, 503. msw answers at the network layer (global fetch).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import {
  ApiError,
  createAdminClient,
  createClient,
  InvalidResponseError,
  isApiError,
  isCallRibbonError,
  isInvalidResponseError,
  isNetworkError,
  isRateLimitError,
  isServerError,
  isTimeoutError,
  NetworkError,
  parseRetryAfter,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './index.ts';

const API = 'https://calls.example.test';
const server = setupServer();
before(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
after(() => server.close());

const noWait = { limit: 2, delay: () => 0 };
const client = (options: Partial<Parameters<typeof createClient>[0]> = {}) =>
  createClient({ apiKey: 'key-1', apiUrl: API, retry: noWait, ...options });

const summary = {
  summary: {
    totalCalls: 3,
    totalDuration: 120,
    avgDuration: 40,
    inboundCalls: 1,
    outboundCalls: 2,
    answeredCalls: 3,
    missedCalls: 0,
  },
  recentCalls: [],
};

/** Answers with the given responses in turn and counts the requests. */
const sequence = (
  method: 'get' | 'post',
  path: string,
  ...responses: (() => Response | Promise<Response>)[]
) => {
  const seen: Request[] = [];
  server.use(
    http[method](`${API}${path}`, ({ request }) => {
      seen.push(request);
      const next = responses[Math.min(seen.length, responses.length) - 1]!;
      return next();
    }),
  );
  return seen;
};

describe('timeouts and network failures', () => {
  it('a response that never comes is a TimeoutError naming the method, URL and limit', async () => {
    sequence('get', '/api/ribbon/analytics', async () => {
      await delay('infinite');
      return HttpResponse.json(summary);
    });
    const error = await client({ timeout: 50 })
      .analytics.summary()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof TimeoutError);
    assert.ok(isTimeoutError(error) && !isApiError(error));
    assert.equal(error.timeout, 50);
    assert.equal(error.method, 'GET');
    assert.equal(error.url, `${API}/api/ribbon/analytics`);
    assert.match(
      error.message,
      /GET https:\/\/calls\.example\.test\/api\/ribbon\/analytics timed out after 50 ms/,
    );
  });

  it('a dropped connection on a read is retried, then succeeds', async () => {
    const seen = sequence(
      'get',
      '/api/ribbon/analytics',
      () => HttpResponse.error(),
      () => HttpResponse.json(summary),
    );
    assert.deepEqual(await client().analytics.summary(), summary);
    assert.equal(seen.length, 2);
  });

  it('a connection that keeps failing ends in a NetworkError after the retry limit', async () => {
    const seen = sequence('get', '/api/ribbon/analytics', () => HttpResponse.error());
    const error = await client()
      .analytics.summary()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof NetworkError && isNetworkError(error));
    assert.equal(seen.length, 3);
    assert.match(
      error.message,
      /^GET https:\/\/calls\.example\.test\/api\/ribbon\/analytics failed: network error/,
    );
    assert.ok(error.cause instanceof Error, 'keeps the original error as cause');
  });

  it('a write is not retried after a network failure unless asked', async () => {
    const seen = sequence('post', '/api/ribbon/customer', () => HttpResponse.error());
    await assert.rejects(client().customers.save({ customerId: 'CUST001' }), NetworkError);
    assert.equal(seen.length, 1);
  });
});

describe('aborting', () => {
  it("the caller's own abort rejects with the signal's AbortError, not a client error, and is not retried", async () => {
    const seen = sequence('get', '/api/ribbon/analytics', async () => {
      await delay('infinite');
      return HttpResponse.json(summary);
    });
    const controller = new AbortController();
    const pending = client().analytics.summary({ signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    assert.equal((error as Error).name, 'AbortError');
    assert.equal(isCallRibbonError(error), false);
    assert.equal(seen.length, 1);
  });
});

describe('bodies that are not JSON', () => {
  it('a 200 with an HTML page is an InvalidResponseError quoting the body', async () => {
    sequence('get', '/api/ribbon/config', () =>
      HttpResponse.html('<html><body>Captive portal</body></html>'),
    );
    const error = await client()
      .config()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof InvalidResponseError && isInvalidResponseError(error));
    assert.match(
      error.message,
      /GET .*\/api\/ribbon\/config returned a body that is not JSON: <html><body>Captive portal/,
    );
    assert.ok(error.cause instanceof SyntaxError);
  });

  it('a 200 cut off mid-JSON is an InvalidResponseError too', async () => {
    sequence('get', '/api/ribbon/config', () => new HttpResponse('{"client":{"id":"c', { status: 200 }));
    await assert.rejects(client().config(), InvalidResponseError);
  });

  it('a 502 with a plain-text body becomes a ServerError carrying that text', async () => {
    sequence('get', '/api/ribbon/config', () =>
      HttpResponse.text('upstream connect error or disconnect/reset before headers', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );
    const error = await client({ retry: 0 })
      .config()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ServerError && isServerError(error) && isApiError(error));
    assert.equal(error.status, 502);
    assert.equal(error.code, 502);
    assert.equal(error.serverMessage, 'upstream connect error or disconnect/reset before headers');
    assert.equal(
      error.message,
      `GET ${API}/api/ribbon/config failed with 502 Bad Gateway: upstream connect error or disconnect/reset before headers`,
    );
  });
});

describe('429 and 503', () => {
  it('a 429 with Retry-After in seconds is a RateLimitError with retryAfter when retries are off', async () => {
    sequence('get', '/api/ribbon/analytics', () =>
      HttpResponse.json(
        { error: true, message: 'Too many requests', code: 429 },
        { status: 429, headers: { 'Retry-After': '120' } },
      ),
    );
    const error = await client({ retry: 0 })
      .analytics.summary()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof RateLimitError && isRateLimitError(error));
    assert.equal(error.retryAfter, 120);
    assert.equal(error.serverMessage, 'Too many requests');
  });

  it('a 429 without Retry-After has retryAfter null', async () => {
    sequence('get', '/api/ribbon/analytics', () =>
      HttpResponse.json({ error: true, message: 'Slow down', code: 429 }, { status: 429 }),
    );
    const error = await client({ retry: 0 })
      .analytics.summary()
      .catch((caught: unknown) => caught);
    assert.ok(isRateLimitError(error));
    assert.equal(error.retryAfter, null);
  });

  it('a read waits as long as Retry-After says, then retries', async () => {
    const seen = sequence(
      'get',
      '/api/ribbon/analytics',
      () =>
        HttpResponse.json(
          { error: true, message: 'wait', code: 429 },
          { status: 429, headers: { 'Retry-After': '1' } },
        ),
      () => HttpResponse.json(summary),
    );
    const started = performance.now();
    // delay() is what the client uses without Retry-After; this proves the header won.
    assert.deepEqual(await client({ retry: { limit: 1, delay: () => 0 } }).analytics.summary(), summary);
    assert.ok(performance.now() - started >= 950, 'waited about one second');
    assert.equal(seen.length, 2);
  });

  it('a 503 on a read is retried with backoff until it succeeds', async () => {
    const seen = sequence(
      'get',
      '/api/ribbon/active-calls',
      () => HttpResponse.json({ error: true, message: 'Maintenance', code: 503 }, { status: 503 }),
      () => HttpResponse.json({ error: true, message: 'Maintenance', code: 503 }, { status: 503 }),
      () => HttpResponse.json({ count: 0, calls: [] }),
    );
    assert.deepEqual(await client().calls.active(), { count: 0, calls: [] });
    assert.equal(seen.length, 3);
  });

  it('a 503 that outlasts the retries is a ServerError with the server message', async () => {
    const seen = sequence('get', '/api/ribbon/active-calls', () =>
      HttpResponse.json({ error: true, message: 'Maintenance', code: 503 }, { status: 503 }),
    );
    const error = await client()
      .calls.active()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ServerError);
    assert.equal(error.serverMessage, 'Maintenance');
    assert.equal(seen.length, 3);
  });

  it('a 503 on a write is not retried by default', async () => {
    const seen = sequence('post', '/api/ribbon/init', () =>
      HttpResponse.json({ error: true, message: 'Maintenance', code: 503 }, { status: 503 }),
    );
    await assert.rejects(client().init(), ServerError);
    assert.equal(seen.length, 1);
  });

  it('a write is retried when the call asks, and a read is not when the call says retry: false', async () => {
    const posts = sequence(
      'post',
      '/api/ribbon/init',
      () => HttpResponse.json({ error: true, message: 'Maintenance', code: 503 }, { status: 503 }),
      () => HttpResponse.json({ sessionId: 's1' }),
    );
    assert.deepEqual(await client().init({}, { retry: true }), { sessionId: 's1' });
    assert.equal(posts.length, 2);

    const gets = sequence('get', '/api/ribbon/active-calls', () =>
      HttpResponse.json({ error: true, message: 'Down', code: 500 }, { status: 500 }),
    );
    await assert.rejects(client().calls.active({ retry: false }), ServerError);
    assert.equal(gets.length, 1);
  });

  it('the admin client maps errors the same way', async () => {
    sequence('get', '/api/admin/clients', () =>
      HttpResponse.json({ error: true, message: 'Maintenance', code: 503 }, { status: 503 }),
    );
    const admin = createAdminClient({ adminToken: 't', apiUrl: API, retry: 0 });
    await assert.rejects(admin.clients.list(), ServerError);
  });
});

describe('error classes and guards', () => {
  it('parses Retry-After as seconds or as an HTTP-date', () => {
    const now = Date.parse('2025-10-12T09:00:00Z');
    assert.equal(parseRetryAfter('30', now), 30);
    assert.equal(parseRetryAfter('Sun, 12 Oct 2025 09:01:30 GMT', now), 90);
    assert.equal(parseRetryAfter('Sun, 12 Oct 2025 08:00:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), null);
    assert.equal(parseRetryAfter(null, now), null);
  });

  it('guards recognise errors from another realm by name, where instanceof fails', () => {
    const foreign: unknown = runInNewContext(
      `const error = new Error('GET x failed with 429');
       error.name = 'RateLimitError';
       Object.defineProperty(error, 'isCallRibbonError', { value: true });
       error`,
    );
    assert.equal(foreign instanceof RateLimitError, false);
    assert.ok(isRateLimitError(foreign) && isApiError(foreign) && isCallRibbonError(foreign));
    assert.equal(isTimeoutError(foreign), false);
  });

  it('guards do not claim platform errors that share a name', () => {
    assert.equal(isTimeoutError(new DOMException('The operation timed out.', 'TimeoutError')), false);
    assert.equal(isNetworkError(new DOMException('x', 'NetworkError')), false);
    assert.equal(isApiError(new Error('x')), false);
    assert.equal(isApiError(null), false);
  });

  it('every status class is an ApiError with its own constant name', () => {
    const error = new RateLimitError({
      method: 'GET',
      url: `${API}/x`,
      status: 429,
      statusText: '',
      body: { error: true, message: 'Slow', code: 429 },
      retryAfter: 5,
    });
    assert.ok(error instanceof ApiError);
    assert.equal(error.name, 'RateLimitError');
    assert.equal(error.message, `GET ${API}/x failed with 429: Slow`);
  });
});
