import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActiveCallsResponse, ErrorBody } from '@call-ribbon/contract';
import { answeredCall, callEvent, twoTenantApp } from '../../test-support/call-events.ts';

describe('GET /api/ribbon/active-calls', () => {
  it('lists calls not ended, leaving out stale ones (2 hours by default)', async () => {
    // now = 2025-10-20T12:00:00Z
    const { logCall, get } = await twoTenantApp();
    await logCall({
      events: [
        callEvent({
          callId: 'live',
          event: 'incoming',
          direction: 'inbound',
          timestamp: '2025-10-20T11:58:00Z',
        }),
        callEvent({
          callId: 'live',
          event: 'connected',
          direction: 'inbound',
          timestamp: '2025-10-20T11:58:05Z',
        }),
        callEvent({ callId: 'ringing', event: 'dialing', timestamp: '2025-10-20T10:30:00Z' }),
        callEvent({ callId: 'stale', event: 'dialing', timestamp: '2025-10-20T09:59:00Z' }),
        ...answeredCall('done', '2025-10-20T11:50:00Z'),
      ],
    });
    const body = ActiveCallsResponse.parse(await (await get('/api/ribbon/active-calls')).json());
    assert.equal(body.count, 2);
    assert.deepEqual(
      body.calls.map((call) => [call.callId, call.status]),
      [
        ['live', 'connected'],
        ['ringing', 'dialing'],
      ],
    );
    const other = ActiveCallsResponse.parse(await (await get('/api/ribbon/active-calls', 'key-b')).json());
    assert.deepEqual(other, { count: 0, calls: [] });
  });

  it('takes the stale time from createApp', async () => {
    const { logCall, get } = await twoTenantApp({ staleCallMs: 60_000 });
    await logCall({
      events: [
        callEvent({ callId: 'fresh', event: 'dialing', timestamp: '2025-10-20T11:59:30Z' }),
        callEvent({ callId: 'old', event: 'dialing', timestamp: '2025-10-20T11:58:00Z' }),
      ],
    });
    const body = ActiveCallsResponse.parse(await (await get('/api/ribbon/active-calls')).json());
    assert.deepEqual(
      body.calls.map((call) => call.callId),
      ['fresh'],
    );
  });

  it('answers 401 without a key', async () => {
    const { get } = await twoTenantApp();
    const response = await get('/api/ribbon/active-calls', null);
    assert.equal(response.status, 401);
    assert.equal(ErrorBody.parse(await response.json()).code, 401);
  });
});
