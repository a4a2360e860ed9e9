import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_EVENT_NAMES, type Call, type CallEvent } from '@call-ribbon/contract';
import { deriveCall } from '../calls/derive.ts';
import { seededRandom } from '../calls/random.ts';
import { durationBucket } from '../calls/rollup-cells.ts';
import { countCalls, detailedAnalytics, summarize } from '../services/analytics.ts';
import { answeredCall, callEvent, permutations } from '../test-support/events.ts';
import type { CallFilters, IngestBatch, Stores } from './index.ts';

/**
 * The behaviour every engine's call stores (call events, calls, call stats) must show,
 * written against the interfaces alone: an engine's test file calls `callStoresContract`
 * with a factory that opens fresh, empty stores.
 */
export type CallStores = Pick<Stores, 'tenants' | 'callEvents' | 'calls' | 'callStats'>;
export type OpenCallStores = (options?: { seekAfterRows?: number }) => Promise<CallStores>;

const NOW = new Date('2025-10-20T12:00:00Z');
const A = 'ten-a';
const B = 'ten-b';

const batch = (tenantId: string, events: readonly CallEvent[]): IngestBatch => ({
  tenantId,
  events,
  receivedAt: NOW,
});

/** Every call the chunks give, in order. */
const allChunks = async (stores: CallStores, tenantId: string, filters: CallFilters, size: number) => {
  const calls: Call[] = [];
  for await (const chunk of stores.calls.chunks(tenantId, filters, size)) calls.push(...chunk);
  return calls;
};

/** Reference analytics computed the slow way: derive every call from its events, then count. */
const bruteForce = (events: readonly CallEvent[], timeZone: string, from = -Infinity, to = Infinity) => {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) byCall.set(event.callId, [...(byCall.get(event.callId) ?? []), event]);
  const unique = (group: CallEvent[]) => [...new Map(group.map((event) => [event.eventId, event])).values()];
  const derived = [...byCall.values()]
    .map((group) => deriveCall(unique(group)))
    .filter((call) => call.startMs >= from && call.startMs < to);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: 'numeric',
    weekday: 'long',
  });
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const byHour = new Array<number>(24).fill(0);
  const byDay = new Array<number>(7).fill(0);
  const buckets = new Array<number>(5).fill(0);
  const customers = new Map<string, { calls: number; talk: number }>();
  const agents = new Map<string, { calls: number; connected: number }>();
  let talk = 0;
  const answered = derived.filter((c) => ['connected', 'on-hold', 'completed'].includes(c.status)).length;
  for (const call of derived) {
    const parts = Object.fromEntries(format.formatToParts(call.startMs).map((p) => [p.type, p.value]));
    byHour[Number(parts.hour)]!++;
    byDay[days.indexOf(parts.weekday!)]!++;
    const bucket = durationBucket(call.status, call.duration);
    if (bucket >= 0) buckets[bucket]!++;
    talk += call.duration;
    if (call.customerId) {
      const entry = customers.get(call.customerId) ?? { calls: 0, talk: 0 };
      entry.calls++;
      entry.talk += call.duration;
      customers.set(call.customerId, entry);
    }
    if (call.agentId) {
      const entry = agents.get(call.agentId) ?? { calls: 0, connected: 0 };
      entry.calls++;
      if (call.answerMs !== null) entry.connected++;
      agents.set(call.agentId, entry);
    }
  }
  const top = [...customers.entries()]
    .sort(([idA, x], [idB, y]) => y.calls - x.calls || y.talk - x.talk || (idA < idB ? -1 : 1))
    .slice(0, 10)
    .map(([customerId, entry]) => ({ customerId, callCount: entry.calls, totalDuration: entry.talk }));
  return {
    summary: {
      totalCalls: derived.length,
      totalDuration: talk,
      avgDuration: answered > 0 ? Math.round(talk / answered) : 0,
      inboundCalls: derived.filter((c) => c.direction === 'inbound').length,
      outboundCalls: derived.filter((c) => c.direction === 'outbound').length,
      answeredCalls: answered,
      missedCalls: derived.filter((c) => ['missed', 'rejected', 'failed'].includes(c.status)).length,
    },
    byHour,
    byDay,
    buckets,
    top,
    agents,
    calls: derived,
  };
};

export const callStoresContract = (engine: string, open: OpenCallStores): void => {
  /** Fresh stores with tenants A and B in `timezone`. */
  const setup = async (timezone = 'Asia/Kolkata', options: { seekAfterRows?: number } = {}) => {
    const stores = await open(options);
    await stores.tenants.create({ id: A, name: 'A', apiKey: 'key-a', timezone }, NOW);
    await stores.tenants.create({ id: B, name: 'B', apiKey: 'key-b', timezone }, NOW);
    return stores;
  };
  /** Everything a user can see of a tenant's calls: the call, the analytics, the customer. */
  const view = async (stores: CallStores, tenantId: string) => ({
    calls: await allChunks(stores, tenantId, {}, 1000),
    detailed: await detailedAnalytics(stores.callStats, tenantId, {}),
    ranged: await detailedAnalytics(stores.callStats, tenantId, {
      from: Date.parse('2025-10-12T04:20:00Z'),
      to: Date.parse('2025-10-12T07:10:00Z'),
    }),
    agents: await stores.callStats.byAgent(tenantId, {}),
    activity: await stores.callStats.activity(tenantId),
  });

  describe(`call events (${engine})`, () => {
    it('derives the same call and the same figures from every order of its events, duplicates ignored', async () => {
      const events = answeredCall('call-1', '2025-10-12T05:00:00Z', {
        talkSeconds: 95,
        customerId: 'CUST001',
        agentId: 'agent-7',
      });
      const stores = await setup();
      await stores.callEvents.append([batch(A, events)]);
      assert.deepEqual(await stores.calls.get(A, 'call-1'), {
        callId: 'call-1',
        direction: 'outbound',
        status: 'completed',
        phoneNumber: '+919876543210',
        customerId: 'CUST001',
        customerName: null,
        agentId: 'agent-7',
        startTime: '2025-10-12T05:00:00.000Z',
        answerTime: '2025-10-12T05:00:10.000Z',
        endTime: '2025-10-12T05:01:45.000Z',
        duration: 95,
        disposition: null,
        notes: null,
        recordingUrl: null,
      });
      const expected = await view(stores, A);
      assert.equal(expected.detailed.summary.totalDuration, 95);
      // Each order in a tenant of its own, so every order starts from no stored event.
      for (const [index, order] of permutations(events).entries()) {
        const tenantId = `order-${index}`;
        await stores.tenants.create({ id: tenantId, name: tenantId, apiKey: `key-${tenantId}` }, NOW);
        // One event per append, then every event again: the duplicates change nothing.
        for (const event of order) await stores.callEvents.append([batch(tenantId, [event])]);
        assert.deepEqual(await stores.callEvents.append([batch(tenantId, order)]), [
          { accepted: 0, duplicates: 4 },
        ]);
        assert.deepEqual(await view(stores, tenantId), expected);
      }
    });

    it('counts accepted and duplicate events, also within one batch and across batches of one append', async () => {
      const stores = await setup();
      const [first, second, third] = answeredCall('c', '2025-10-12T05:00:00Z');
      assert.deepEqual(await stores.callEvents.append([batch(A, [first!, second!, first!])]), [
        { accepted: 2, duplicates: 1 },
      ]);
      assert.deepEqual(await stores.callEvents.append([batch(A, [second!, third!]), batch(A, [third!])]), [
        { accepted: 1, duplicates: 1 },
        { accepted: 0, duplicates: 1 },
      ]);
      assert.equal((await stores.callEvents.forCalls(A, ['c'])).length, 3);
      assert.equal((await stores.callStats.activity(A)).totalCalls, 1);
    });

    it('gives the same figures whether batches share one append or come one by one', async () => {
      const random = seededRandom(11);
      const events = Array.from({ length: 30 }, (_, i) =>
        answeredCall(`c${i % 12}-${Math.floor(i / 12)}`, `2025-10-1${i % 5}T0${i % 9}:00:00Z`, {
          customerId: `CUST${i % 4}`,
          agentId: `agent-${i % 3}`,
          talkSeconds: 10 + i * 7,
        }),
      ).flat();
      const batches: IngestBatch[] = [];
      for (let i = 0; i < events.length; ) {
        const size = 1 + Math.floor(random() * 6);
        batches.push(batch(random() < 0.8 ? A : B, events.slice(i, i + size)));
        i += size;
      }
      const shared = await setup();
      const oneByOne = await setup();
      const sharedResults = await shared.callEvents.append(batches);
      const singleResults = [];
      for (const item of batches) singleResults.push(...(await oneByOne.callEvents.append([item])));
      assert.deepEqual(sharedResults, singleResults);
      for (const tenantId of [A, B])
        assert.deepEqual(await view(shared, tenantId), await view(oneByOne, tenantId));
    });

    it('stores nothing of an append whose transaction fails', async () => {
      const stores = await setup();
      const good = answeredCall('kept-out', '2025-10-12T05:00:00Z', { customerId: 'C1', agentId: 'ravi' });
      const before = await view(stores, A);
      // A tenant that does not exist cannot own events: the whole append is refused.
      await assert.rejects(
        stores.callEvents.append([
          batch(A, good),
          batch('no-such-tenant', answeredCall('x', '2025-10-12T05:00:00Z')),
        ]),
      );
      assert.deepEqual(await stores.callEvents.forCalls(A, ['kept-out']), []);
      assert.equal(await stores.calls.get(A, 'kept-out'), undefined);
      assert.deepEqual(await view(stores, A), before);
      // The same events alone are then stored: the failure left no duplicate behind.
      assert.deepEqual(await stores.callEvents.append([batch(A, good)]), [{ accepted: 4, duplicates: 0 }]);
    });

    it('keeps tenants apart: the same event id in two tenants is two events', async () => {
      const stores = await setup();
      const events = answeredCall('same', '2025-10-12T05:00:00Z', { customerId: 'CUST001' });
      await stores.callEvents.append([batch(A, events)]);
      assert.deepEqual(await stores.callEvents.append([batch(B, events.slice(0, 2))]), [
        { accepted: 2, duplicates: 0 },
      ]);
      assert.equal((await stores.calls.get(A, 'same'))?.status, 'completed');
      assert.equal((await stores.calls.get(B, 'same'))?.status, 'ringing');
      assert.equal(summarize(await stores.callStats.cells(B, {})).answeredCalls, 0);
      assert.deepEqual(await stores.callStats.forCustomer(B, 'CUST001'), { calls: 1, talkMs: 0 });
      assert.deepEqual(await stores.callStats.forCustomer(A, 'CUST001'), { calls: 1, talkMs: 65_000 });
      assert.equal((await stores.callEvents.forCalls(B, ['same'])).length, 2);
    });
  });

  describe(`call stats in the tenant time zone (${engine})`, () => {
    it('puts 2025-10-12T20:00:00Z in hour 1 on Monday in Asia/Kolkata and hour 20 on Sunday in UTC', async () => {
      for (const [zone, hour, day] of [
        ['Asia/Kolkata', 1, 1],
        ['UTC', 20, 0],
      ] as const) {
        const stores = await setup(zone);
        await stores.callEvents.append([batch(A, answeredCall('c', '2025-10-12T20:00:00Z'))]);
        const allTime = await stores.callStats.detail(A, {});
        assert.equal(allTime.byHour[hour], 1, zone);
        assert.equal(allTime.byDayOfWeek[day], 1, zone);
        assert.equal(
          allTime.byHour.reduce((x, y) => x + y),
          1,
        );
        // Through the hourly and raw paths too: a range of a few hours around the call.
        const ranged = await stores.callStats.detail(A, {
          from: Date.parse('2025-10-12T17:10:00Z'),
          to: Date.parse('2025-10-12T23:20:00Z'),
        });
        assert.equal(ranged.byHour[hour], 1, zone);
        assert.equal(ranged.byDayOfWeek[day], 1, zone);
      }
    });

    it('counts in the new zone once the tenant changes time zone', async () => {
      const stores = await setup('Asia/Kolkata');
      await stores.callEvents.append([
        batch(A, answeredCall('c', '2025-10-12T20:00:00Z', { agentId: 'ravi' })),
      ]);
      assert.equal((await stores.callStats.detail(A, {})).byHour[1], 1);
      assert.ok(await stores.tenants.update(A, { timezone: 'UTC' }));
      const detail = await stores.callStats.detail(A, {});
      assert.equal(detail.byHour[20], 1);
      assert.equal(detail.byDayOfWeek[0], 1);
      // A UTC day now holds the call: 2025-10-12 in UTC, not 2025-10-13 as in Kolkata.
      const day = { from: Date.parse('2025-10-12T00:00:00Z'), to: Date.parse('2025-10-13T00:00:00Z') };
      assert.equal(countCalls(await stores.callStats.cells(A, day)), 1);
      assert.deepEqual(
        await stores.callStats.byAgent(A, day),
        new Map([['ravi', { calls: 1, connected: 1 }]]),
      );
      assert.equal((await stores.callStats.activity(A)).totalCalls, 1);
    });
  });

  describe(`rollups kept on write (${engine})`, () => {
    for (const timeZone of ['Asia/Kolkata', 'America/New_York', 'Asia/Kathmandu']) {
      it(`equal a brute-force recount after random events in random order (${timeZone})`, async () => {
        const random = seededRandom(timeZone.length * 7919);
        const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
        const stores = await setup(timeZone);
        const sent: CallEvent[] = [];
        // 120 calls over ~10 days across a daylight-saving change; events in random order, some twice.
        const start = Date.parse('2025-10-28T00:00:00Z');
        const pending: CallEvent[] = [];
        for (let i = 0; i < 120; i++) {
          const callStart = start + Math.floor(random() * 10 * 86_400_000);
          const direction = pick(['inbound', 'outbound'] as const);
          const count = 1 + Math.floor(random() * 5);
          for (let j = 0; j < count; j++) {
            const duration = random() < 0.5 ? Math.floor(random() * 1500) : undefined;
            pending.push(
              callEvent({
                callId: `call-${i}`,
                direction,
                event: pick(CALL_EVENT_NAMES),
                timestamp: new Date(callStart + Math.floor(random() * 3_600_000)).toISOString(),
                ...(duration !== undefined && { duration }),
                ...(random() < 0.7 && {
                  customerData: { customerId: `CUST${Math.floor(random() * 15)}`, name: 'Named' },
                }),
                ...(random() < 0.6 && { agentId: pick(['ravi', 'sita', 'arun']) }),
              }),
            );
          }
        }
        while (pending.length > 0) {
          const group = pending.splice(Math.floor(random() * pending.length), 1 + Math.floor(random() * 4));
          if (random() < 0.2) group.push(pick(sent.length > 0 ? sent : group));
          const batches = [batch(A, group)];
          if (random() < 0.1) batches.push(batch(B, group));
          await stores.callEvents.append(batches);
          sent.push(...group);
        }
        const ranges: [string | undefined, string | undefined][] = [
          [undefined, undefined],
          ['2025-10-30T00:00:00Z', undefined],
          [undefined, '2025-11-04T13:17:00Z'],
          ['2025-10-29T18:30:00Z', '2025-11-03T18:30:00Z'],
          ['2025-10-31T07:45:10Z', '2025-11-02T09:05:00Z'],
          ['2025-11-02T05:10:00Z', '2025-11-02T07:40:00Z'],
          ['2025-11-02T05:10:00Z', '2025-11-02T05:40:00Z'],
          ['2025-10-31T18:30:00Z', '2025-11-30T18:30:00Z'],
          ['2025-10-15T00:00:00Z', '2025-12-01T00:00:00Z'],
          ['2025-09-01T00:00:00Z', '2025-11-03T07:00:00Z'],
        ];
        for (const [fromIso, toIso] of ranges) {
          const range = {
            from: fromIso === undefined ? undefined : Date.parse(fromIso),
            to: toIso === undefined ? undefined : Date.parse(toIso),
          };
          const expected = bruteForce(sent, timeZone, range.from ?? -Infinity, range.to ?? Infinity);
          const label = `${fromIso} .. ${toIso}`;
          const actual = await detailedAnalytics(stores.callStats, A, range);
          assert.deepEqual(actual.summary, expected.summary, label);
          assert.deepEqual(actual.callsByHour, expected.byHour, label);
          assert.deepEqual(actual.callsByDayOfWeek, expected.byDay, label);
          assert.deepEqual(actual.durationBuckets, expected.buckets, label);
          assert.deepEqual(
            actual.topCustomers.map(({ customerName: _, ...rest }) => rest),
            expected.top,
            label,
          );
          assert.deepEqual(await stores.callStats.byAgent(A, range), expected.agents, label);
          const page = await stores.calls.list(A, range, 1, 500);
          assert.equal(page.total, expected.summary.totalCalls, label);
          assert.deepEqual(
            page.calls.map((call) => call.callId).sort(),
            expected.calls.map((call) => call.callId).sort(),
            label,
          );
        }
        assert.equal(
          (await stores.callStats.activity(A)).totalCalls,
          bruteForce(sent, timeZone).summary.totalCalls,
        );
      });
    }
  });

  describe(`calls (${engine})`, () => {
    it('lists a customer’s calls newest first, with their events and all-time totals', async () => {
      const stores = await setup();
      await stores.callEvents.append([
        batch(A, answeredCall('old', '2025-10-01T05:00:00Z', { customerId: 'C1', talkSeconds: 30 })),
        batch(A, answeredCall('new', '2025-10-02T05:00:00Z', { customerId: 'C1', talkSeconds: 40 })),
        batch(A, answeredCall('other', '2025-10-03T05:00:00Z', { customerId: 'C2', customerName: 'Asha' })),
      ]);
      const ids = (calls: Call[]) => calls.map((call) => call.callId);
      assert.deepEqual(ids(await stores.calls.listForCustomer(A, 'C1', 10)), ['new', 'old']);
      assert.deepEqual(ids(await stores.calls.listForCustomer(A, 'C1', 1)), ['new']);
      assert.deepEqual(await stores.callStats.forCustomer(A, 'C1'), { calls: 2, talkMs: 70_000 });
      assert.deepEqual(await stores.callStats.forCustomer(A, 'nobody'), { calls: 0, talkMs: 0 });
      const events = await stores.callEvents.forCalls(A, ['new', 'old']);
      assert.deepEqual(
        events.map((event) => event.eventId),
        ['new-1', 'new-2', 'new-3', 'new-4', 'old-1', 'old-2', 'old-3', 'old-4'],
      );
      assert.ok(events.every((event) => event.receivedAt === NOW.toISOString()));
      assert.deepEqual(await stores.callStats.activity(A), {
        totalCalls: 3,
        lastActivityAt: '2025-10-03T05:01:15.000Z',
      });
      assert.deepEqual(await stores.callStats.activity(B), { totalCalls: 0, lastActivityAt: null });
      const top = await stores.callStats.topCustomers(A, { from: Date.parse('2025-10-02T00:00:00Z') }, 10);
      assert.deepEqual(top, [
        { customerId: 'C2', customerName: 'Asha', calls: 1, talkMs: 65_000 },
        { customerId: 'C1', customerName: null, calls: 1, talkMs: 40_000 },
      ]);
    });

    it('lists live calls whose latest event is recent enough, newest first', async () => {
      const stores = await setup();
      const at = (iso: string) => iso;
      await stores.callEvents.append([
        batch(A, [callEvent({ callId: 'ringing', event: 'ringing', timestamp: at('2025-10-20T11:50:00Z') })]),
        batch(A, [callEvent({ callId: 'stale', event: 'dialing', timestamp: at('2025-10-20T08:00:00Z') })]),
        batch(A, answeredCall('ended', '2025-10-20T11:55:00Z')),
        batch(A, [
          callEvent({ callId: 'talking', event: 'dialing', timestamp: at('2025-10-20T11:40:00Z') }),
          callEvent({ callId: 'talking', event: 'connected', timestamp: at('2025-10-20T11:41:00Z') }),
        ]),
        batch(B, [
          callEvent({ callId: 'other-tenant', event: 'ringing', timestamp: at('2025-10-20T11:59:00Z') }),
        ]),
      ]);
      const active = await stores.calls.active(A, new Date('2025-10-20T10:00:00Z'));
      assert.deepEqual(
        active.map((call) => [call.callId, call.status]),
        [
          ['ringing', 'ringing'],
          ['talking', 'connected'],
        ],
      );
    });

    it('gives the newest calls of a range', async () => {
      const stores = await setup();
      await stores.callEvents.append(
        Array.from({ length: 6 }, (_, i) => batch(A, answeredCall(`c${i}`, `2025-10-1${i}T05:00:00Z`))),
      );
      const ids = (calls: Call[]) => calls.map((call) => call.callId);
      assert.deepEqual(ids(await stores.calls.recent(A, 3)), ['c5', 'c4', 'c3']);
      assert.deepEqual(
        ids(
          await stores.calls.recent(A, 10, {
            from: Date.parse('2025-10-11T05:00:00Z'),
            to: Date.parse('2025-10-13T05:00:00Z'),
          }),
        ),
        ['c2', 'c1'],
      );
    });

    it('reads every matching call in chunks, oldest first, and lets other work run between chunks', async () => {
      const stores = await setup();
      const events = Array.from({ length: 25 }, (_, i) =>
        callEvent({
          callId: `c${String(i).padStart(2, '0')}`,
          event: i % 3 === 0 ? 'missed' : 'dialing',
          direction: i % 2 === 0 ? 'inbound' : 'outbound',
          // Pairs of calls share a start time, so the chunk edge falls between equal times.
          timestamp: new Date(Date.parse('2025-10-12T05:00:00Z') + Math.floor(i / 2) * 60_000).toISOString(),
        }),
      );
      await stores.callEvents.append([batch(A, events)]);
      const sizes: number[] = [];
      let otherWork = 0;
      const seen: string[] = [];
      for await (const chunk of stores.calls.chunks(A, {}, 4)) {
        sizes.push(chunk.length);
        seen.push(...chunk.map((call) => call.callId));
        setImmediate(() => otherWork++);
      }
      assert.deepEqual(sizes, [4, 4, 4, 4, 4, 4, 1]);
      assert.deepEqual(
        seen,
        events.map((event) => event.callId),
      );
      assert.ok(otherWork >= 6, `other work ran ${otherWork} times between 7 chunks`);
      const missedInbound = await allChunks(stores, A, { direction: 'inbound', status: 'missed' }, 2);
      assert.deepEqual(
        missedInbound.map((call) => call.callId),
        ['c00', 'c06', 'c12', 'c18', 'c24'],
      );
      const window = await allChunks(
        stores,
        A,
        { from: Date.parse('2025-10-12T05:03:00Z'), to: Date.parse('2025-10-12T05:05:00Z') },
        3,
      );
      assert.deepEqual(
        window.map((call) => call.callId),
        ['c06', 'c07', 'c08', 'c09'],
      );
    });

    it('finds deep call-log pages through the rollups exactly as paging through every call, with every filter', async () => {
      // Seek from the first row on, so pages that start in the edge hours and minutes are covered too.
      const stores = await setup('Asia/Kolkata', { seekAfterRows: 0 });
      const random = seededRandom(2024);
      const start = Date.parse('2025-09-01T00:00:00Z');
      const events: CallEvent[] = [];
      for (let i = 0; i < 3000; i++) {
        const at = start + Math.floor(random() * 20 * 86_400_000);
        // Several calls share a start time, so the tie-break is exercised.
        const timestamp = new Date(at - (at % (random() < 0.3 ? 3_600_000 : 1000))).toISOString();
        events.push(
          callEvent({
            callId: `c${i}`,
            event: random() < 0.5 ? 'dialing' : 'missed',
            direction: random() < 0.5 ? 'inbound' : 'outbound',
            timestamp,
          }),
        );
      }
      const batches: IngestBatch[] = [];
      for (let i = 0; i < events.length; i += 500) batches.push(batch(A, events.slice(i, i + 500)));
      await stores.callEvents.append(batches);
      const cases: CallFilters[] = [
        {},
        { direction: 'outbound' },
        { status: 'missed' },
        { direction: 'inbound', status: 'dialing' },
        { from: Date.parse('2025-09-03T07:20:00Z'), to: Date.parse('2025-09-17T13:45:10Z') },
        { from: Date.parse('2025-09-05T00:00:00Z'), direction: 'outbound' },
        { to: Date.parse('2025-09-12T18:30:00Z'), status: 'missed' },
      ];
      for (const filters of cases) {
        // Newest first is the export's order reversed.
        const everything = (await allChunks(stores, A, filters, 700)).map((call) => call.callId).reverse();
        for (const [page, pageSize] of [
          [1, 50],
          [2, 7],
          [5, 13],
          [9, 40],
          [21, 50],
          [27, 100],
          [4, 500],
          [59, 50],
          [200, 50],
          [141, 17],
        ] as const) {
          const offset = (page - 1) * pageSize;
          const actual = await stores.calls.list(A, filters, page, pageSize);
          const label = `${JSON.stringify(filters)} page ${page} of ${pageSize}`;
          assert.deepEqual(
            actual.calls.map((call) => call.callId),
            everything.slice(offset, offset + pageSize),
            label,
          );
          assert.equal(actual.total, everything.length, label);
        }
      }
    });
  });
};
