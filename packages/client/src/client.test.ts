// Every method against the real server app: `createApp` on an in-memory SQLite database,
// reached through `app.request` (see fixtures/app.ts).
import assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import {
  AccountManagementDashboard,
  AnalyticsResponse,
  BillingDashboard,
  CallLogsResponse,
  ConfigResponse,
  CustomerCallsResponse,
  DetailedAnalyticsResponse,
  EXPORT_COLUMNS,
  HealthResponse,
  InitResponse,
  LeadsDashboard,
  SalesDashboard,
  SupportDashboard,
} from '@call-ribbon/contract';
import { API_URL, callEvents, startApp } from './fixtures/app.ts';
import {
  BadRequestError,
  createAdminClient,
  createClient,
  type FetchLike,
  isApiError,
  isUnauthorizedError,
  NetworkError,
  NotFoundError,
  UnauthorizedError,
} from './index.ts';

describe('health, config and init', () => {
  it('health() reports the server', async () => {
    const { client } = await startApp();
    const health = HealthResponse.parse(await client.health());
    assert.equal(health.status, 'ok');
  });

  it('config() returns the tenant, widget and usage', async () => {
    const { client, tenant } = await startApp();
    const config = ConfigResponse.parse(await client.config());
    assert.equal(config.client.id, tenant.id);
    assert.equal(config.client.name, 'Acme Collections');
    assert.equal(config.usage.limit, 10_000);
  });

  it('init() opens a session and returns the configuration with a sessionId', async () => {
    const { client } = await startApp();
    const session = InitResponse.parse(await client.init({ agent: { id: 'agent-7', name: 'Priya' } }));
    assert.ok(session.sessionId.length > 0);
    assert.equal(session.client.name, 'Acme Collections');
  });

  it('a wrong key is an UnauthorizedError with the server message, method and URL', async () => {
    const { fetch } = await startApp();
    const stranger = createClient({ apiKey: 'not-a-key', apiUrl: API_URL, fetch });
    const error = await stranger.config().catch((caught: unknown) => caught);
    assert.ok(error instanceof UnauthorizedError && isUnauthorizedError(error) && isApiError(error));
    assert.equal(error.status, 401);
    assert.equal(error.code, 401);
    assert.equal(error.serverMessage, 'Invalid API key');
    assert.deepEqual(error.body, { error: true, message: 'Invalid API key', code: 401 });
    assert.equal(error.message, `GET ${API_URL}/api/ribbon/config failed with 401: Invalid API key`);
  });
});

describe('requests', () => {
  it('carry the key, the extra headers and a JSON Accept header; ids are escaped in paths', async () => {
    const { app, apiKey } = await startApp();
    const sent: Request[] = [];
    const client = createClient({
      apiKey,
      apiUrl: `${API_URL}/`,
      headers: { 'X-CRM-Page': 'collections' },
      fetch: (input, init) => {
        const request = new Request(input, init);
        sent.push(request);
        return app.request(request);
      },
    });
    await client.customers.calls('CUST 1/2', { limit: 5 });
    assert.equal(sent[0]!.url, `${API_URL}/api/ribbon/customer/CUST%201%2F2/calls?limit=5`);
    assert.equal(sent[0]!.headers.get('x-api-key'), apiKey);
    assert.equal(sent[0]!.headers.get('x-crm-page'), 'collections');
    assert.equal(sent[0]!.headers.get('accept'), 'application/json');
  });

  it('a path prefix in apiUrl is kept', async () => {
    const { app, apiKey } = await startApp();
    const client = createClient({
      apiKey,
      apiUrl: `${API_URL}/crm-backend`,
      fetch: (input, init) => {
        const url = new URL(new Request(input, init).url);
        assert.ok(url.pathname.startsWith('/crm-backend/'), url.pathname);
        url.pathname = url.pathname.slice('/crm-backend'.length);
        return app.request(new Request(url, new Request(input, init)));
      },
    });
    assert.equal((await client.health()).status, 'ok');
  });
});

describe('customers', () => {
  it('save() creates a customer that get() and findByPhone() find in any notation', async () => {
    const { client } = await startApp();
    const saved = await client.customers.save({
      customerId: 'CUST001',
      name: 'Rajesh Kumar',
      phone: '+91 98765 43210',
      company: 'Kumar Traders',
      customFields: { tier: 'gold' },
    });
    assert.equal(saved.success, true);
    assert.equal(saved.customer.phoneE164, '+919876543210');

    const found = await client.customers.get('CUST001');
    assert.equal(found.customer?.name, 'Rajesh Kumar');
    assert.deepEqual(found.customer?.customFields, { tier: 'gold' });
    assert.equal(found.totalCalls, 0);

    for (const notation of ['09876543210', '9876543210', '+919876543210']) {
      const { customers } = await client.customers.findByPhone(notation);
      assert.deepEqual(
        customers.map((customer) => customer.customerId),
        ['CUST001'],
        notation,
      );
    }
  });

  it('save() again updates the same customer', async () => {
    const { client } = await startApp();
    await client.customers.save({ customerId: 'CUST001', name: 'Rajesh' });
    await client.customers.save({ customerId: 'CUST001', name: 'Rajesh Kumar' });
    assert.equal((await client.customers.get('CUST001')).customer?.name, 'Rajesh Kumar');
  });

  it('get() of an unknown customer is a NotFoundError with the server message', async () => {
    const { client } = await startApp();
    const error = await client.customers.get('CUST/404').catch((caught: unknown) => caught);
    assert.ok(error instanceof NotFoundError);
    assert.match(error.serverMessage ?? '', /CUST\/404/);
    assert.equal(error.url, `${API_URL}/api/ribbon/customer/CUST%2F404`);
  });

  it('save() without a customerId is a BadRequestError naming the field, and stores nothing', async () => {
    const { client } = await startApp();
    const error = await client.customers
      // @ts-expect-error the server must refuse what the types refuse
      .save({ name: 'Nobody' })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof BadRequestError);
    assert.match(
      error.message,
      /^POST http:\/\/ribbon\.test\/api\/ribbon\/customer failed with 400: .*customerId/,
    );
    assert.deepEqual((await client.customers.findByPhone('+919876543210')).customers, []);
  });

  it('findByPhone() with too short a number is a BadRequestError', async () => {
    const { client } = await startApp();
    await assert.rejects(client.customers.findByPhone('1'), BadRequestError);
  });
});

describe('admin', () => {
  it('creates a client whose key works, lists it, reads and updates it', async () => {
    const { admin, fetch } = await startApp();
    const created = await admin.clients.create({ name: 'Bharat Finance', monthlyCallLimit: 500 });
    assert.equal(created.client.name, 'Bharat Finance');
    const tenantClient = createClient({ apiKey: created.apiKey, apiUrl: API_URL, fetch });
    assert.equal((await tenantClient.config()).usage.limit, 500);

    const { clients } = await admin.clients.list();
    assert.deepEqual(clients.map((client) => client.name).sort(), ['Acme Collections', 'Bharat Finance']);

    assert.equal((await admin.clients.get(created.client.id)).client.monthlyCallLimit, 500);
    const updated = await admin.clients.update(created.client.id, { widget: { position: 'top' } });
    assert.equal(updated.client.widget.position, 'top');
    assert.equal((await tenantClient.config()).widget.position, 'top');
  });

  it('rotateKey() gives a new key and the old one stops working', async () => {
    const { admin, client, tenant, fetch } = await startApp();
    const rotated = await admin.clients.rotateKey(tenant.id);
    await assert.rejects(client.config(), UnauthorizedError);
    const renewed = createClient({ apiKey: rotated.apiKey, apiUrl: API_URL, fetch });
    assert.equal((await renewed.config()).client.id, tenant.id);
  });

  it('analytics.all() totals every tenant', async () => {
    const { admin, client } = await startApp();
    await client.calls.log(callEvents('call-1', '2025-10-12T10:00:00Z'));
    const all = await admin.analytics.all();
    assert.equal(all.totals.clients, 1);
    assert.equal(all.totals.totalCalls, 1);
    assert.equal(all.clients[0]?.summary.totalCalls, 1);
  });

  it('a wrong admin token is an UnauthorizedError; an unknown client a NotFoundError', async () => {
    const { admin, fetch } = await startApp();
    const intruder = createAdminClient({ adminToken: 'guess', apiUrl: API_URL, fetch });
    await assert.rejects(intruder.clients.list(), UnauthorizedError);
    await assert.rejects(admin.clients.rotateKey('cl_missing'), NotFoundError);
  });

  it('a bad time zone is a BadRequestError', async () => {
    const { admin } = await startApp();
    await assert.rejects(admin.clients.create({ name: 'X', timezone: 'Mars/Olympus' }), BadRequestError);
  });
});

describe('call logs', () => {
  it('log() sends one event or a batch and reports duplicates and rejected events', async () => {
    const { client } = await startApp();
    const [dialing, connected, ended] = callEvents('call-1', '2025-10-12T10:00:00Z');
    assert.deepEqual(await client.calls.log(dialing!), { accepted: 1, duplicates: 0, rejected: [] });
    const bad = { ...ended!, eventId: 'evt-bad', event: 'exploded' } as unknown as typeof ended & {};
    const result = await client.calls.log([dialing!, connected!, ended!, bad]);
    assert.equal(result.accepted, 2);
    assert.equal(result.duplicates, 1);
    assert.deepEqual(
      result.rejected.map(({ index, eventId }) => ({ index, eventId })),
      [{ index: 3, eventId: 'evt-bad' }],
    );
    const { logs } = await client.calls.list();
    assert.equal(logs.length, 1);
    assert.equal(logs[0]?.status, 'completed');
    assert.equal(logs[0]?.duration, 60);
  });

  it('a log-call retried after its response was lost is counted once by the server', async () => {
    const { app, apiKey } = await startApp();
    let attempts = 0;
    const losesFirstResponse: FetchLike = async (input, init) => {
      attempts += 1;
      const response = await app.request(input, init);
      if (attempts === 1) throw new TypeError('fetch failed'); // the server stored it; the answer never came back
      return response;
    };
    const client = createClient({
      apiKey,
      apiUrl: API_URL,
      fetch: losesFirstResponse,
      retry: { delay: () => 0 },
    });
    const events = callEvents('call-lost', '2025-10-12T10:00:00Z', { talk: 90 });

    const result = await client.calls.log(events, { retry: 2 });
    assert.equal(attempts, 2);
    assert.deepEqual(result, { accepted: 0, duplicates: 3, rejected: [] }, 'the retry only met duplicates');
    const { summary } = AnalyticsResponse.parse(await client.analytics.summary());
    assert.equal(summary.totalCalls, 1);
    assert.equal(summary.totalDuration, 90);
    assert.equal((await client.calls.list()).pagination.total, 1);
  });

  it('without retry asked, a lost log-call response is a NetworkError and is not re-sent', async () => {
    const { app, apiKey } = await startApp();
    let attempts = 0;
    const fetch: FetchLike = async (input, init) => {
      attempts += 1;
      await app.request(input, init);
      throw new TypeError('fetch failed');
    };
    const client = createClient({ apiKey, apiUrl: API_URL, fetch });
    await assert.rejects(client.calls.log(callEvents('call-x', '2025-10-12T10:00:00Z')), NetworkError);
    assert.equal(attempts, 1);
  });

  it('list() applies every filter and pages', async () => {
    const { client } = await startApp();
    await client.calls.log([
      ...callEvents('out-1', '2025-10-10T05:00:00Z', { customerId: 'CUST001', customerName: 'Rajesh Kumar' }),
      ...callEvents('in-1', '2025-10-11T05:00:00Z', { direction: 'inbound', customerId: 'CUST002' }),
      ...callEvents('miss-1', '2025-10-12T05:00:00Z', { answered: false, customerId: 'CUST001' }),
    ]);
    const ids = (response: { logs: { callId: string }[] }) => response.logs.map((call) => call.callId);
    const all = CallLogsResponse.parse(await client.calls.list());
    assert.deepEqual(ids(all), ['miss-1', 'in-1', 'out-1'], 'newest first');
    assert.deepEqual(ids(await client.calls.list({ callDirection: 'inbound' })), ['in-1']);
    assert.deepEqual(ids(await client.calls.list({ status: 'missed' })), ['miss-1']);
    assert.deepEqual(ids(await client.calls.list({ customerId: 'CUST001' })), ['miss-1', 'out-1']);
    assert.deepEqual(ids(await client.calls.list({ startDate: '2025-10-11', endDate: '2025-10-11' })), [
      'in-1',
    ]);
    const page = await client.calls.list({ page: 2, pageSize: 2 });
    assert.deepEqual(ids(page), ['out-1']);
    assert.deepEqual(page.pagination, { page: 2, pageSize: 2, total: 3, totalPages: 2 });
  });

  it('list() with a bad filter is a BadRequestError naming the parameter', async () => {
    const { client } = await startApp();
    const error = await client.calls.list({ pageSize: 9999 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof BadRequestError);
    assert.match(error.serverMessage ?? '', /pageSize/);
    assert.equal(error.url, `${API_URL}/api/ribbon/call-logs?pageSize=9999`);
  });

  it('iterate() walks every page in order, from the page asked', async () => {
    const { client } = await startApp();
    const events = Array.from({ length: 7 }, (_, index) =>
      callEvents(`call-${index}`, `2025-10-12T0${index}:00:00Z`),
    ).flat();
    await client.calls.log(events);
    const seen: string[] = [];
    for await (const call of client.calls.iterate({ pageSize: 3 })) seen.push(call.callId);
    assert.deepEqual(seen, ['call-6', 'call-5', 'call-4', 'call-3', 'call-2', 'call-1', 'call-0']);
    const fromPage3: string[] = [];
    for await (const call of client.calls.iterate({ pageSize: 3, page: 3 })) fromPage3.push(call.callId);
    assert.deepEqual(fromPage3, ['call-0']);
    const none: string[] = [];
    for await (const call of client.calls.iterate({ status: 'failed' })) none.push(call.callId);
    assert.deepEqual(none, []);
  });

  it('active() lists a call that has not ended', async () => {
    const { client } = await startApp();
    const [dialing, connected] = callEvents('live-1', '2025-10-12T11:58:00Z');
    await client.calls.log([dialing!, connected!, ...callEvents('done-1', '2025-10-12T11:00:00Z')]);
    const active = await client.calls.active();
    assert.equal(active.count, 1);
    assert.deepEqual(
      active.calls.map((call) => [call.callId, call.status]),
      [['live-1', 'connected']],
    );
  });
});

describe('outbound calls', () => {
  it('start() posts the call request with the key; without telephony settings the 409 is an ApiError', async () => {
    const { app, apiKey } = await startApp();
    const sent: Request[] = [];
    const client = createClient({
      apiKey,
      apiUrl: API_URL,
      fetch: (input, init) => {
        const request = new Request(input, init);
        sent.push(request.clone());
        return app.request(request);
      },
    });
    const error = await client.calls
      .start({ to: '+919876543210', customerId: 'CUST001', agentId: 'agent-7' })
      .catch((caught: unknown) => caught);
    assert.ok(isApiError(error));
    assert.equal(error.status, 409);
    assert.equal(error.name, 'ApiError', 'a status without its own class is a plain ApiError');
    assert.match(error.serverMessage ?? '', /no Exotel settings/);
    assert.equal(sent.length, 1, 'a write is not retried');
    assert.equal(sent[0]!.method, 'POST');
    assert.equal(sent[0]!.url, `${API_URL}/api/ribbon/calls`);
    assert.equal(sent[0]!.headers.get('x-api-key'), apiKey);
    assert.deepEqual(await sent[0]!.json(), {
      to: '+919876543210',
      customerId: 'CUST001',
      agentId: 'agent-7',
    });
  });
});

describe('outbound calls through Exotel', () => {
  // Exotel is outside our system: a stand-in answers Calls/connect as Exotel documents it.
  const exotelStandIn = () => {
    const forms: URLSearchParams[] = [];
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      assert.match(String(input), /\/v1\/Accounts\/acme1\/Calls\/connect\.json$/);
      forms.push(new URLSearchParams(String(init?.body)));
      return Response.json({ Call: { Sid: 'exo-sid-1', Status: 'in-progress', AccountSid: 'acme1' } });
    };
    return { forms, fetch };
  };
  const settings = {
    accountSid: 'acme1',
    apiKey: 'exo-key',
    apiToken: 'exo-token',
    callerId: '08047112233',
    agents: { 'agent-priya': { phone: '+919812345678' } },
  };

  it('admin.clients.telephony sets, shows without secrets, and removes the Exotel account', async () => {
    const { admin, tenant } = await startApp();
    const saved = await admin.clients.telephony.set(tenant.id, settings);
    assert.deepEqual(saved.telephony.agents, ['agent-priya']);
    const shown = await admin.clients.telephony.get(tenant.id);
    assert.equal(shown.telephony.accountSid, 'acme1');
    assert.ok(!JSON.stringify(shown).includes('exo-token'), 'the token is never read back');
    await admin.clients.telephony.remove(tenant.id);
    await assert.rejects(admin.clients.telephony.get(tenant.id), NotFoundError);
  });

  it('calls.start() places the call and the call log shows it dialing', async () => {
    const exotel = exotelStandIn();
    const { admin, client, tenant } = await startApp(undefined, {
      exotel: { baseUrl: 'http://exotel.test', fetch: exotel.fetch as typeof fetch },
    });
    await admin.clients.telephony.set(tenant.id, settings);
    const started = await client.calls.start({ to: '+919876543210', agentId: 'agent-priya' });
    assert.equal(started.providerCallSid, 'exo-sid-1');
    assert.equal(started.status, 'dialing');
    assert.equal(exotel.forms[0]?.get('From'), '+919812345678');
    assert.equal(exotel.forms[0]?.get('To'), '+919876543210');
    const { logs } = await client.calls.list();
    assert.deepEqual(
      logs.map((call) => [call.callId, call.status, call.agentId]),
      [[started.callId, 'dialing', 'agent-priya']],
    );
  });

  it('calls.start() for an agent without a line is a BadRequestError', async () => {
    const exotel = exotelStandIn();
    const { admin, client, tenant } = await startApp(undefined, {
      exotel: { baseUrl: 'http://exotel.test', fetch: exotel.fetch as typeof fetch },
    });
    await admin.clients.telephony.set(tenant.id, settings);
    await assert.rejects(
      client.calls.start({ to: '+919876543210', agentId: 'agent-ghost' }),
      BadRequestError,
    );
    assert.equal(exotel.forms.length, 0, 'Exotel was not asked');
  });
});

describe('analytics', () => {
  it('summary() and detailed() count the logged calls; detailed() honours the range', async () => {
    const { client } = await startApp();
    await client.calls.log([
      ...callEvents('a', '2025-10-01T05:00:00Z', {
        talk: 20,
        customerId: 'CUST001',
        customerName: 'Rajesh Kumar',
      }),
      ...callEvents('b', '2025-10-12T05:00:00Z', {
        talk: 100,
        customerId: 'CUST001',
        customerName: 'Rajesh Kumar',
      }),
      ...callEvents('c', '2025-10-12T06:00:00Z', { answered: false, direction: 'inbound' }),
    ]);
    const { summary, recentCalls } = AnalyticsResponse.parse(await client.analytics.summary());
    assert.deepEqual(summary, {
      totalCalls: 3,
      totalDuration: 120,
      avgDuration: 60,
      inboundCalls: 1,
      outboundCalls: 2,
      answeredCalls: 2,
      missedCalls: 1,
    });
    assert.equal(recentCalls.length, 3);

    const day = DetailedAnalyticsResponse.parse(
      await client.analytics.detailed({ startDate: '2025-10-12T00:00:00Z', endDate: '2025-10-12T23:59:59Z' }),
    );
    assert.equal(day.summary.totalCalls, 2);
    assert.equal(day.callsByDayOfWeek.Sunday, 2);
    assert.equal(
      day.callsByHour['10'] + day.callsByHour['11'],
      2,
      '05:00 and 06:00 UTC are 10:30 and 11:30 IST',
    );
    assert.equal(day.durationBuckets['30s-2m'], 1);
    assert.deepEqual(
      day.topCustomers.map((customer) => [customer.customerId, customer.callCount]),
      [['CUST001', 1]],
    );
  });

  it('detailed() with a bad date is a BadRequestError', async () => {
    const { client } = await startApp();
    await assert.rejects(client.analytics.detailed({ startDate: 'yesterday' }), BadRequestError);
  });
});

describe('exports', () => {
  const seed = async (client: Awaited<ReturnType<typeof startApp>>['client']) =>
    client.calls.log([
      ...callEvents('x-1', '2025-10-05T05:00:00Z', { customerId: 'CUST001', customerName: 'Kumar, Rajesh' }),
      ...callEvents('x-2', '2025-10-20T05:00:00Z'),
    ]);

  it('text() returns the CSV with the header row and one row per call in the range', async () => {
    const { client } = await startApp();
    await seed(client);
    const csv = await client.exports.calls.text({
      format: 'csv',
      startDate: '2025-10-01',
      endDate: '2025-10-10',
    });
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines[0], EXPORT_COLUMNS.join(','));
    assert.equal(lines.length, 2);
    assert.match(lines[1]!, /^x-1,/);
    assert.ok(lines[1]!.includes('"Kumar, Rajesh"'), 'a comma inside a field is quoted');
  });

  it('stream() yields the JSON export as bytes', async () => {
    const { client } = await startApp();
    await seed(client);
    const stream = await client.exports.calls.stream({ format: 'json' });
    const calls = JSON.parse(await new Response(stream).text()) as { callId: string }[];
    assert.deepEqual(calls.map((call) => call.callId).sort(), ['x-1', 'x-2']);
  });

  it('stream() pipes to a file in Node, as the README shows', async () => {
    const { client } = await startApp();
    await seed(client);
    const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-client-'));
    try {
      const path = join(dir, 'calls.csv');
      const csv = await client.exports.calls.stream({ format: 'csv' });
      await csv.pipeTo(Writable.toWeb(createWriteStream(path)));
      assert.equal(readFileSync(path, 'utf8').trim().split(/\r?\n/).length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('download() outside a browser throws a clear error before any request', async () => {
    const { app, apiKey } = await startApp();
    let requests = 0;
    const client = createClient({
      apiKey,
      apiUrl: API_URL,
      fetch: (input, init) => {
        requests += 1;
        return app.request(input, init);
      },
    });
    await assert.rejects(client.exports.calls.download({ format: 'csv' }), {
      name: 'TypeError',
      message: /needs a browser .* use exports\.calls\.stream\(\) or exports\.calls\.text\(\)/,
    });
    assert.equal(requests, 0);
  });

  it('an export with a bad format is a BadRequestError', async () => {
    const { client } = await startApp();
    // @ts-expect-error the server must refuse what the types refuse
    await assert.rejects(client.exports.calls.text({ format: 'xml' }), BadRequestError);
  });
});

describe('customer calls', () => {
  it('customers.calls() returns the calls and their events, newest first, limited', async () => {
    const { client } = await startApp();
    await client.customers.save({ customerId: 'CUST001', name: 'Rajesh Kumar' });
    await client.calls.log([
      ...callEvents('c-1', '2025-10-10T05:00:00Z', { customerId: 'CUST001', talk: 30 }),
      ...callEvents('c-2', '2025-10-11T05:00:00Z', { customerId: 'CUST001', talk: 50 }),
    ]);
    const all = CustomerCallsResponse.parse(await client.customers.calls('CUST001'));
    assert.deepEqual(
      all.calls.map((call) => call.callId),
      ['c-2', 'c-1'],
    );
    assert.equal(all.events.length, 6);
    assert.equal(all.totalCalls, 2);
    assert.equal(all.totalDuration, 80);
    const latest = await client.customers.calls('CUST001', { limit: 1 });
    assert.deepEqual(
      latest.calls.map((call) => call.callId),
      ['c-2'],
    );
    assert.equal((await client.customers.get('CUST001')).callHistory.length, 2);
  });
});

describe('CRM records and dashboards', () => {
  const lead = {
    name: 'Anita Desai',
    email: 'anita@example.in',
    phone: '+919812345678',
    company: 'Desai Logistics',
    source: 'Website',
    status: 'Not Called',
    createdAt: '2025-10-10T06:00:00Z',
  } as const;

  it('upsert() stores a record with defaults; get(), list() and delete() see it', async () => {
    const { client } = await startApp();
    const stored = await client.crm.upsert('leads', 'L-1', lead);
    assert.equal(stored.id, 'L-1');
    assert.equal(stored.quality, 'Medium', 'the default is filled in');
    assert.equal((await client.crm.get('leads', 'L-1')).company, 'Desai Logistics');

    await client.crm.upsert('leads', 'L-1', { ...lead, status: 'Meeting Scheduled' });
    const page = await client.crm.list('leads');
    assert.equal(page.total, 1);
    assert.equal(page.records[0]?.status, 'Meeting Scheduled');

    await client.crm.delete('leads', 'L-1');
    assert.equal((await client.crm.list('leads')).total, 0);
    await assert.rejects(client.crm.delete('leads', 'L-1'), NotFoundError);
  });

  it('bulkUpsert() counts created and updated; list() pages', async () => {
    const { client } = await startApp();
    const records = ['L-1', 'L-2', 'L-3'].map((id) => ({ ...lead, id }));
    assert.deepEqual(await client.crm.bulkUpsert('leads', records), { created: 3, updated: 0 });
    assert.deepEqual(await client.crm.bulkUpsert('leads', records.slice(0, 1)), { created: 0, updated: 1 });
    const second = await client.crm.list('leads', { page: 2, pageSize: 2 });
    assert.equal(second.total, 3);
    assert.equal(second.records.length, 1);
  });

  it('an invalid record is a BadRequestError naming the field, and nothing is stored', async () => {
    const { client } = await startApp();
    const error = await client.crm
      .bulkUpsert('leads', [
        { ...lead, id: 'L-ok' },
        // @ts-expect-error the server must refuse what the types refuse
        { ...lead, id: 'L-bad', status: 'Maybe Later' },
      ])
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof BadRequestError);
    assert.match(error.serverMessage ?? '', /records\.1/);
    assert.equal((await client.crm.list('leads')).total, 0);
  });

  it('an unknown entity is a NotFoundError listing the entities', async () => {
    const { client } = await startApp();
    // @ts-expect-error not an entity
    const error = await client.crm.list('spaceships').catch((caught: unknown) => caught);
    assert.ok(error instanceof NotFoundError);
    assert.match(error.serverMessage ?? '', /leads/);
  });

  it('settings get() and update() the GST home state', async () => {
    const { client } = await startApp();
    await client.crm.settings.update({ homeState: 'Karnataka' });
    assert.deepEqual(await client.crm.settings.get(), { homeState: 'Karnataka' });
    await assert.rejects(client.crm.settings.update({ homeState: 'Atlantis' }), BadRequestError);
  });

  it('each of the five dashboards answers in its seed-004 shape', async () => {
    const { client } = await startApp();
    SalesDashboard.parse(await client.dashboards.sales());
    LeadsDashboard.parse(await client.dashboards.leads());
    AccountManagementDashboard.parse(await client.dashboards.accountManagement());
    SupportDashboard.parse(await client.dashboards.support());
    BillingDashboard.parse(await client.dashboards.billing());
  });

  it('the leads dashboard follows the records pushed through the client', async () => {
    const { client } = await startApp();
    const countOf = async (status: string) =>
      (await client.dashboards.leads()).statusDistribution.find((share) => share.status === status)?.count;
    assert.equal(await countOf('Not Called'), 0);
    await client.crm.bulkUpsert('leads', [
      { ...lead, id: 'L-1' },
      { ...lead, id: 'L-2' },
    ]);
    assert.equal(await countOf('Not Called'), 2);
    await client.crm.delete('leads', 'L-2');
    assert.equal(await countOf('Not Called'), 1);
  });

  it('a dashboard without a key is an UnauthorizedError', async () => {
    const { fetch } = await startApp();
    const stranger = createClient({ apiKey: 'wrong', apiUrl: API_URL, fetch });
    await assert.rejects(stranger.dashboards.billing(), UnauthorizedError);
  });
});
