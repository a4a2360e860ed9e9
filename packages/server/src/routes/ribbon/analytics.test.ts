import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AnalyticsResponse, DetailedAnalyticsResponse, ErrorBody } from '@call-ribbon/contract';
import { answeredCall, callEvent, twoTenantApp } from '../../test-support/call-events.ts';

const events = [
  ...answeredCall('c1', '2025-10-12T20:00:00Z', {
    talkSeconds: 20,
    customerId: 'C1',
    customerName: 'Asha Rao',
  }),
  ...answeredCall('c2', '2025-10-13T04:00:00Z', { talkSeconds: 100, customerId: 'C1', direction: 'inbound' }),
  ...answeredCall('c3', '2025-10-13T05:00:00Z', {
    talkSeconds: 1000,
    customerId: 'C2',
    customerName: 'Vikram Das',
  }),
  callEvent({ callId: 'c4', event: 'incoming', direction: 'inbound', timestamp: '2025-10-14T06:00:00Z' }),
  callEvent({ callId: 'c4', event: 'missed', direction: 'inbound', timestamp: '2025-10-14T06:00:40Z' }),
];

describe('GET /api/ribbon/analytics', () => {
  it('summarises all calls with the 10 most recent', async () => {
    const { logCall, get } = await twoTenantApp();
    await logCall({ events });
    const body = AnalyticsResponse.parse(await (await get('/api/ribbon/analytics')).json());
    assert.deepEqual(body.summary, {
      totalCalls: 4,
      totalDuration: 1120,
      avgDuration: 373,
      inboundCalls: 2,
      outboundCalls: 2,
      answeredCalls: 3,
      missedCalls: 1,
    });
    assert.deepEqual(
      body.recentCalls.map((call) => call.callId),
      ['c4', 'c3', 'c2', 'c1'],
    );
  });

  it('answers 401 with a wrong key', async () => {
    const { get } = await twoTenantApp();
    const response = await get('/api/ribbon/analytics', 'wrong');
    assert.equal(response.status, 401);
    assert.equal(ErrorBody.parse(await response.json()).code, 401);
  });
});

describe('GET /api/ribbon/analytics/detailed', () => {
  it('buckets hours and days in the tenant time zone, with top customers and talk-time buckets', async () => {
    const { logCall, get } = await twoTenantApp();
    await logCall({ events });
    const body = DetailedAnalyticsResponse.parse(await (await get('/api/ribbon/analytics/detailed')).json());
    assert.equal(Object.keys(body.callsByHour).length, 24);
    // 20:00Z on Sunday 12 Oct is 01:30 on Monday in Asia/Kolkata; 04:00Z is 09:30, 05:00Z 10:30, 06:00Z 11:30.
    assert.deepEqual(
      Object.entries(body.callsByHour).filter(([, count]) => count > 0),
      [
        ['1', 1],
        ['9', 1],
        ['10', 1],
        ['11', 1],
      ],
    );
    assert.deepEqual(body.callsByDayOfWeek, {
      Sunday: 0,
      Monday: 3,
      Tuesday: 1,
      Wednesday: 0,
      Thursday: 0,
      Friday: 0,
      Saturday: 0,
    });
    assert.deepEqual(body.durationBuckets, { '0-30s': 1, '30s-2m': 1, '2m-5m': 0, '5m-15m': 0, '15m+': 1 });
    assert.deepEqual(body.topCustomers, [
      { customerId: 'C1', customerName: 'Asha Rao', callCount: 2, totalDuration: 120 },
      { customerId: 'C2', customerName: 'Vikram Das', callCount: 1, totalDuration: 1000 },
    ]);
    assert.equal(body.recentActivity.length, 4);
  });

  it('uses UTC hours for a tenant in UTC', async () => {
    const { logCall, get } = await twoTenantApp({ timezoneA: 'UTC' });
    await logCall({ events });
    const body = DetailedAnalyticsResponse.parse(await (await get('/api/ribbon/analytics/detailed')).json());
    assert.equal(body.callsByHour['20'], 1);
    assert.equal(body.callsByDayOfWeek.Sunday, 1);
  });

  it('limits everything to startDate..endDate', async () => {
    const { logCall, get } = await twoTenantApp();
    await logCall({ events });
    const body = DetailedAnalyticsResponse.parse(
      await (
        await get(
          '/api/ribbon/analytics/detailed?startDate=2025-10-13T00:00:00Z&endDate=2025-10-13T23:59:59Z',
        )
      ).json(),
    );
    assert.equal(body.summary.totalCalls, 2);
    assert.equal(body.summary.totalDuration, 1100);
    assert.deepEqual(
      body.topCustomers.map((customer) => [customer.customerId, customer.callCount]),
      [
        ['C2', 1],
        ['C1', 1],
      ],
    );
    assert.deepEqual(
      body.recentActivity.map((call) => call.callId),
      ['c3', 'c2'],
    );
    const day = DetailedAnalyticsResponse.parse(
      await (await get('/api/ribbon/analytics/detailed?startDate=2025-10-14&endDate=2025-10-14')).json(),
    );
    assert.equal(day.summary.missedCalls, 1);
    assert.equal(day.summary.totalCalls, 1);
  });

  it('answers 401 without a key', async () => {
    const { get } = await twoTenantApp();
    const response = await get('/api/ribbon/analytics/detailed', null);
    assert.equal(response.status, 401);
    assert.equal(ErrorBody.parse(await response.json()).code, 401);
  });

  it('answers 400 naming a bad date', async () => {
    const { get } = await twoTenantApp();
    for (const [query, name] of [
      ['startDate=soon', 'startDate'],
      ['endDate=31-10-2025', 'endDate'],
    ]) {
      const response = await get(`/api/ribbon/analytics/detailed?${query}`);
      assert.equal(response.status, 400);
      assert.match(ErrorBody.parse(await response.json()).message, new RegExp(`${name}: `));
    }
  });
});
