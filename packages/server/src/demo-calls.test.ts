import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ActiveCallsResponse,
  CallEvent,
  CallLogsResponse,
  DetailedAnalyticsResponse,
} from '@call-ribbon/contract';
import { createApp } from './app.ts';
import { seedDemoTenant } from './demo.ts';
import { DEMO_CALL_DAYS, demoCallEvents } from './demo-calls.ts';
import { sqliteEngine } from './engines/sqlite/index.ts';
import { openDatabase } from './engines/sqlite/open.ts';

const NOW = new Date('2025-10-20T12:00:00Z');

describe('demo calls', () => {
  it('are valid events, the same every time for the same now, all within 90 days before now', () => {
    const events = demoCallEvents(NOW);
    assert.deepEqual(demoCallEvents(NOW), events);
    assert.notDeepEqual(demoCallEvents(new Date('2025-10-21T12:00:00Z')), events);
    for (const event of events) CallEvent.parse(event);
    const times = events.map((event) => Date.parse(event.timestamp));
    assert.ok(Math.max(...times) <= NOW.getTime());
    assert.ok(Math.min(...times) >= NOW.getTime() - DEMO_CALL_DAYS * 86_400_000);
  });

  it('seed the demo tenant through ingestion, with a realistic shape', async () => {
    const db = openDatabase(':memory:');
    const engine = sqliteEngine(db);
    assert.equal(await seedDemoTenant(engine.stores, { apiKey: 'demo-api-key', now: NOW }), true);

    const app = createApp({ engine, clock: () => NOW });
    const get = async (path: string) =>
      (await app.request(path, { headers: { 'X-API-Key': 'demo-api-key' } })).json();
    const detailed = DetailedAnalyticsResponse.parse(await get('/api/ribbon/analytics/detailed'));
    const { summary } = detailed;
    assert.ok(summary.totalCalls > 2500 && summary.totalCalls < 5000, `${summary.totalCalls} calls`);
    assert.ok(
      summary.inboundCalls > 0.3 * summary.totalCalls && summary.outboundCalls > 0.3 * summary.totalCalls,
    );
    assert.ok(
      summary.answeredCalls > 0.6 * summary.totalCalls && summary.missedCalls > 0.15 * summary.totalCalls,
    );
    // Business hours in IST only, weekdays heavier than Sunday.
    const outsideHours = Object.entries(detailed.callsByHour).filter(
      ([hour]) => Number(hour) < 9 || Number(hour) > 18,
    );
    assert.equal(
      outsideHours.reduce((sum, [, count]) => sum + count, 0),
      0,
    );
    assert.ok(detailed.callsByDayOfWeek.Tuesday > 5 * detailed.callsByDayOfWeek.Sunday);
    assert.ok(Object.values(detailed.durationBuckets).every((count) => count > 0));
    assert.equal(detailed.topCustomers.length, 10);
    assert.equal(detailed.topCustomers[0]!.customerId, 'CUST001');
    assert.match(detailed.topCustomers[0]!.customerName!, /^[A-Z][a-z]+ [A-Z][a-z]+$/);
    // No demo call stays live: a seeded call in progress would never end.
    assert.equal(ActiveCallsResponse.parse(await get('/api/ribbon/active-calls')).count, 0);
    const customer = CallLogsResponse.parse(await get('/api/ribbon/call-logs?customerId=CUST002&pageSize=1'));
    assert.match(customer.logs[0]!.phoneNumber, /^\+91\d{10}$/);
  });
});
