import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_BODY_BYTES } from '../app.ts';
import { ACME_KEY, call, GLOBEX_KEY, twoTenantApp } from '../test-support/tenants.ts';

const ACME_ORIGIN = 'https://crm.acme.example';
const STRANGER = 'https://evil.example';

const preflight = (origin: string, method = 'GET') => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': method,
    'Access-Control-Request-Headers': 'x-api-key, content-type',
  },
});

describe('CORS preflight', () => {
  it('answers 204 without a key for an origin some tenant allows', async () => {
    const { app } = await twoTenantApp();
    const response = await app.request('/api/ribbon/call-logs', preflight(ACME_ORIGIN));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), ACME_ORIGIN);
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const header of ['x-api-key', 'content-type', 'authorization'])
      assert.ok(allowed.includes(header), header);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.equal(response.headers.get('vary'), 'Origin');
  });

  it('refuses (403, no allow-origin) an origin no tenant allows', async () => {
    const { app } = await twoTenantApp();
    const response = await app.request('/api/ribbon/customer', preflight(STRANGER, 'POST'));
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(((await response.json()) as { code: number }).code, 403);
  });

  it('allows any origin once a tenant allows "*"', async () => {
    const { app } = await twoTenantApp();
    await app.deps.stores.tenants.update('globex', { allowedOrigins: ['*'] });
    const response = await app.request('/api/ribbon/config', preflight(STRANGER));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), STRANGER);
  });

  it('opens /health and /sdk/* to every origin', async () => {
    const { app } = await twoTenantApp();
    const sdk = await app.request('/sdk/call-ribbon.js', preflight(STRANGER));
    assert.equal(sdk.status, 204);
    const health = await call(app, '/health', { headers: { Origin: STRANGER } });
    assert.equal(health.status, 200);
    assert.equal(health.headers.get('access-control-allow-origin'), STRANGER);
  });
});

describe('CORS on actual requests', () => {
  it('lets the tenant’s own origin read the response', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/config', {
      key: ACME_KEY,
      headers: { Origin: ACME_ORIGIN },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), ACME_ORIGIN);
    // A cross-origin page can read Retry-After (the ribbon's queue backs off by it).
    assert.match(response.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });

  it('answers 403 when the key’s tenant does not allow the origin, even if another tenant does', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/config', {
      key: GLOBEX_KEY,
      headers: { Origin: ACME_ORIGIN },
    });
    assert.equal(response.status, 403);
    assert.deepEqual(response.json, {
      error: true,
      message: `Origin ${ACME_ORIGIN} is not allowed for this client`,
      code: 403,
    });
  });

  it('refuses a key sent in the body from a disallowed origin, storing nothing', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/customer', {
      headers: { Origin: STRANGER },
      body: { apiKey: ACME_KEY, customerData: { customerId: 'CUST001', name: 'X' } },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(await app.deps.stores.customers.count('acme'), 0);
  });

  it('allows requests without Origin (servers) and from the server’s own origin', async () => {
    const { app } = await twoTenantApp();
    assert.equal((await call(app, '/api/ribbon/config', { key: GLOBEX_KEY })).status, 200);
    const same = await call(app, '/api/ribbon/config', {
      key: GLOBEX_KEY,
      headers: { Origin: 'http://localhost' },
    });
    assert.equal(same.status, 200);
  });
});

describe('CORS on the ribbon’s init, from an origin no tenant allows', () => {
  it('passes the preflight, so the refusal can reach the page', async () => {
    const { app } = await twoTenantApp();
    const response = await app.request('/api/ribbon/init', preflight(STRANGER, 'POST'));
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), STRANGER);
  });

  it('answers a readable 403 naming the origin to a valid key, opening no session', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/init', {
      key: ACME_KEY,
      headers: { Origin: STRANGER },
      body: { sdkVersion: '0.1.0' },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), STRANGER);
    assert.deepEqual(response.json, {
      error: true,
      message: `Origin ${STRANGER} is not allowed for this client`,
      code: 403,
    });
    assert.deepEqual(await app.deps.stores.sessions.recent('acme'), []);
  });

  it('answers a readable 401 to an unknown key', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/init', {
      key: 'no-such-key',
      headers: { Origin: STRANGER },
      body: {},
    });
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('access-control-allow-origin'), STRANGER);
  });

  it('still refuses that origin’s preflight everywhere else', async () => {
    const { app } = await twoTenantApp();
    const response = await app.request('/api/ribbon/config', preflight(STRANGER));
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
});

describe('body size limit', () => {
  const oversized = (bytes: number) =>
    JSON.stringify({ apiKey: ACME_KEY, customerData: { customerId: 'BIG', name: 'x'.repeat(bytes) } });

  it('answers 413 with the error body when Content-Length is too large, storing nothing', async () => {
    const { app } = await twoTenantApp({ maxBodyBytes: 1000 });
    const body = oversized(2000);
    const response = await app.request('/api/ribbon/customer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      body,
    });
    assert.equal(response.status, 413);
    const json = (await response.json()) as { error: boolean; code: number; message: string };
    assert.equal(json.code, 413);
    assert.match(json.message, /larger than 1000 bytes/);
    assert.equal(await app.deps.stores.customers.count('acme'), 0);
  });

  it('also stops a streamed body without Content-Length', async () => {
    const { app } = await twoTenantApp({ maxBodyBytes: 1000 });
    const bytes = new TextEncoder().encode(oversized(5000));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.slice(i, i + 512));
        controller.close();
      },
    });
    const response = await app.request('/api/ribbon/customer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 413);
    assert.equal(await app.deps.stores.customers.count('acme'), 0);
  });

  it('lets a full log-call batch of 500 detailed events through', async () => {
    const { app } = await twoTenantApp();
    const events = Array.from({ length: 500 }, (_, i) => ({
      eventId: `evt-${i}-${'x'.repeat(40)}`,
      event: 'callEnded',
      callId: `call-${Math.floor(i / 4)}`,
      timestamp: new Date(Date.UTC(2025, 9, 1, 5, 0, i)).toISOString(),
      direction: 'outbound',
      phoneNumber: '+919876543210',
      agentId: 'agent-priya-sharma',
      duration: 95,
      disposition: 'Interested - call back next week',
      notes: 'Discussed renewal pricing and the GST invoice; customer wants a callback. '.repeat(4),
      customerData: {
        customerId: `CUST${String(i).padStart(3, '0')}`,
        name: 'Aarav Sharma',
        email: 'aarav.sharma@example.in',
        phone: '+919876543210',
        company: 'Tata Consultancy Services',
        customFields: { segment: 'Enterprise', priority: 'High', accountBalance: 125000 },
      },
      metadata: { page: 'https://crm.acme.example/leads/123', sdkVersion: '1.0.0' },
    }));
    const body = JSON.stringify({ events });
    assert.ok(body.length > 400_000 && body.length < DEFAULT_MAX_BODY_BYTES, `batch is ${body.length} bytes`);
    const response = await call(app, '/api/ribbon/log-call', { key: ACME_KEY, body });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.accepted, 500);
  });

  it('accepts bodies up to the default 1 MiB and refuses one byte more', async () => {
    const { app } = await twoTenantApp();
    const fits = await call(app, '/api/ribbon/customer', {
      body: {
        apiKey: ACME_KEY,
        customerData: { customerId: 'NEAR', customFields: { blob: 'x'.repeat(900_000) } },
      },
    });
    assert.equal(fits.status, 200);
    const exact = oversized(DEFAULT_MAX_BODY_BYTES);
    const response = await app.request('/api/ribbon/customer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(exact)) },
      body: exact,
    });
    assert.equal(response.status, 413);
    assert.equal(await app.deps.stores.customers.get('acme', 'BIG'), undefined);
  });
});
