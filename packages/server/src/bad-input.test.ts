import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorBody } from '@call-ribbon/contract';
import { MAX_JSON_DEPTH } from './http/json-depth.ts';
import { ACME_KEY, type CallOptions, call, twoTenantApp } from './test-support/tenants.ts';

/**
 * Bodies nested beyond MAX_JSON_DEPTH, ids with lone surrogates and U+0000 in ids or free-form
 * data are 400s with the error body that write nothing; bodies at the limit and astral
 * characters in ids are stored. Run on PostgreSQL too (CALL_RIBBON_TEST_ENGINE=postgres).
 */

/** `levels` nested arrays: `[[...]]`. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

const eventJson = (fields: Record<string, unknown> = {}) => ({
  eventId: 'evt-1',
  event: 'connected',
  callId: 'call-1',
  timestamp: '2025-10-12T08:55:00Z',
  direction: 'outbound',
  phoneNumber: '+919876543210',
  customerData: { customerId: 'CUST001' },
  ...fields,
});

/** A log-call body of one event whose `metadata.deep` holds `levels` nested arrays. */
const logCallBody = (levels: number, fields: Record<string, unknown> = {}) =>
  JSON.stringify(eventJson(fields)).replace(/}$/, `,"metadata":{"deep":${nested(levels)}}}`);

const lead = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Lead ${id}`,
  status: 'Not Called',
  createdAt: '2025-10-01T10:00:00+05:30',
  ...extra,
});

const setup = async () => {
  const { app, stored } = await twoTenantApp();
  /** Sends the request and checks it is a 400 with the error body that changed nothing. */
  const refused = async (path: string, options: CallOptions, message: RegExp) => {
    const before = await stored.changes();
    const response = await call(app, path, options);
    assert.equal(response.status, 400, `${path}: ${response.text}`);
    assert.deepEqual(ErrorBody.parse(response.json).code, 400);
    assert.match(response.json.message, message);
    assert.equal(await stored.changes(), before, `${path} was refused but wrote to the database`);
  };
  return { app, refused };
};

const TOO_DEEP = /nested deeper than 64 levels/;

describe('JSON nested too deep', () => {
  it('is a 400 on log-call, as JSON or as text/plain, and stores no event', async () => {
    const { app, refused } = await setup();
    await refused('/api/ribbon/log-call', { key: ACME_KEY, body: logCallBody(5000) }, TOO_DEEP);
    await refused(
      '/api/ribbon/log-call',
      {
        body: logCallBody(5000, { apiKey: ACME_KEY }),
        headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      },
      TOO_DEEP,
    );
    const batch = `{"events":[${logCallBody(5000)}]}`;
    await refused('/api/ribbon/log-call', { key: ACME_KEY, body: batch }, TOO_DEEP);
    const calls = await call(app, '/api/ribbon/customer/CUST001/calls', { key: ACME_KEY });
    assert.equal(calls.json.totalCalls, 0);
  });

  it('is a 400 on a customer, and the customer is not stored', async () => {
    const { app, refused } = await setup();
    const body = `{"customerData":{"customerId":"CUST001","customFields":{"deep":${nested(5000)}}}}`;
    await refused('/api/ribbon/customer', { key: ACME_KEY, body }, TOO_DEEP);
    await refused('/api/ribbon/customer', { body: body.replace('{', `{"apiKey":"${ACME_KEY}",`) }, TOO_DEEP);
    assert.equal((await call(app, '/api/ribbon/customer/CUST001', { key: ACME_KEY })).status, 404);
  });

  it('is a 400 on a CRM push, even in a field the record does not keep, and nothing is stored', async () => {
    const { app, refused } = await setup();
    const record = JSON.stringify(lead('L-1')).replace(/}$/, `,"extra":${nested(5000)}}`);
    await refused('/api/crm/leads', { key: ACME_KEY, body: `{"records":[${record}]}` }, TOO_DEEP);
    await refused('/api/crm/leads/L-1', { method: 'PUT', key: ACME_KEY, body: record }, TOO_DEEP);
    assert.equal((await call(app, '/api/crm/leads', { key: ACME_KEY })).json.total, 0);
  });

  it('accepts a log-call body of exactly the documented depth and stores its metadata whole', async () => {
    const { app, refused } = await setup();
    // The event object and `metadata` are 2 levels; the arrays inside make up the rest.
    const atLimit = MAX_JSON_DEPTH - 2;
    await refused('/api/ribbon/log-call', { key: ACME_KEY, body: logCallBody(atLimit + 1) }, TOO_DEEP);
    // As text/plain with the key in the body (the unload path): the handler still reads the body.
    const response = await call(app, '/api/ribbon/log-call', {
      body: logCallBody(atLimit, { apiKey: ACME_KEY }),
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.accepted, 1);
    const calls = await call(app, '/api/ribbon/customer/CUST001/calls', { key: ACME_KEY });
    assert.deepEqual(calls.json.events[0].metadata, { deep: JSON.parse(nested(atLimit)) });
  });

  it('accepts a customer of exactly the documented depth', async () => {
    const { app } = await setup();
    // `{ customerData: { customFields: { deep: ... } } }` is 3 levels before the arrays.
    const deep = JSON.parse(nested(MAX_JSON_DEPTH - 3));
    const response = await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: { customerData: { customerId: 'CUST001', customFields: { deep } } },
    });
    assert.equal(response.status, 200, response.text);
    const stored = await call(app, '/api/ribbon/customer/CUST001', { key: ACME_KEY });
    assert.deepEqual(stored.json.customer.customFields, { deep });
  });

  it('does not count brackets inside strings, escaped quotes included', async () => {
    const { app } = await setup();
    const notes = `"${'['.repeat(5000)} \\" ${'{'.repeat(4000)}`;
    const response = await call(app, '/api/ribbon/log-call', { key: ACME_KEY, body: eventJson({ notes }) });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.accepted, 1);
  });

  it('leaves form bodies to their route', async () => {
    const { app } = await setup();
    const response = await call(app, '/api/webhooks/exotel/no-such-secret', {
      body: `CallSid=${'['.repeat(5000)}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.status, 404, response.text);
  });
});

describe('ids with lone surrogates', () => {
  it('are a 400 for a single log-call event, whichever id carries one', async () => {
    const { refused } = await setup();
    for (const fields of [
      { eventId: 'evt-\ud800' },
      { callId: 'call-\udfff' },
      { agentId: '\udc00agent' },
      { customerData: { customerId: 'CUST-\ud83d' } },
    ]) {
      await refused(
        '/api/ribbon/log-call',
        { key: ACME_KEY, body: eventJson(fields) },
        /well-formed Unicode/,
      );
    }
  });

  it('reject each such event of a batch instead of storing two events as one', async () => {
    const { app } = await setup();
    // As UTF-8 both ids would be "evt-\ufffd": the second would count as a duplicate of the first.
    const events = [eventJson({ eventId: 'evt-\ud800' }), eventJson({ eventId: 'evt-\udbff' })];
    const response = await call(app, '/api/ribbon/log-call', { key: ACME_KEY, body: { events } });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.accepted, 0);
    assert.equal(response.json.duplicates, 0);
    assert.deepEqual(
      response.json.rejected.map((rejection: { index: number; eventId: string }) => [
        rejection.index,
        rejection.eventId,
      ]),
      [
        [0, 'evt-\ud800'],
        [1, 'evt-\udbff'],
      ],
    );
    const calls = await call(app, '/api/ribbon/customer/CUST001/calls', { key: ACME_KEY });
    assert.equal(calls.json.totalCalls, 0);
  });

  it('are a 400 for a customer and for CRM records, which stay unstored', async () => {
    const { app, refused } = await setup();
    await refused(
      '/api/ribbon/customer',
      { key: ACME_KEY, body: { customerData: { customerId: 'CUST-\udc00' } } },
      /customerData\.customerId: expected well-formed Unicode/,
    );
    await refused(
      '/api/crm/leads',
      { key: ACME_KEY, body: { records: [lead('L-\ud800')] } },
      /records\.0: .*well-formed Unicode/,
    );
    await refused(
      '/api/crm/leads/L-1',
      { method: 'PUT', key: ACME_KEY, body: lead('L-1', { ownerId: 'R-\udfff' }) },
      /ownerId: expected well-formed Unicode/,
    );
    assert.equal((await call(app, '/api/crm/leads', { key: ACME_KEY })).json.total, 0);
  });

  it('leave astral characters alone: emoji ids are stored and read back as sent', async () => {
    const { app } = await setup();
    const saved = await call(app, '/api/ribbon/customer', {
      key: ACME_KEY,
      body: { customerData: { customerId: 'CUST-😀', name: 'Priya' } },
    });
    assert.equal(saved.status, 200, saved.text);
    const logged = await call(app, '/api/ribbon/log-call', {
      key: ACME_KEY,
      body: {
        events: [
          eventJson({
            eventId: 'evt-😀',
            callId: 'call-😀',
            agentId: 'agent-🎧',
            customerData: { customerId: 'CUST-😀' },
          }),
          eventJson({
            eventId: 'evt-😁',
            callId: 'call-😀',
            agentId: 'agent-🎧',
            customerData: { customerId: 'CUST-😀' },
          }),
        ],
      },
    });
    assert.deepEqual(logged.json, { accepted: 2, duplicates: 0, rejected: [] });
    const customer = await call(app, `/api/ribbon/customer/${encodeURIComponent('CUST-😀')}/calls`, {
      key: ACME_KEY,
    });
    assert.equal(customer.status, 200, customer.text);
    assert.equal(customer.json.calls[0].callId, 'call-😀');
    assert.equal(customer.json.calls[0].agentId, 'agent-🎧');
    assert.deepEqual(customer.json.events.map((event: { eventId: string }) => event.eventId).sort(), [
      'evt-😀',
      'evt-😁',
    ]);

    const put = await call(app, `/api/crm/leads/${encodeURIComponent('L-😀')}`, {
      method: 'PUT',
      key: ACME_KEY,
      body: lead('L-😀'),
    });
    assert.equal(put.status, 201, put.text);
    const read = await call(app, `/api/crm/leads/${encodeURIComponent('L-😀')}`, { key: ACME_KEY });
    assert.equal(read.json.id, 'L-😀');
  });
});

describe('U+0000 (NUL), which PostgreSQL cannot store', () => {
  const NUL = /expected no NUL character \(U\+0000\)/;

  it('is a 400 naming the field for a CRM record, anywhere in it, and nothing is stored', async () => {
    const { app, refused } = await setup();
    await refused(
      '/api/crm/leads',
      { key: ACME_KEY, body: { records: [lead('L-\u0000')] } },
      /records\.0\.id: .*U\+0000/,
    );
    await refused(
      '/api/crm/leads',
      { key: ACME_KEY, body: { records: [lead('L-1'), lead('L-2', { name: 'Priya\u0000' })] } },
      /records\.1\.name: .*U\+0000/,
    );
    assert.equal((await call(app, '/api/crm/leads', { key: ACME_KEY })).json.total, 0);
  });

  it('is a 400 in a customer id or its custom fields, and for a log-call event id or metadata', async () => {
    const { app, refused } = await setup();
    await refused(
      '/api/ribbon/customer',
      { key: ACME_KEY, body: { customerData: { customerId: 'C\u0000' } } },
      NUL,
    );
    await refused(
      '/api/ribbon/customer',
      {
        key: ACME_KEY,
        body: { customerData: { customerId: 'CUST001', customFields: { tier: 'gold\u0000' } } },
      },
      /customerData\.customFields\.tier: .*U\+0000/,
    );
    await refused('/api/ribbon/log-call', { key: ACME_KEY, body: eventJson({ eventId: 'evt-\u0000' }) }, NUL);
    await refused(
      '/api/ribbon/log-call',
      { key: ACME_KEY, body: eventJson({ metadata: { notes: ['ok', 'bad\u0000'] } }) },
      /metadata\.notes\.1: .*U\+0000/,
    );
    assert.equal((await call(app, '/api/ribbon/customer/CUST001', { key: ACME_KEY })).status, 404);
  });

  it('is rejected alone in a log-call batch while the other events are stored', async () => {
    const { app } = await setup();
    const events = [eventJson({ eventId: 'evt-\u0000' }), eventJson({ eventId: 'evt-2' })];
    const response = await call(app, '/api/ribbon/log-call', { key: ACME_KEY, body: { events } });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.accepted, 1);
    assert.deepEqual(
      response.json.rejected.map((rejection: { index: number }) => rejection.index),
      [0],
    );
    assert.match(response.json.rejected[0].message, NUL);
  });

  it('is refused in any text, not only ids: notes in a batch, a customer name, a path', async () => {
    const { app, refused } = await setup();
    const events = [eventJson({ eventId: 'evt-1', notes: 'ok\u0000' }), eventJson({ eventId: 'evt-2' })];
    const response = await call(app, '/api/ribbon/log-call', { key: ACME_KEY, body: { events } });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.json.accepted, 1);
    assert.match(response.json.rejected[0].message, /^notes: .*U\+0000/);
    await refused(
      '/api/ribbon/customer',
      { key: ACME_KEY, body: { customerData: { customerId: 'CUST009', name: 'Priya\u0000' } } },
      /customerData\.name: .*U\+0000/,
    );
    const inPath = await call(app, '/api/ribbon/customer/C%00', { key: ACME_KEY });
    assert.equal(inPath.status, 400, inPath.text);
    assert.equal((await call(app, '/api/ribbon/customer/CUST009', { key: ACME_KEY })).status, 404);
  });
});
