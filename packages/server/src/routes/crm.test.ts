import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrmBulkResponse, CrmListResponse, ErrorBody } from '@call-ribbon/contract';
import { createApp } from '../app.ts';
import { freshTestEngine } from '../test-support/tenants.ts';

const now = new Date('2025-10-15T08:30:00Z');

const setup = async () => {
  const app = createApp({ engine: await freshTestEngine(), clock: () => now });
  const a = await app.deps.stores.tenants.create({ name: 'Acme', apiKey: 'key-a' }, now);
  const b = await app.deps.stores.tenants.create({ name: 'Bharat', apiKey: 'key-b' }, now);
  const call = (method: string, path: string, body?: unknown, key = 'key-a') =>
    app.request(path, {
      method,
      headers: { 'X-API-Key': key, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  return { app, call, tenantA: a.tenant.id, tenantB: b.tenant.id };
};

const lead = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Lead ${id}`,
  status: 'Not Called',
  createdAt: '2025-10-01T10:00:00+05:30',
  ...extra,
});

const errorOf = async (response: Response, status: number): Promise<string> => {
  assert.equal(response.status, status);
  const body = ErrorBody.parse(await response.json());
  assert.equal(body.code, status);
  return body.message;
};

describe('PUT /api/crm/:entity/:id', () => {
  it('creates (201) then replaces (200) a record keyed by the CRM id, storing instants in UTC', async () => {
    const { call } = await setup();
    const created = await call('PUT', '/api/crm/leads/L-1', lead('L-1'));
    assert.equal(created.status, 201);
    const body = (await created.json()) as Record<string, unknown>;
    assert.equal(body.createdAt, '2025-10-01T04:30:00.000Z');
    assert.equal(body.quality, 'Medium');

    const replaced = await call('PUT', '/api/crm/leads/L-1', { ...lead('L-1'), status: 'Meeting Scheduled' });
    assert.equal(replaced.status, 200);
    const stored = (await (await call('GET', '/api/crm/leads/L-1')).json()) as Record<string, unknown>;
    assert.equal(stored.status, 'Meeting Scheduled');
    const list = CrmListResponse.parse(await (await call('GET', '/api/crm/leads')).json());
    assert.equal(list.total, 1);
  });

  it('rejects a bad record with 400 naming the field, and stores nothing', async () => {
    const { call } = await setup();
    const message = await errorOf(
      await call('PUT', '/api/crm/leads/L-1', lead('L-1', { status: 'Maybe' })),
      400,
    );
    assert.match(message, /status/);
    assert.match(
      await errorOf(await call('PUT', '/api/crm/invoices/I-1', { invoiceNo: 'INV-1', customer: 'X' }), 400),
      /invoiceDate/,
    );
    assert.match(
      await errorOf(await call('PUT', '/api/crm/leads/L-1', lead('L-2')), 400),
      /differs from the path/,
    );
    assert.match(await errorOf(await call('PUT', '/api/crm/leads/L-1', '{"id":'), 400), /not valid JSON/);
    await errorOf(await call('GET', '/api/crm/leads/L-1'), 404);
    assert.equal(CrmListResponse.parse(await (await call('GET', '/api/crm/leads')).json()).total, 0);
  });

  it('derives the taxable value of an invoice that gives only its total', async () => {
    const { call } = await setup();
    const response = await call('PUT', '/api/crm/invoices/I-1', {
      invoiceNo: 'INV-1',
      customer: 'TechVision Corp',
      invoiceDate: '2025-10-01',
      dueDate: '2025-10-31',
      amount: 118_000,
      placeOfSupply: 'Karnataka',
    });
    assert.equal(response.status, 201);
    assert.equal(((await response.json()) as { taxableValue: number }).taxableValue, 100_000);
  });
});

describe('unknown entities and auth', () => {
  it('answers 404 with the error body for an unknown entity and 401 without a key', async () => {
    const { call, app } = await setup();
    assert.match(await errorOf(await call('GET', '/api/crm/widgets'), 404), /Unknown CRM entity "widgets"/);
    assert.match(await errorOf(await call('PUT', '/api/crm/widgets/1', { id: '1' }), 404), /leads/);
    await errorOf(await app.request('/api/crm/leads'), 401);
    await errorOf(await call('GET', '/api/crm/leads', undefined, 'wrong'), 401);
  });
});

describe('POST /api/crm/:entity (bulk)', () => {
  it('upserts a batch and counts created and updated records', async () => {
    const { call } = await setup();
    await call('PUT', '/api/crm/leads/L-1', lead('L-1'));
    const response = await call('POST', '/api/crm/leads', {
      records: [lead('L-1'), lead('L-2'), lead('L-3')],
    });
    assert.equal(response.status, 200);
    assert.deepEqual(CrmBulkResponse.parse(await response.json()), { created: 2, updated: 1 });
  });

  it('stores none of a batch with a bad record and names each bad one by index', async () => {
    const { call } = await setup();
    const message = await errorOf(
      await call('POST', '/api/crm/leads', {
        records: [lead('L-1'), lead('L-2', { email: 42 }), lead('L-3', { createdAt: 'yesterday' })],
      }),
      400,
    );
    assert.match(message, /2 of 3 records are invalid/);
    assert.match(message, /records\.1: email/);
    assert.match(message, /records\.2: createdAt/);
    assert.equal(CrmListResponse.parse(await (await call('GET', '/api/crm/leads')).json()).total, 0);
  });

  it('refuses an empty batch and one over 1000 records', async () => {
    const { call } = await setup();
    await errorOf(await call('POST', '/api/crm/reps', { records: [] }), 400);
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `R-${i}`, name: `Rep ${i}` }));
    assert.match(await errorOf(await call('POST', '/api/crm/reps', { records: many }), 400), /records/);
    assert.equal(CrmListResponse.parse(await (await call('GET', '/api/crm/reps')).json()).total, 0);
  });
});

describe('GET /api/crm/:entity paging and DELETE', () => {
  it('pages in id order and deletes by id, 404 when absent', async () => {
    const { call } = await setup();
    const records = Array.from({ length: 5 }, (_, i) => ({ id: `R-${i}`, name: `Rep ${i}`, team: 'Sales' }));
    await call('POST', '/api/crm/reps', { records });
    const page2 = CrmListResponse.parse(await (await call('GET', '/api/crm/reps?page=2&pageSize=2')).json());
    assert.deepEqual(
      page2.records.map((r) => r.id),
      ['R-2', 'R-3'],
    );
    assert.deepEqual([page2.page, page2.pageSize, page2.total], [2, 2, 5]);
    assert.match(await errorOf(await call('GET', '/api/crm/reps?pageSize=501'), 400), /pageSize/);

    const deleted = await call('DELETE', '/api/crm/reps/R-2');
    assert.equal(deleted.status, 204);
    await errorOf(await call('DELETE', '/api/crm/reps/R-2'), 404);
    assert.equal(CrmListResponse.parse(await (await call('GET', '/api/crm/reps')).json()).total, 4);
  });
});

describe('tenant isolation', () => {
  it("keeps one tenant out of another tenant's records, even with the same ids", async () => {
    const { call } = await setup();
    await call('PUT', '/api/crm/leads/L-1', lead('L-1', { name: 'Only A' }));
    await errorOf(await call('GET', '/api/crm/leads/L-1', undefined, 'key-b'), 404);
    await errorOf(await call('DELETE', '/api/crm/leads/L-1', undefined, 'key-b'), 404);
    assert.equal(
      CrmListResponse.parse(await (await call('GET', '/api/crm/leads', undefined, 'key-b')).json()).total,
      0,
    );

    assert.equal(
      (await call('PUT', '/api/crm/leads/L-1', lead('L-1', { name: 'Only B' }), 'key-b')).status,
      201,
    );
    const mine = (await (await call('GET', '/api/crm/leads/L-1')).json()) as { name: string };
    assert.equal(mine.name, 'Only A');
  });
});

describe('settings', () => {
  it('defaults the GST home state to Maharashtra and accepts only Indian states', async () => {
    const { call } = await setup();
    assert.deepEqual(await (await call('GET', '/api/crm/settings')).json(), { homeState: 'Maharashtra' });
    assert.equal((await call('PUT', '/api/crm/settings', { homeState: 'Karnataka' })).status, 200);
    assert.deepEqual(await (await call('GET', '/api/crm/settings')).json(), { homeState: 'Karnataka' });
    assert.deepEqual(await (await call('GET', '/api/crm/settings', undefined, 'key-b')).json(), {
      homeState: 'Maharashtra',
    });
    assert.match(
      await errorOf(await call('PUT', '/api/crm/settings', { homeState: 'Atlantis' }), 400),
      /homeState/,
    );
  });
});
