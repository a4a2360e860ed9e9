import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActiveCallsResponse,
  AnalyticsResponse,
  Call,
  CallLogsResponse,
  DetailedAnalyticsResponse,
} from '@call-ribbon/contract';
import { answeredCall, callEvent, twoTenantApp } from '../../test-support/call-events.ts';

describe('tenant isolation of the call endpoints', () => {
  it('B sees none of A’s calls through any endpoint, and A’s events never count for B', async () => {
    const { logCall, get } = await twoTenantApp();
    await logCall({
      events: [
        ...answeredCall('shared-id', '2025-10-20T10:00:00Z', { customerId: 'C1' }),
        callEvent({ callId: 'a-live', event: 'dialing', timestamp: '2025-10-20T11:59:00Z' }),
      ],
    });
    // B reuses A's call id and event ids: its own, separate call.
    await logCall({ events: answeredCall('shared-id', '2025-10-20T11:30:00Z').slice(0, 1) }, 'key-b');

    const asB = async (path: string) => {
      const response = await get(path, 'key-b');
      assert.equal(response.status, 200, path);
      return response;
    };
    const logs = CallLogsResponse.parse(await (await asB('/api/ribbon/call-logs')).json());
    assert.deepEqual(
      logs.logs.map((call) => [call.callId, call.status]),
      [['shared-id', 'dialing']],
    );
    assert.equal(
      CallLogsResponse.parse(await (await asB('/api/ribbon/call-logs?customerId=C1')).json()).pagination
        .total,
      0,
    );
    assert.equal(ActiveCallsResponse.parse(await (await asB('/api/ribbon/active-calls')).json()).count, 1);
    const analytics = AnalyticsResponse.parse(await (await asB('/api/ribbon/analytics')).json());
    assert.equal(analytics.summary.totalCalls, 1);
    assert.equal(analytics.summary.answeredCalls, 0);
    const detailed = DetailedAnalyticsResponse.parse(
      await (await asB('/api/ribbon/analytics/detailed')).json(),
    );
    assert.deepEqual(detailed.topCustomers, []);
    assert.equal(detailed.durationBuckets['30s-2m'], 0);
    const exported = Call.array().parse(await (await asB('/api/ribbon/export/calls?format=json')).json());
    assert.equal(exported.length, 1);
    assert.equal(exported[0]!.startTime, '2025-10-20T11:30:00.000Z');

    // And A's call is untouched by B's events with the same ids.
    const mine = CallLogsResponse.parse(await (await get('/api/ribbon/call-logs?customerId=C1')).json());
    assert.equal(mine.logs[0]!.status, 'completed');
    assert.equal(mine.logs[0]!.startTime, '2025-10-20T10:00:00.000Z');
    assert.equal(
      AnalyticsResponse.parse(await (await get('/api/ribbon/analytics')).json()).summary.totalCalls,
      2,
    );
  });
});
