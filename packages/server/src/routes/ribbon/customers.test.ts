import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CustomerCallsResponse,
  CustomerResponse,
  CustomersByPhoneResponse,
  ErrorBody,
  SaveCustomerResponse,
} from '@call-ribbon/contract';
import { answeredCall } from '../../test-support/call-events.ts';
import { ACME_KEY, call, GLOBEX_KEY, twoTenantApp } from '../../test-support/tenants.ts';

const priya = {
  customerId: 'CUST001',
  name: 'Priya Iyer',
  email: 'priya@iyer.example',
  phone: '+91 98765 43210',
  company: 'Iyer Textiles',
  customFields: { accountBalance: 125000, segment: 'SMB', priority: 'High' },
};

describe('POST /api/ribbon/customer', () => {
  it('takes the key from the body, as the seed sends it, and stores the normalised phone', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/customer', {
      body: { apiKey: ACME_KEY, customerData: priya },
    });
    assert.equal(response.status, 200);
    const { customer } = SaveCustomerResponse.parse(response.json);
    assert.equal(customer.customerId, 'CUST001');
    assert.equal(customer.phone, '+91 98765 43210');
    assert.equal(customer.phoneE164, '+919876543210');
    assert.deepEqual(customer.customFields, priya.customFields);
    assert.equal(customer.createdAt, '2025-10-12T09:00:00.000Z');
    assert.equal((await app.deps.stores.customers.get('acme', 'CUST001'))?.name, 'Priya Iyer');
  });

  it('takes the key from X-API-Key too', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: { customerData: priya },
    });
    assert.equal(response.status, 200);
    assert.equal((await app.deps.stores.customers.get('acme', 'CUST001'))?.email, 'priya@iyer.example');
  });

  it('upserts: a second save replaces the record and keeps createdAt', async () => {
    const { app, setNow } = await twoTenantApp();
    await call(app, '/api/ribbon/customer', { key: ACME_KEY, body: { customerData: priya } });
    setNow('2025-10-13T10:00:00Z');
    const response = await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: { customerData: { customerId: 'CUST001', name: 'Priya R. Iyer', phone: '09876543210' } },
    });
    const { customer } = SaveCustomerResponse.parse(response.json);
    assert.equal(customer.name, 'Priya R. Iyer');
    assert.equal(customer.company, null);
    assert.equal(customer.phoneE164, '+919876543210');
    assert.equal(customer.createdAt, '2025-10-12T09:00:00.000Z');
    assert.equal(customer.updatedAt, '2025-10-13T10:00:00.000Z');
    assert.equal(await app.deps.stores.customers.count('acme'), 1);
  });

  it('answers 401 without a key or with a wrong one, and stores nothing', async () => {
    const { app } = await twoTenantApp();
    const missing = await call(app, '/api/ribbon/customer', { body: { customerData: priya } });
    assert.equal(missing.status, 401);
    assert.match(ErrorBody.parse(missing.json).message, /Missing API key/);
    const wrong = await call(app, '/api/ribbon/customer', { body: { apiKey: 'nope', customerData: priya } });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.json.message, 'Invalid API key');
    assert.equal(await app.deps.stores.customers.count('acme'), 0);
  });

  it('answers 400 naming the bad fields, and stores nothing', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/customer', {
      body: { apiKey: ACME_KEY, customerData: { customerId: '', name: 42 } },
    });
    assert.equal(response.status, 400);
    assert.equal(response.json.code, 400);
    assert.match(response.json.message, /customerData\.customerId/);
    assert.match(response.json.message, /customerData\.name/);
    const noData = await call(app, '/api/ribbon/customer', { body: { apiKey: ACME_KEY } });
    assert.equal(noData.status, 400);
    assert.match(noData.json.message, /customerData/);
    const malformed = await call(app, '/api/ribbon/customer', { key: ACME_KEY, body: '{"customerData": {' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.message, 'Request body is not valid JSON');
    const empty = await call(app, '/api/ribbon/customer', { key: ACME_KEY, body: '' });
    assert.deepEqual(empty.json, { error: true, message: 'Request body is empty: expected JSON', code: 400 });
    const form = await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: JSON.stringify({ customerData: { customerId: 'C1' } }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(form.status, 415);
    assert.equal(form.json.code, 415);
    assert.equal(await app.deps.stores.customers.count('acme'), 0);
  });
});

describe('GET /api/ribbon/customer/:id', () => {
  it('returns the customer, the latest calls first, and totals of talk time', async () => {
    const { app } = await twoTenantApp();
    await call(app, '/api/ribbon/customer', { key: ACME_KEY, body: { customerData: priya } });
    await app.deps.ingest({
      tenantId: 'acme',
      events: [
        ...answeredCall('c-1', '2025-10-10T05:00:00Z', { talkSeconds: 60, customerId: 'CUST001' }),
        ...answeredCall('c-2', '2025-10-11T05:00:00Z', { talkSeconds: 90, customerId: 'CUST001' }),
        ...answeredCall('c-3', '2025-10-11T06:00:00Z', { talkSeconds: 30, customerId: 'CUST002' }),
      ],
      receivedAt: new Date('2025-10-12T09:00:00Z'),
    });
    const response = await call(app, '/api/ribbon/customer/CUST001', { key: ACME_KEY });
    assert.equal(response.status, 200);
    const body = CustomerResponse.parse(response.json);
    assert.equal(body.customer?.name, 'Priya Iyer');
    assert.deepEqual(
      body.callHistory.map((c) => c.callId),
      ['c-2', 'c-1'],
    );
    assert.equal(body.totalCalls, 2);
    assert.equal(body.totalDuration, 150);
  });

  it('answers 200 with customer null when only calls name the customer', async () => {
    const { app } = await twoTenantApp();
    await app.deps.ingest({
      tenantId: 'acme',
      events: answeredCall('c-9', '2025-10-10T05:00:00Z', { customerId: 'CUST009' }),
      receivedAt: new Date(),
    });
    const response = await call(app, '/api/ribbon/customer/CUST009', { key: ACME_KEY });
    assert.equal(response.status, 200);
    const body = CustomerResponse.parse(response.json);
    assert.equal(body.customer, null);
    assert.equal(body.totalCalls, 1);
  });

  it('answers 404 when the tenant has neither the customer nor calls for it', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/customer/CUST404', { key: ACME_KEY });
    assert.equal(response.status, 404);
    assert.deepEqual(ErrorBody.parse(response.json).code, 404);
  });

  it('answers 401 without a key', async () => {
    const { app } = await twoTenantApp();
    assert.equal((await call(app, '/api/ribbon/customer/CUST001')).status, 401);
    assert.equal((await call(app, '/api/ribbon/customer/CUST001', { key: 'wrong' })).status, 401);
  });
});

describe('GET /api/ribbon/customer/:id/calls', () => {
  it('returns the latest `limit` calls, their events, and totals over all calls', async () => {
    const { app } = await twoTenantApp();
    await app.deps.ingest({
      tenantId: 'acme',
      events: [
        ...answeredCall('c-1', '2025-10-10T05:00:00Z', { talkSeconds: 60, customerId: 'CUST001' }),
        ...answeredCall('c-2', '2025-10-11T05:00:00Z', { talkSeconds: 90, customerId: 'CUST001' }),
        ...answeredCall('c-3', '2025-10-12T05:00:00Z', { talkSeconds: 30, customerId: 'CUST001' }),
      ],
      receivedAt: new Date('2025-10-12T09:00:00Z'),
    });
    const response = await call(app, '/api/ribbon/customer/CUST001/calls?limit=2', { key: ACME_KEY });
    assert.equal(response.status, 200);
    const body = CustomerCallsResponse.parse(response.json);
    assert.equal(body.customerId, 'CUST001');
    assert.deepEqual(
      body.calls.map((c) => c.callId),
      ['c-3', 'c-2'],
    );
    assert.deepEqual([...new Set(body.events.map((e) => e.callId))].sort(), ['c-2', 'c-3']);
    assert.equal(body.events.length, 8);
    assert.equal(body.events[0]?.receivedAt, '2025-10-12T09:00:00.000Z');
    assert.equal(body.totalCalls, 3);
    assert.equal(body.totalDuration, 180);
  });

  it('answers an unknown customer with empty lists and zero totals', async () => {
    const { app } = await twoTenantApp();
    const response = await call(app, '/api/ribbon/customer/NOBODY/calls', { key: ACME_KEY });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, {
      customerId: 'NOBODY',
      calls: [],
      events: [],
      totalCalls: 0,
      totalDuration: 0,
    });
  });

  it('answers 400 for a limit that is not a number in 1..500', async () => {
    const { app } = await twoTenantApp();
    for (const limit of ['ten', '0', '501', '2.5']) {
      const response = await call(app, `/api/ribbon/customer/CUST001/calls?limit=${limit}`, {
        key: ACME_KEY,
      });
      assert.equal(response.status, 400, limit);
      assert.match(response.json.message, /limit/);
    }
  });
});

describe('GET /api/ribbon/customers?phone=', () => {
  it('matches the number however it is written', async () => {
    const { app } = await twoTenantApp();
    await call(app, '/api/ribbon/customer', { key: ACME_KEY, body: { customerData: priya } });
    await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: { customerData: { customerId: 'CUST002', name: 'Other', phone: '+91 99999 00000' } },
    });
    for (const phone of ['+91 98765 43210', '09876543210', '9876543210', '919876543210', '+91-98765-43210']) {
      const response = await call(app, `/api/ribbon/customers?phone=${encodeURIComponent(phone)}`, {
        key: ACME_KEY,
      });
      assert.equal(response.status, 200, phone);
      const { customers } = CustomersByPhoneResponse.parse(response.json);
      assert.deepEqual(
        customers.map((c) => c.customerId),
        ['CUST001'],
        phone,
      );
    }
  });

  it('keeps other countries apart and finds nothing for an unknown number', async () => {
    const { app } = await twoTenantApp();
    await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: { customerData: { customerId: 'US1', phone: '+1 (415) 555-0100' } },
    });
    const us = await call(app, '/api/ribbon/customers?phone=%2B14155550100', { key: ACME_KEY });
    assert.deepEqual(
      us.json.customers.map((c: { customerId: string }) => c.customerId),
      ['US1'],
    );
    const india = await call(app, '/api/ribbon/customers?phone=4155550100', { key: ACME_KEY });
    assert.deepEqual(india.json, { customers: [] });
  });

  it('answers 400 for a missing or non-phone value', async () => {
    const { app } = await twoTenantApp();
    const missing = await call(app, '/api/ribbon/customers', { key: ACME_KEY });
    assert.equal(missing.status, 400);
    assert.match(missing.json.message, /phone/);
    const words = await call(app, '/api/ribbon/customers?phone=call-me', { key: ACME_KEY });
    assert.equal(words.status, 400);
    assert.match(words.json.message, /not a phone number/);
  });

  it('only ever searches the caller’s own customers', async () => {
    const { app } = await twoTenantApp();
    await call(app, '/api/ribbon/customer', { key: ACME_KEY, body: { customerData: priya } });
    const response = await call(app, '/api/ribbon/customers?phone=9876543210', { key: GLOBEX_KEY });
    assert.deepEqual(response.json, { customers: [] });
  });
});
