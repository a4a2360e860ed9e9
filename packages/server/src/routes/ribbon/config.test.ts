import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigResponse, InitResponse } from '@call-ribbon/contract';
import { answeredCall } from '../../test-support/call-events.ts';
import { ACME_KEY, call, GLOBEX_KEY, twoTenantApp } from '../../test-support/tenants.ts';
import { monthInTimeZone, usageOf } from '../../usage.ts';

describe('GET /api/ribbon/config', () => {
  it('returns the client, its widget settings, simulator telephony and usage', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.equal(response.status, 200);
    assert.deepEqual(ConfigResponse.parse(response.json), {
      client: { id: 'acme', name: 'Acme', timezone: 'Asia/Kolkata' },
      widget: { position: 'bottom', theme: 'auto', wrapUp: true, defaultCountryCode: '+91' },
      telephony: { provider: 'simulator', callerId: null },
      usage: { callsThisMonth: 0, limit: 10000, remaining: 10000 },
    });
  });

  it('shows the Exotel provider and caller id once configured, never its credentials', async () => {
    const { app } = await twoTenantApp();
    await app.deps.stores.telephony.set(
      'acme',
      {
        provider: 'exotel',
        accountSid: 'acme-sid',
        host: 'api.in.exotel.com',
        sealedCredentials: 'v1.sealed-exotel-key-secret-and-token',
        callerId: '+918047112233',
        agents: {},
        record: false,
      },
      new Date(),
    );
    const response = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.deepEqual(response.json.telephony, { provider: 'exotel', callerId: '+918047112233' });
    assert.doesNotMatch(response.text, /secret|acme-sid/);
    const other = await call(app, '/api/ribbon/config', { key: GLOBEX_KEY });
    assert.deepEqual(other.json.telephony, { provider: 'simulator', callerId: null });
  });

  it('counts the month from local midnight on the 1st in Asia/Kolkata (18:30Z the day before)', async () => {
    const { app, setNow } = await twoTenantApp();
    await app.deps.ingest({
      tenantId: 'acme',
      events: [
        ...answeredCall('october-last-second', '2025-10-31T18:29:59Z'),
        ...answeredCall('november-first-second', '2025-10-31T18:30:00Z'),
        ...answeredCall('november-later', '2025-11-20T10:00:00Z'),
      ],
      receivedAt: new Date('2025-11-20T11:00:00Z'),
    });
    setNow('2025-11-20T12:00:00Z');
    const november = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.equal(november.json.usage.callsThisMonth, 2);
    assert.equal(november.json.usage.remaining, 9998);

    // 23:59 IST on 31 October is still October there, although UTC says the same date.
    setNow('2025-10-31T18:29:00Z');
    const october = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.equal(october.json.usage.callsThisMonth, 1);

    // At 00:00 IST on 1 December a new month has begun.
    setNow('2025-11-30T18:30:00Z');
    const december = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.equal(december.json.usage.callsThisMonth, 0);
  });

  it('never shows remaining below zero; calls beyond the limit still count', async () => {
    const { app } = await twoTenantApp();
    await app.deps.stores.tenants.update('acme', { monthlyCallLimit: 2 });
    await app.deps.ingest({
      tenantId: 'acme',
      events: ['a', 'b', 'c'].flatMap((id, i) => answeredCall(id, `2025-10-0${i + 1}T05:00:00Z`)),
      receivedAt: new Date(),
    });
    const response = await call(app, '/api/ribbon/config', { key: ACME_KEY });
    assert.deepEqual(response.json.usage, { callsThisMonth: 3, limit: 2, remaining: 0 });
  });

  it('answers 401 without a key or with a wrong one', async () => {
    const { app } = await twoTenantApp();
    const missing = await call(app, '/api/ribbon/config');
    assert.equal(missing.status, 401);
    assert.deepEqual(missing.json, {
      error: true,
      message: 'Missing API key: send it in the X-API-Key header',
      code: 401,
    });
    assert.equal((await call(app, '/api/ribbon/config', { key: 'wrong' })).status, 401);
  });
});

describe('POST /api/ribbon/init', () => {
  it('registers the agent session and returns the config with its id', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/init', {
      key: ACME_KEY,
      body: {
        agent: { id: 'agent-7', name: 'Kavya' },
        sdkVersion: '1.2.3',
        page: 'https://crm.acme.example/leads',
      },
    });
    assert.equal(response.status, 200);
    const body = InitResponse.parse(response.json);
    assert.equal(body.client.id, 'acme');
    assert.equal(body.usage.limit, 10000);
    const session = await app.deps.stores.sessions.get('acme', body.sessionId);
    assert.deepEqual(session, {
      id: body.sessionId,
      tenantId: 'acme',
      agentId: 'agent-7',
      agentName: 'Kavya',
      sdkVersion: '1.2.3',
      page: 'https://crm.acme.example/leads',
      createdAt: '2025-10-12T09:00:00.000Z',
      lastSeenAt: '2025-10-12T09:00:00.000Z',
    });
    assert.equal(await app.deps.stores.sessions.get('globex', body.sessionId), undefined);
  });

  it('accepts an empty body', async () => {
    const { app } = await twoTenantApp();
    const response = await app.request('/api/ribbon/init', {
      method: 'POST',
      headers: { 'X-API-Key': GLOBEX_KEY },
    });
    assert.equal(response.status, 200);
    const body = InitResponse.parse(await response.json());
    assert.equal((await app.deps.stores.sessions.get('globex', body.sessionId))?.agentId, null);
  });

  it('answers 400 for a bad body and 401 for a bad key, opening no session', async () => {
    const { app } = await twoTenantApp();
    const bad = await call(app, '/api/ribbon/init', {
      key: ACME_KEY,
      body: { agent: { id: '' }, sdkVersion: 5 },
    });
    assert.equal(bad.status, 400);
    assert.match(bad.json.message, /agent\.id/);
    assert.match(bad.json.message, /sdkVersion/);
    const malformed = await call(app, '/api/ribbon/init', { key: ACME_KEY, body: '{nope' });
    assert.equal(malformed.status, 400);
    const unauthorised = await call(app, '/api/ribbon/init', { key: 'wrong', body: {} });
    assert.equal(unauthorised.status, 401);
    assert.deepEqual(await app.deps.stores.sessions.recent('acme'), []);
  });
});

describe('monthInTimeZone', () => {
  it('gives [start, end) of the local calendar month, across daylight-saving changes', () => {
    const iso = (range: { start: Date; end: Date }) => [range.start.toISOString(), range.end.toISOString()];
    assert.deepEqual(iso(monthInTimeZone(new Date('2025-10-31T18:30:00Z'), 'Asia/Kolkata')), [
      '2025-10-31T18:30:00.000Z',
      '2025-11-30T18:30:00.000Z',
    ]);
    assert.deepEqual(iso(monthInTimeZone(new Date('2025-12-31T20:00:00Z'), 'Asia/Kolkata')), [
      '2025-12-31T18:30:00.000Z',
      '2026-01-31T18:30:00.000Z',
    ]);
    // New York: EST (-5) on 1 March, EDT (-4) on 1 April.
    assert.deepEqual(iso(monthInTimeZone(new Date('2025-03-15T12:00:00Z'), 'America/New_York')), [
      '2025-03-01T05:00:00.000Z',
      '2025-04-01T04:00:00.000Z',
    ]);
    assert.deepEqual(iso(monthInTimeZone(new Date('2025-11-01T05:00:00Z'), 'UTC')), [
      '2025-11-01T00:00:00.000Z',
      '2025-12-01T00:00:00.000Z',
    ]);
  });

  it('usageOf keeps remaining at zero or above', () => {
    assert.deepEqual(usageOf(12, 10), { callsThisMonth: 12, limit: 10, remaining: 0 });
    assert.deepEqual(usageOf(3, 10), { callsThisMonth: 3, limit: 10, remaining: 7 });
  });
});
