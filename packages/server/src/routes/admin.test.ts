import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AdminAnalyticsResponse,
  AdminClientsResponse,
  ClientResponse,
  ClientWithKeyResponse,
  ErrorBody,
} from '@call-ribbon/contract';
import { answeredCall, callEvent } from '../test-support/call-events.ts';
import { ACME_KEY, ADMIN_TOKEN, call, twoTenantApp } from '../test-support/tenants.ts';

describe('admin API authentication', () => {
  const routes = [
    ['GET', '/api/admin/clients'],
    ['POST', '/api/admin/clients'],
    ['GET', '/api/admin/clients/acme'],
    ['PATCH', '/api/admin/clients/acme'],
    ['POST', '/api/admin/clients/acme/rotate-key'],
    ['GET', '/api/admin/analytics/all'],
  ] as const;
  const bodyFor = (method: string) => (method === 'GET' ? {} : { body: { name: 'X' } });

  it('is disabled (401 saying so) on every endpoint when no ADMIN_TOKEN is configured', async () => {
    const { app } = await twoTenantApp({ adminToken: undefined });
    for (const [method, path] of routes) {
      const response = await call(app, path, { method, admin: 'anything', ...bodyFor(method) });
      assert.equal(response.status, 401, `${method} ${path}`);
      assert.match(ErrorBody.parse(response.json).message, /admin API is disabled/);
    }
    assert.equal((await app.deps.stores.tenants.list()).length, 2);
  });

  it('answers 401 for a missing or wrong token on every endpoint, changing nothing', async () => {
    const { app } = await twoTenantApp();
    for (const [method, path] of routes) {
      const missing = await call(app, path, { method, ...bodyFor(method) });
      assert.equal(missing.status, 401, `${method} ${path}`);
      assert.match(missing.json.message, /Missing admin token/);
      const wrong = await call(app, path, { method, admin: `${ADMIN_TOKEN}x`, ...bodyFor(method) });
      assert.equal(wrong.status, 401, `${method} ${path}`);
      assert.equal(wrong.json.message, 'Invalid admin token');
    }
    // A tenant key is not an admin token.
    assert.equal((await call(app, '/api/admin/clients', { admin: ACME_KEY })).status, 401);
    assert.equal((await call(app, '/api/admin/clients', { key: ACME_KEY })).status, 401);
    assert.equal((await app.deps.stores.tenants.list()).length, 2);
    assert.equal((await app.deps.stores.tenants.byApiKey(ACME_KEY))?.id, 'acme');
  });
});

describe('POST /api/admin/clients', () => {
  it('creates a client (201) whose key works at once and is shown only in this response', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/admin/clients', {
      admin: ADMIN_TOKEN,
      body: {
        name: 'Initech',
        timezone: 'Europe/London',
        monthlyCallLimit: 500,
        allowedOrigins: ['https://crm.initech.example/', '*'],
      },
    });
    assert.equal(response.status, 201);
    const { client, apiKey } = ClientWithKeyResponse.parse(response.json);
    assert.equal(client.name, 'Initech');
    assert.equal(client.timezone, 'Europe/London');
    assert.equal(client.monthlyCallLimit, 500);
    assert.deepEqual(client.allowedOrigins, ['https://crm.initech.example', '*']);
    assert.equal(client.createdAt, '2025-10-12T09:00:00.000Z');
    const config = await call(app, '/api/ribbon/config', { key: apiKey });
    assert.equal(config.status, 200);
    assert.equal(config.json.client.id, client.id);
    const listed = await call(app, '/api/admin/clients', { admin: ADMIN_TOKEN });
    assert.doesNotMatch(listed.text, new RegExp(apiKey));
  });

  it('applies the defaults', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/admin/clients', { admin: ADMIN_TOKEN, body: { name: 'Hooli' } });
    const { client } = ClientWithKeyResponse.parse(response.json);
    assert.equal(client.timezone, 'Asia/Kolkata');
    assert.equal(client.monthlyCallLimit, 10000);
    assert.deepEqual(client.allowedOrigins, []);
  });

  it('answers 400 naming each bad field, creating nothing', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/admin/clients', {
      admin: ADMIN_TOKEN,
      body: {
        name: ' ',
        timezone: 'Mars/Olympus',
        monthlyCallLimit: -1,
        allowedOrigins: ['ftp://x.example'],
      },
    });
    assert.equal(response.status, 400);
    for (const field of ['name', 'timezone', 'monthlyCallLimit', 'allowedOrigins.0']) {
      assert.match(response.json.message, new RegExp(`${field.replace('.', '\\.')}:`), field);
    }
    const malformed = await call(app, '/api/admin/clients', { admin: ADMIN_TOKEN, body: '{"name":' });
    assert.equal(malformed.status, 400);
    assert.equal((await app.deps.stores.tenants.list()).length, 2);
  });
});

describe('GET /api/admin/clients', () => {
  it('lists every client with this month’s usage, total calls and last activity', async () => {
    const { app } = await twoTenantApp({ now: '2025-11-05T09:00:00Z' });
    await app.deps.ingest({
      tenantId: 'acme',
      events: [
        ...answeredCall('sept', '2025-09-20T05:00:00Z'),
        ...answeredCall('nov-1', '2025-11-02T05:00:00Z'),
        ...answeredCall('nov-2', '2025-11-03T05:00:00Z', { talkSeconds: 120 }),
      ],
      receivedAt: new Date('2025-11-05T09:00:00Z'),
    });
    const response = await call(app, '/api/admin/clients', { admin: ADMIN_TOKEN });
    assert.equal(response.status, 200);
    const { clients } = AdminClientsResponse.parse(response.json);
    assert.deepEqual(
      clients.map((c) => c.id),
      ['acme', 'globex'],
    );
    const [acme, globex] = clients;
    assert.deepEqual(acme?.usage, { callsThisMonth: 2, limit: 10000, remaining: 9998 });
    assert.equal(acme?.totalCalls, 3);
    assert.equal(acme?.lastActivityAt, '2025-11-03T05:02:10.000Z');
    assert.deepEqual(globex, {
      id: 'globex',
      name: 'Globex',
      createdAt: '2025-11-05T09:00:00.000Z',
      usage: { callsThisMonth: 0, limit: 10000, remaining: 10000 },
      totalCalls: 0,
      lastActivityAt: null,
    });
  });
});

describe('GET and PATCH /api/admin/clients/:id', () => {
  it('reads a client and changes only the fields sent', async () => {
    const { app } = await twoTenantApp();
    const before = await call(app, '/api/admin/clients/acme', { admin: ADMIN_TOKEN });
    assert.equal(ClientResponse.parse(before.json).client.name, 'Acme');
    const response = await call(app, '/api/admin/clients/acme', {
      method: 'PATCH',
      admin: ADMIN_TOKEN,
      body: {
        monthlyCallLimit: 25,
        widget: { position: 'top' },
        allowedOrigins: ['http://localhost:5173/app'],
      },
    });
    assert.equal(response.status, 200);
    const { client } = ClientResponse.parse(response.json);
    assert.equal(client.name, 'Acme');
    assert.equal(client.monthlyCallLimit, 25);
    assert.deepEqual(client.allowedOrigins, ['http://localhost:5173']);
    assert.deepEqual(client.widget, {
      position: 'top',
      theme: 'auto',
      wrapUp: true,
      defaultCountryCode: '+91',
    });
    const config = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.equal(config.json.widget.position, 'top');
    assert.equal(config.json.usage.limit, 25);
  });

  it('answers 404 for an unknown client and 400 for an empty or bad change', async () => {
    const { app } = await twoTenantApp();
    assert.equal((await call(app, '/api/admin/clients/nope', { admin: ADMIN_TOKEN })).status, 404);
    const unknown = await call(app, '/api/admin/clients/nope', {
      method: 'PATCH',
      admin: ADMIN_TOKEN,
      body: { name: 'X' },
    });
    assert.equal(unknown.status, 404);
    const empty = await call(app, '/api/admin/clients/acme', {
      method: 'PATCH',
      admin: ADMIN_TOKEN,
      body: {},
    });
    assert.equal(empty.status, 400);
    assert.match(empty.json.message, /at least one field/);
    const bad = await call(app, '/api/admin/clients/acme', {
      method: 'PATCH',
      admin: ADMIN_TOKEN,
      body: { widget: { defaultCountryCode: '91' }, timezone: 'Nowhere/City' },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /widget\.defaultCountryCode/);
    assert.match(bad.json.message, /timezone/);
    assert.equal((await app.deps.stores.tenants.get('acme'))?.timezone, 'Asia/Kolkata');
  });
});

describe('POST /api/admin/clients/:id/rotate-key', () => {
  it('issues a new key; the old one stops working at once', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/admin/clients/acme/rotate-key', {
      method: 'POST',
      admin: ADMIN_TOKEN,
    });
    assert.equal(response.status, 200);
    const { client, apiKey } = ClientWithKeyResponse.parse(response.json);
    assert.equal(client.id, 'acme');
    assert.notEqual(apiKey, ACME_KEY);
    assert.equal((await call(app, '/api/ribbon/config', { key: ACME_KEY })).status, 401);
    assert.equal((await call(app, '/api/ribbon/config', { key: apiKey })).status, 200);
  });

  it('answers 404 for an unknown client', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/admin/clients/nope/rotate-key', {
      method: 'POST',
      admin: ADMIN_TOKEN,
    });
    assert.equal(response.status, 404);
    assert.equal(response.json.code, 404);
  });
});

describe('GET /api/admin/analytics/all', () => {
  it('sums every client and shows each one', async () => {
    const { app } = await twoTenantApp({ now: '2025-10-20T09:00:00Z' });
    await app.deps.ingest({
      tenantId: 'acme',
      events: [
        ...answeredCall('a-1', '2025-10-10T05:00:00Z', { talkSeconds: 60 }),
        ...answeredCall('a-2', '2025-10-11T05:00:00Z', { talkSeconds: 100, direction: 'inbound' }),
      ],
      receivedAt: new Date(),
    });
    await app.deps.ingest({
      tenantId: 'globex',
      events: [
        ...answeredCall('g-1', '2025-10-12T05:00:00Z', { talkSeconds: 30 }),
        callEvent({
          eventId: 'g-2-1',
          event: 'incoming',
          callId: 'g-2',
          direction: 'inbound',
          timestamp: '2025-10-12T06:00:00Z',
        }),
        callEvent({
          eventId: 'g-2-2',
          event: 'missed',
          callId: 'g-2',
          direction: 'inbound',
          timestamp: '2025-10-12T06:00:30Z',
        }),
      ],
      receivedAt: new Date(),
    });
    const response = await call(app, '/api/admin/analytics/all', { admin: ADMIN_TOKEN });
    assert.equal(response.status, 200);
    const body = AdminAnalyticsResponse.parse(response.json);
    assert.deepEqual(body.totals, {
      clients: 2,
      totalCalls: 4,
      totalDuration: 190,
      avgDuration: 63,
      inboundCalls: 2,
      outboundCalls: 2,
      answeredCalls: 3,
      missedCalls: 1,
    });
    const globex = body.clients.find((c) => c.id === 'globex');
    assert.equal(globex?.summary.totalCalls, 2);
    assert.equal(globex?.summary.missedCalls, 1);
    assert.deepEqual(globex?.usage, { callsThisMonth: 2, limit: 10000, remaining: 9998 });
  });
});
