import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallLogsResponse, ErrorBody, LogCallResponse } from '@call-ribbon/contract';
import { answeredCall, callEvent, twoTenantApp } from '../../test-support/call-events.ts';

const logsOf = async (response: Response | Promise<Response>) =>
  CallLogsResponse.parse(await (await response).json());
const ackOf = async (response: Response | Promise<Response>) =>
  LogCallResponse.parse(await (await response).json());

/** Call events and calls stored for either tenant. */
const countRows = async ({ stored }: Awaited<ReturnType<typeof twoTenantApp>>): Promise<number> => {
  let n = 0;
  for (const tenant of ['ten-a', 'ten-b']) {
    const rows = await stored.tenantRows(tenant);
    n += (rows.call_events?.length ?? 0) + (rows.calls?.length ?? 0);
  }
  return n;
};

describe('POST /api/ribbon/log-call', () => {
  it('stores one event and acknowledges it again as a duplicate', async () => {
    const { logCall, get } = await twoTenantApp();
    const [event] = answeredCall('call-1', '2025-10-20T10:00:00Z');
    const first = await logCall(event);
    assert.equal(first.status, 200);
    assert.deepEqual(LogCallResponse.parse(await first.json()), { accepted: 1, duplicates: 0, rejected: [] });
    assert.deepEqual(await (await logCall(event)).json(), { accepted: 0, duplicates: 1, rejected: [] });
    const logs = CallLogsResponse.parse(await (await get('/api/ribbon/call-logs')).json());
    assert.equal(logs.pagination.total, 1);
    assert.equal(logs.logs[0]?.status, 'dialing');
  });

  it('stores the valid events of a batch and names each rejected one', async () => {
    const { logCall, get } = await twoTenantApp();
    const [a, b, c] = answeredCall('call-1', '2025-10-20T10:00:00Z');
    const response = await logCall({
      events: [a, { ...b, event: 'exploded' }, c, 'nonsense', { ...c, eventId: undefined }],
    });
    assert.equal(response.status, 200);
    const body = LogCallResponse.parse(await response.json());
    assert.equal(body.accepted, 2);
    assert.deepEqual(
      body.rejected.map(({ index, eventId }) => ({ index, eventId })),
      [
        { index: 1, eventId: 'call-1-2' },
        { index: 3, eventId: null },
        { index: 4, eventId: null },
      ],
    );
    assert.match(body.rejected[0]!.message, /^event: /);
    assert.match(body.rejected[2]!.message, /eventId/);
    const logs = CallLogsResponse.parse(await (await get('/api/ribbon/call-logs')).json());
    assert.equal(logs.logs[0]?.status, 'connected');
  });

  it('derives the same call whatever order the events of a batch arrive in', async () => {
    const events = answeredCall('call-1', '2025-10-20T10:00:00Z', { talkSeconds: 42, customerId: 'C1' });
    const results = [];
    for (const order of [
      events,
      [...events].reverse(),
      [events[2], events[0], events[3], events[1], events[2]],
    ]) {
      const { logCall, get } = await twoTenantApp();
      await logCall({ events: order });
      results.push((await logsOf(get('/api/ribbon/call-logs'))).logs);
    }
    assert.equal(results[0]![0]!.duration, 42);
    assert.deepEqual(results[1], results[0]);
    assert.deepEqual(results[2], results[0]);
  });

  it('accepts the unload path: a text/plain body carrying the key as apiKey', async () => {
    const { app, get } = await twoTenantApp();
    const events = answeredCall('beacon', '2025-10-20T10:00:00Z');
    const response = await app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ apiKey: 'key-a', events }),
    });
    assert.equal(response.status, 200);
    assert.equal((await ackOf(response)).accepted, 4);
    const single = await app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({
        ...callEvent({ callId: 'other', event: 'incoming', timestamp: '2025-10-20T11:00:00Z' }),
        apiKey: 'key-a',
      }),
    });
    assert.equal((await ackOf(single)).accepted, 1);
    assert.equal((await logsOf(get('/api/ribbon/call-logs'))).pagination.total, 2);
    assert.equal((await logsOf(get('/api/ribbon/call-logs', 'key-b'))).pagination.total, 0);
  });

  it('answers 401 without a key or with a wrong one, in the header or the body, and writes nothing', async () => {
    const context = await twoTenantApp();
    const { logCall } = context;
    const events = answeredCall('x', '2025-10-20T10:00:00Z');
    for (const response of [
      await logCall({ events }, null),
      await logCall({ events }, 'wrong'),
      await logCall({ apiKey: 'wrong', events }, null),
      // A wrong header is not rescued by a right key in the body.
      await logCall({ apiKey: 'key-a', events }, 'wrong'),
    ]) {
      assert.equal(response.status, 401);
      assert.equal(ErrorBody.parse(await response.json()).code, 401);
    }
    assert.equal(await countRows(context), 0);
  });

  it('answers 400 with the error body to a body that is neither an event nor a batch, and writes nothing', async () => {
    const context = await twoTenantApp();
    const { logCall } = context;
    const event = callEvent({ callId: 'c', event: 'dialing', timestamp: '2025-10-20T10:00:00Z' });
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      ['', /empty/],
      [[event], /expected a call event or \{ events/],
      [42, /expected a call event/],
      [{ events: [] }, /events: expected an array of 1 to 500/],
      [{ events: 'all of them' }, /events: expected an array/],
      [{ events: Array.from({ length: 501 }, (_, i) => ({ ...event, eventId: `e${i}` })) }, /1 to 500/],
      [{ ...event, timestamp: 'yesterday' }, /^Invalid event: timestamp/],
      [{ ...event, direction: 'sideways' }, /direction/],
    ];
    for (const [body, message] of cases) {
      const response = await logCall(body);
      assert.equal(response.status, 400, String(message));
      const error = ErrorBody.parse(await response.json());
      assert.equal(error.code, 400);
      assert.match(error.message, message);
    }
    assert.equal(await countRows(context), 0);
  });

  it('answers concurrent requests sharing one commit each with its own counts', async () => {
    const { logCall, get } = await twoTenantApp();
    const events = Array.from({ length: 10 }, (_, i) =>
      answeredCall(`c${i}`, `2025-10-20T0${i}:00:00Z`, { talkSeconds: 30 + i }),
    ).flat();
    // Every event alone, the first ten twice, and one batch for tenant B, all at once.
    const responses = await Promise.all([
      ...events.map((event) => logCall(event)),
      ...events.slice(0, 10).map((event) => logCall({ events: [event] })),
      logCall({ events: events.slice(0, 4) }, 'key-b'),
    ]);
    const bodies = await Promise.all(responses.map((response) => ackOf(response)));
    const mine = bodies.slice(0, -1);
    assert.equal(
      mine.reduce((sum, body) => sum + body.accepted, 0),
      40,
    );
    assert.equal(
      mine.reduce((sum, body) => sum + body.duplicates, 0),
      10,
    );
    assert.deepEqual(bodies.at(-1), { accepted: 4, duplicates: 0, rejected: [] });
    const logs = await logsOf(get('/api/ribbon/call-logs'));
    assert.equal(logs.pagination.total, 10);
    assert.ok(logs.logs.every((call) => call.status === 'completed'));
    assert.equal((await logsOf(get('/api/ribbon/call-logs', 'key-b'))).pagination.total, 1);
  });

  it('stores events beyond the monthly limit', async () => {
    const { logCall, stores, get } = await twoTenantApp();
    assert.ok(await stores.tenants.update('ten-a', { monthlyCallLimit: 1 }));
    const events = [
      ...answeredCall('one', '2025-10-20T09:00:00Z'),
      ...answeredCall('two', '2025-10-20T10:00:00Z'),
    ];
    assert.equal((await ackOf(logCall({ events }))).accepted, 8);
    assert.equal((await logsOf(get('/api/ribbon/call-logs'))).pagination.total, 2);
  });
});
