// The lite client against the real server app (`app.request`), and msw for what the server
// cannot produce on demand: timeouts, dropped connections, non-JSON bodies, 429 with Retry-After.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { ConfigResponse, InitResponse, LogCallResponse } from '@call-ribbon/contract';
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { API_URL, callEvents, startApp } from './fixtures/app.ts';
import {
  BadRequestError,
  type CallRibbonClient,
  createClient,
  InvalidResponseError,
  isApiError,
  isCallRibbonError,
  isNetworkError,
  isRateLimitError,
  isTimeoutError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  type RibbonApi,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './index.ts';
import { createLiteClient, isApiError as isApiErrorFromLite } from './lite.ts';

const liteFor = (
  { fetch, apiKey }: Awaited<ReturnType<typeof startApp>>,
  options: { apiUrl?: string } = {},
) => createLiteClient({ apiKey, apiUrl: options.apiUrl ?? API_URL, fetch });

describe('createLiteClient against the real server', () => {
  it('init() and config() return the tenant configuration', async () => {
    const started = await startApp();
    const api = liteFor(started);
    const session = InitResponse.parse(await api.init({ agent: { id: 'agent-7', name: 'Priya' } }));
    assert.ok(session.sessionId.length > 0);
    assert.equal(session.client.name, 'Acme Collections');
    const config = ConfigResponse.parse(await api.config());
    assert.equal(config.client.id, started.tenant.id);
  });

  it('calls.log() stores a batch and a single event; the full client sees them, and active() lists the open call', async () => {
    const started = await startApp();
    const api = liteFor(started);
    const [dialing, connected, ended] = callEvents('c-1', '2025-10-12T11:00:00Z', { talk: 30 });
    const first = LogCallResponse.parse(await api.calls.log([dialing!, connected!], { retry: false }));
    assert.deepEqual(first, { accepted: 2, duplicates: 0, rejected: [] });
    assert.deepEqual(
      (await api.calls.active()).calls.map((call) => call.callId),
      ['c-1'],
    );
    await api.calls.log(ended!);
    const again = await api.calls.log([dialing!]);
    assert.deepEqual(again, { accepted: 0, duplicates: 1, rejected: [] }, 'a resent event is counted once');
    const { logs } = await started.client.calls.list();
    assert.deepEqual(
      logs.map((call) => [call.callId, call.status, call.duration]),
      [['c-1', 'completed', 30]],
    );
    assert.equal((await api.calls.active()).count, 0);
  });

  it('customers.findByPhone() finds a saved customer in any notation, with the number escaped in the query', async () => {
    const started = await startApp();
    await started.client.customers.save({
      customerId: 'CUST001',
      name: 'Rajesh Kumar',
      phone: '+91 98765 43210',
    });
    const sent: string[] = [];
    const api = createLiteClient({
      apiKey: started.apiKey,
      apiUrl: `${API_URL}/`,
      fetch: (input, init) => {
        const request = new Request(input, init);
        sent.push(`${request.method} ${request.url} ${request.headers.get('x-api-key')}`);
        return started.app.request(request);
      },
    });
    for (const notation of ['09876543210', '+919876543210']) {
      const { customers } = await api.customers.findByPhone(notation);
      assert.deepEqual(
        customers.map((customer) => customer.name),
        ['Rajesh Kumar'],
      );
    }
    assert.equal(sent[1], `GET ${API_URL}/api/ribbon/customers?phone=%2B919876543210 ${started.apiKey}`);
  });

  it('calls.start() places a call through Exotel (a stand-in outside our system) like the full client', async () => {
    const forms: URLSearchParams[] = [];
    const started = await startApp(undefined, {
      exotel: {
        baseUrl: 'http://exotel.test',
        fetch: (async (_input: RequestInfo | URL, init?: RequestInit) => {
          forms.push(new URLSearchParams(String(init?.body)));
          return Response.json({ Call: { Sid: 'exo-sid-1', Status: 'in-progress', AccountSid: 'acme1' } });
        }) as typeof fetch,
      },
    });
    await started.admin.clients.telephony.set(started.tenant.id, {
      accountSid: 'acme1',
      apiKey: 'exo-key',
      apiToken: 'exo-token',
      callerId: '08047112233',
      agents: { 'agent-priya': { phone: '+919812345678' } },
    });
    const api = liteFor(started);
    const placed = await api.calls.start({ to: '+919876543210', agentId: 'agent-priya' });
    assert.equal(placed.providerCallSid, 'exo-sid-1');
    assert.equal(placed.status, 'dialing');
    assert.equal(forms[0]?.get('To'), '+919876543210');

    const error = await api.calls
      .start({ to: '+919876543210', agentId: 'agent-ghost' })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof BadRequestError);
    assert.equal(forms.length, 1, 'Exotel was not asked again');
  });

  it('a bad request is a BadRequestError (400) with the same message and body as the full client', async () => {
    const started = await startApp();
    const lite = await liteFor(started)
      .customers.findByPhone('1')
      .catch((caught: unknown) => caught);
    const full = await started.client.customers.findByPhone('1').catch((caught: unknown) => caught);
    assert.ok(lite instanceof BadRequestError && isApiError(lite));
    assert.equal(lite.status, 400);
    assert.equal(lite.message, (full as Error).message);
    assert.deepEqual(lite.body, (full as BadRequestError).body);
  });

  it('a wrong key is an UnauthorizedError (401) with the server message, method and URL', async () => {
    const started = await startApp();
    const api = createLiteClient({ apiKey: 'not-a-key', apiUrl: API_URL, fetch: started.fetch });
    const error = await api.config().catch((caught: unknown) => caught);
    assert.ok(error instanceof UnauthorizedError);
    assert.equal(error.status, 401);
    assert.equal(error.serverMessage, 'Invalid API key');
    assert.deepEqual(error.body, { error: true, message: 'Invalid API key', code: 401 });
    assert.equal(error.message, `GET ${API_URL}/api/ribbon/config failed with 401: Invalid API key`);
  });

  it('a wrong apiUrl is a NotFoundError (404)', async () => {
    const started = await startApp();
    const error = await liteFor(started, { apiUrl: `${API_URL}/wrong-prefix` })
      .init()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof NotFoundError);
    assert.equal(error.status, 404);
    assert.equal(error.method, 'POST');
    assert.equal(error.url, `${API_URL}/wrong-prefix/api/ribbon/init`);
  });

  it("a 5xx from the server (Exotel refusing the tenant's credentials) is a ServerError", async () => {
    const started = await startApp(undefined, {
      exotel: {
        baseUrl: 'http://exotel.test',
        fetch: (async () =>
          Response.json(
            { RestException: { Status: 401, Message: 'Authenticate' } },
            { status: 401 },
          )) as typeof fetch,
      },
    });
    await started.admin.clients.telephony.set(started.tenant.id, {
      accountSid: 'acme1',
      apiKey: 'exo-key',
      apiToken: 'wrong',
      callerId: '08047112233',
      agents: { 'agent-priya': { phone: '+919812345678' } },
    });
    const error = await liteFor(started)
      .calls.start({ to: '+919876543210', agentId: 'agent-priya' })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 502);
    assert.match(error.serverMessage ?? '', /credentials/);
  });

  it('both clients satisfy RibbonApi', async () => {
    const started = await startApp();
    const apis: RibbonApi[] = [liteFor(started), started.client satisfies CallRibbonClient];
    assert.equal(apis.length, 2);
  });

  it('the lite entry exports the same error guards as the main one', () => {
    assert.equal(isApiErrorFromLite, isApiError);
  });

  it('needs an apiKey and an apiUrl', () => {
    assert.throws(() => createLiteClient({ apiKey: '', apiUrl: API_URL }), TypeError);
    assert.throws(() => createLiteClient({ apiKey: 'k' } as never), TypeError);
  });
});

describe('createLiteClient: what the server cannot produce on demand (msw)', () => {
  const API = 'https://calls.example.test';
  const server = setupServer();
  before(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => server.resetHandlers());
  after(() => server.close());
  const lite = (timeout?: number) =>
    createLiteClient({ apiKey: 'key-1', apiUrl: API, ...(timeout ? { timeout } : {}) });

  /** Answers every request to `path` with `respond` and counts them. */
  const answer = (method: 'get' | 'post', path: string, respond: () => Response | Promise<Response>) => {
    const seen: Request[] = [];
    server.use(
      http[method](`${API}${path}`, ({ request }) => {
        seen.push(request);
        return respond();
      }),
    );
    return seen;
  };

  it('a response that never comes is a TimeoutError naming the method, URL and limit', async () => {
    answer('get', '/api/ribbon/config', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const error = await lite(50)
      .config()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof TimeoutError && isTimeoutError(error) && !isApiError(error));
    assert.equal(error.timeout, 50);
    assert.equal(error.message, `GET ${API}/api/ribbon/config timed out after 50 ms`);
  });

  it('a dropped connection is a NetworkError, sent once (no retries)', async () => {
    const seen = answer('post', '/api/ribbon/log-call', () => HttpResponse.error());
    const error = await lite()
      .calls.log([])
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof NetworkError && isNetworkError(error));
    assert.match(
      error.message,
      /^POST https:\/\/calls\.example\.test\/api\/ribbon\/log-call failed: network error/,
    );
    assert.ok(error.cause instanceof Error, 'keeps the original error as cause');
    assert.equal(seen.length, 1);
  });

  it("the caller's own abort rejects with the signal's AbortError, not a client error", async () => {
    answer('get', '/api/ribbon/config', async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    const controller = new AbortController();
    const pending = lite().config({ signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught);
    assert.equal((error as Error).name, 'AbortError');
    assert.equal(isCallRibbonError(error), false);

    const reason = new Error('page left');
    const already = await lite()
      .config({ signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);
    assert.equal(already, reason, 'an aborted signal rejects with its own reason');
  });

  it('a 200 with an HTML page is an InvalidResponseError quoting the body', async () => {
    answer('get', '/api/ribbon/config', () => HttpResponse.html('<html><body>Captive portal</body></html>'));
    const error = await lite()
      .config()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof InvalidResponseError);
    assert.match(error.message, /not JSON: <html><body>Captive portal/);
  });

  it('a 502 with a plain-text body is a ServerError carrying that text', async () => {
    answer('post', '/api/ribbon/init', () =>
      HttpResponse.text('Bad gateway from the proxy', { status: 502 }),
    );
    const error = await lite()
      .init()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ServerError);
    assert.equal(error.body, 'Bad gateway from the proxy');
    assert.equal(error.serverMessage, 'Bad gateway from the proxy');
  });

  it('a 429 with Retry-After is a RateLimitError with retryAfter, sent once, mapped as the full client maps it', async () => {
    const body = { error: true, message: 'Slow down', code: 429 };
    const seen = answer('post', '/api/ribbon/log-call', () =>
      HttpResponse.json(body, { status: 429, headers: { 'Retry-After': '7' } }),
    );
    const error = await lite()
      .calls.log([], { retry: false })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof RateLimitError && isRateLimitError(error));
    assert.equal(error.retryAfter, 7);
    assert.deepEqual(error.body, body);
    assert.equal(seen.length, 1);
    const full = await createClient({ apiKey: 'key-1', apiUrl: API })
      .calls.log([], { retry: false })
      .catch((caught: unknown) => caught);
    assert.equal((full as RateLimitError).message, error.message);
    assert.equal((full as RateLimitError).retryAfter, 7);
  });

  it('a JSON error body that is cut off leaves body undefined, still the status class', async () => {
    answer(
      'get',
      '/api/ribbon/active-calls',
      () => new Response('{"error":tr', { status: 503, headers: { 'content-type': 'application/json' } }),
    );
    const error = await lite()
      .calls.active()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof ServerError);
    assert.equal(error.status, 503);
    assert.equal(error.body, undefined);
  });
});
