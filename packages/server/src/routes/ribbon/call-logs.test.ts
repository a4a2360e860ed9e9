import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallLogsResponse, ErrorBody } from '@call-ribbon/contract';
import { answeredCall, callEvent, twoTenantApp } from '../../test-support/call-events.ts';

/** Six calls for tenant A across three October days; two of them for customer C1. */
const seeded = async () => {
  const context = await twoTenantApp();
  const events = [
    ...answeredCall('a1', '2025-10-01T08:00:00Z', { customerId: 'C1' }),
    ...answeredCall('a2', '2025-10-01T23:30:00Z', { direction: 'inbound' }),
    ...answeredCall('a3', '2025-10-02T00:10:00Z', { customerId: 'C1', direction: 'inbound' }),
    ...answeredCall('a4', '2025-10-02T12:00:00Z'),
    callEvent({ callId: 'a5', event: 'incoming', direction: 'inbound', timestamp: '2025-10-03T09:00:00Z' }),
    callEvent({ callId: 'a5', event: 'missed', direction: 'inbound', timestamp: '2025-10-03T09:00:30Z' }),
    callEvent({ callId: 'a6', event: 'dialing', timestamp: '2025-10-03T10:00:00Z' }),
  ];
  await context.logCall({ events });
  return context;
};

const logsOf = async (get: (path: string) => Response | Promise<Response>, query: string) => {
  const response = await get(`/api/ribbon/call-logs${query}`);
  assert.equal(response.status, 200, query);
  return CallLogsResponse.parse(await response.json());
};

describe('GET /api/ribbon/call-logs', () => {
  it('lists newest first with pagination', async () => {
    const { get } = await seeded();
    const all = await logsOf(get, '');
    assert.deepEqual(
      all.logs.map((call) => call.callId),
      ['a6', 'a5', 'a4', 'a3', 'a2', 'a1'],
    );
    assert.deepEqual(all.pagination, { page: 1, pageSize: 50, total: 6, totalPages: 1 });
    const page2 = await logsOf(get, '?page=2&pageSize=4');
    assert.deepEqual(
      page2.logs.map((call) => call.callId),
      ['a2', 'a1'],
    );
    assert.deepEqual(page2.pagination, { page: 2, pageSize: 4, total: 6, totalPages: 2 });
    assert.deepEqual((await logsOf(get, '?page=9&pageSize=4')).logs, []);
  });

  it('filters by dates (a plain endDate is that whole UTC day), customer, direction and status', async () => {
    const { get } = await seeded();
    const ids = async (query: string) => (await logsOf(get, query)).logs.map((call) => call.callId);
    assert.deepEqual(await ids('?startDate=2025-10-02&endDate=2025-10-02'), ['a4', 'a3']);
    assert.deepEqual(await ids('?endDate=2025-10-01'), ['a2', 'a1']);
    assert.deepEqual(await ids('?startDate=2025-10-01T23:30:00Z&endDate=2025-10-02T00:10:00Z'), ['a3', 'a2']);
    assert.deepEqual(await ids('?startDate=2025-10-02T05:00:00%2B05:30'), ['a6', 'a5', 'a4', 'a3', 'a2']);
    assert.deepEqual(await ids('?customerId=C1'), ['a3', 'a1']);
    assert.deepEqual(await ids('?callDirection=inbound'), ['a5', 'a3', 'a2']);
    assert.deepEqual(await ids('?status=missed'), ['a5']);
    assert.deepEqual(await ids('?status=dialing'), ['a6']);
    assert.deepEqual(await ids('?callDirection=inbound&status=completed&endDate=2025-10-01'), ['a2']);
    assert.deepEqual(await ids('?customerId=C1&startDate=2025-10-02'), ['a3']);
    const counted = await logsOf(get, '?callDirection=outbound&startDate=2025-10-01T12:00:00Z&pageSize=1');
    assert.deepEqual(counted.pagination, { page: 1, pageSize: 1, total: 2, totalPages: 2 });
  });

  it('answers 400 naming each bad parameter', async () => {
    const { get } = await seeded();
    for (const [query, name] of [
      ['page=0', 'page'],
      ['page=two', 'page'],
      ['pageSize=501', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['startDate=yesterday', 'startDate'],
      ['endDate=2025-13-45', 'endDate'],
      ['startDate=2025-02-30', 'startDate'],
      ['endDate=2025-10-01T25:00:00Z', 'endDate'],
      ['callDirection=sideways', 'callDirection'],
      ['status=happy', 'status'],
      ['customerId=', 'customerId'],
      ['startDate=2025-10-05&endDate=2025-10-01', 'startDate'],
    ]) {
      const response = await get(`/api/ribbon/call-logs?${query}`);
      assert.equal(response.status, 400, query);
      const body = ErrorBody.parse(await response.json());
      assert.match(body.message, new RegExp(`${name}: `), query);
    }
  });

  it('words the error as `Invalid query: <field>: <problem>` in the error body', async () => {
    const { get } = await seeded();
    const response = await get('/api/ribbon/call-logs?pageSize=501&callDirection=sideways');
    assert.equal(response.status, 400);
    assert.deepEqual(await response.json(), {
      error: true,
      message:
        'Invalid query: pageSize: Too big: expected number to be <=500; callDirection: Invalid option: expected one of "inbound"|"outbound"',
      code: 400,
    });
  });

  it('answers 401 without a key or with a wrong one', async () => {
    const { get } = await seeded();
    assert.equal((await get('/api/ribbon/call-logs', null)).status, 401);
    assert.equal(ErrorBody.parse(await (await get('/api/ribbon/call-logs', 'nope')).json()).code, 401);
  });
});
