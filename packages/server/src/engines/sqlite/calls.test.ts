import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_EVENT_NAMES, type CallEvent, type CallEventName } from '@call-ribbon/contract';
import { deriveCall } from '../../calls/derive.ts';
import { answeredCall, callEvent, permutations, seededRandom } from '../../test-support/call-events.ts';
import { callStore, durationBucket, refreshAllTimeTotals } from './calls.ts';
import { openDatabase } from './open.ts';
import { tenantStore } from './tenants.ts';

const NOW = new Date('2025-10-20T12:00:00Z');

const setup = (timezone = 'Asia/Kolkata') => {
  const db = openDatabase(':memory:');
  const tenants = tenantStore(db);
  const a = tenants.create({ id: 'ten-a', name: 'A', apiKey: 'key-a', timezone }, NOW).tenant;
  const b = tenants.create({ id: 'ten-b', name: 'B', apiKey: 'key-b', timezone }, NOW).tenant;
  return { db, calls: callStore(db), a: a.id, b: b.id };
};

describe('callStore.ingest', () => {
  it('derives the same call from every order of its events, with duplicates', () => {
    const events = answeredCall('call-1', '2025-10-12T05:00:00Z', {
      talkSeconds: 95,
      customerId: 'CUST001',
      agentId: 'agent-7',
    });
    const { calls, a } = setup();
    calls.ingest(a, events, NOW);
    const expected = calls.get(a, 'call-1');
    assert.deepEqual(expected, {
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
    const summary = calls.summary(a);
    for (const order of permutations(events)) {
      const fresh = setup();
      // One event per request, then every event again: the duplicates change nothing.
      for (const event of order) fresh.calls.ingest(fresh.a, [event], NOW);
      assert.deepEqual(fresh.calls.ingest(fresh.a, order, NOW), { accepted: 0, duplicates: 4 });
      assert.deepEqual(fresh.calls.get(fresh.a, 'call-1'), expected);
      assert.deepEqual(fresh.calls.summary(fresh.a), summary);
      assert.deepEqual(fresh.calls.detailed(fresh.a), calls.detailed(a));
    }
  });

  it('counts accepted and duplicate events, also within one batch', () => {
    const { calls, a } = setup();
    const [first, second] = answeredCall('c', '2025-10-12T05:00:00Z');
    assert.deepEqual(calls.ingest(a, [first!, second!, first!], NOW), { accepted: 2, duplicates: 1 });
    assert.deepEqual(calls.ingest(a, [second!], NOW), { accepted: 0, duplicates: 1 });
    assert.equal(calls.eventsForCalls(a, ['c']).length, 2);
  });

  it('keeps tenants apart: the same event id in two tenants is two events', () => {
    const { calls, a, b } = setup();
    const events = answeredCall('same', '2025-10-12T05:00:00Z', { customerId: 'CUST001' });
    calls.ingest(a, events, NOW);
    assert.deepEqual(calls.ingest(b, events.slice(0, 2), NOW), { accepted: 2, duplicates: 0 });
    assert.equal(calls.get(a, 'same')?.status, 'completed');
    assert.equal(calls.get(b, 'same')?.status, 'ringing');
    assert.equal(calls.summary(b).answeredCalls, 0);
    assert.equal(calls.totalsForCustomer(b, 'CUST001').totalCalls, 1);
    assert.equal(calls.totalsForCustomer(a, 'CUST001').totalDuration, 65);
    assert.equal(calls.eventsForCalls(b, ['same']).length, 2);
  });
});

describe('deriveCall', () => {
  const base = { callId: 'x', direction: 'inbound' as const };
  const at = (seconds: number) => new Date(Date.UTC(2025, 9, 12, 5) + seconds * 1000).toISOString();

  it('applies the status precedence', () => {
    const derive = (...names: CallEventName[]) =>
      deriveCall(names.map((event, i) => callEvent({ ...base, event, timestamp: at(i) }))).status;
    assert.equal(derive('incoming'), 'incoming');
    assert.equal(derive('dialing', 'ringing'), 'ringing');
    assert.equal(derive('incoming', 'connected', 'hold'), 'on-hold');
    assert.equal(derive('incoming', 'connected', 'hold', 'unhold'), 'connected');
    assert.equal(derive('incoming', 'connected', 'failed'), 'completed');
    assert.equal(derive('incoming', 'missed'), 'missed');
    assert.equal(derive('incoming', 'callEnded'), 'missed');
    assert.equal(derive('incoming', 'rejected', 'callEnded'), 'rejected');
    assert.equal(derive('dialing', 'failed'), 'failed');
  });

  it('takes talk time from end - answer when callEnded has no duration', () => {
    const call = deriveCall([
      callEvent({ ...base, event: 'incoming', timestamp: at(0) }),
      callEvent({ ...base, event: 'connected', timestamp: at(5) }),
      callEvent({ ...base, event: 'callEnded', timestamp: at(130) }),
    ]);
    assert.equal(call.duration, 125);
    assert.equal(call.endMs, Date.parse(at(130)));
  });

  it('buckets completed calls by talk time only', () => {
    assert.deepEqual(
      [0, 29.9, 30, 119, 120, 299, 300, 899, 900, 5000].map((d) => durationBucket('completed', d)),
      [0, 0, 1, 1, 2, 2, 3, 3, 4, 4],
    );
    assert.equal(durationBucket('missed', 10), -1);
  });
});

describe('analytics in the tenant time zone', () => {
  it('puts 2025-10-12T20:00:00Z in hour "1" on Monday in Asia/Kolkata and hour 20 Sunday in UTC', () => {
    for (const [zone, hour, day] of [
      ['Asia/Kolkata', 1, 1],
      ['UTC', 20, 0],
    ] as const) {
      const { calls, a } = setup(zone);
      calls.ingest(a, answeredCall('c', '2025-10-12T20:00:00Z'), NOW);
      const detailed = calls.detailed(a);
      assert.equal(detailed.callsByHour[hour], 1, zone);
      assert.equal(detailed.callsByDayOfWeek[day], 1, zone);
      assert.equal(
        detailed.callsByHour.reduce((x, y) => x + y),
        1,
      );
      // Through the hourly and raw paths too: a range of a few hours around the call.
      const ranged = calls.detailed(a, { from: '2025-10-12T17:10:00Z', to: '2025-10-12T23:20:00Z' });
      assert.equal(ranged.callsByHour[hour], 1, zone);
      assert.equal(ranged.callsByDayOfWeek[day], 1, zone);
    }
  });

  it('rebuilds the aggregates when the tenant changes time zone', () => {
    const { db, calls, a } = setup('Asia/Kolkata');
    calls.ingest(a, answeredCall('c', '2025-10-12T20:00:00Z'), NOW);
    db.prepare("UPDATE tenants SET timezone = 'UTC' WHERE id = ?").run(a);
    assert.equal(calls.detailed(a).callsByHour[20], 1);
    assert.equal(calls.detailed(a).callsByDayOfWeek[0], 1);
  });
});

/** Reference analytics computed the slow way: derive every call from its events, then count. */
const bruteForce = (events: CallEvent[], timeZone: string, from = -Infinity, to = Infinity) => {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) byCall.set(event.callId, [...(byCall.get(event.callId) ?? []), event]);
  const derived = [...byCall.values()]
    .map((group) => deriveCall(group))
    .filter((call) => call.startMs >= from && call.startMs < to);
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    hour: 'numeric',
    weekday: 'long',
  });
  const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const byHour = new Array(24).fill(0);
  const byDay = new Array(7).fill(0);
  const buckets = new Array(5).fill(0);
  const customers = new Map<string, { calls: number; talk: number }>();
  const agents = new Map<string, { calls: number; connected: number }>();
  let talk = 0;
  const answered = derived.filter((c) => ['connected', 'on-hold', 'completed'].includes(c.status)).length;
  for (const call of derived) {
    const parts = Object.fromEntries(format.formatToParts(call.startMs).map((p) => [p.type, p.value]));
    byHour[Number(parts.hour)]++;
    byDay[days.indexOf(parts.weekday!)]++;
    const bucket = durationBucket(call.status, call.duration);
    if (bucket >= 0) buckets[bucket]++;
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
  };
};

describe('aggregates kept on write', () => {
  for (const timeZone of ['Asia/Kolkata', 'America/New_York', 'Asia/Kathmandu']) {
    it(`equal a brute-force recomputation after a random sequence of events (${timeZone})`, () => {
      const random = seededRandom(timeZone.length * 7919);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
      const { db, calls, a, b } = setup(timeZone);
      const sent: CallEvent[] = [];
      // 120 calls over ~10 days spanning a daylight-saving change; events in random order, some twice.
      const start = Date.parse('2025-10-28T00:00:00Z');
      const pending: CallEvent[] = [];
      for (let i = 0; i < 120; i++) {
        const callStart = start + Math.floor(random() * 10 * 86_400_000);
        const callId = `call-${i}`;
        const direction = pick(['inbound', 'outbound'] as const);
        const count = 1 + Math.floor(random() * 5);
        for (let j = 0; j < count; j++) {
          const duration = random() < 0.5 ? Math.floor(random() * 1500) : undefined;
          const event = callEvent({
            callId,
            direction,
            event: pick(CALL_EVENT_NAMES),
            timestamp: new Date(callStart + Math.floor(random() * 3_600_000)).toISOString(),
            ...(duration !== undefined && { duration }),
            ...(random() < 0.7 && { customerData: { customerId: `CUST${Math.floor(random() * 15)}` } }),
            ...(random() < 0.6 && { agentId: pick(['ravi', 'sita', 'arun']) }),
          });
          pending.push(event);
        }
      }
      while (pending.length > 0) {
        const batch = pending.splice(Math.floor(random() * pending.length), 1 + Math.floor(random() * 4));
        if (random() < 0.2) batch.push(pick(sent.length > 0 ? sent : batch));
        calls.ingest(a, batch, NOW);
        sent.push(...batch);
        if (random() < 0.1) calls.ingest(b, batch, NOW);
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
      for (const [from, to] of ranges) {
        const expected = bruteForce(
          sent,
          timeZone,
          from ? Date.parse(from) : -Infinity,
          to ? Date.parse(to) : Infinity,
        );
        const label = `${from} .. ${to}`;
        const actual = calls.detailed(a, { from, to });
        assert.deepEqual(actual.summary, expected.summary, label);
        assert.deepEqual(actual.callsByHour, expected.byHour, label);
        assert.deepEqual(actual.callsByDayOfWeek, expected.byDay, label);
        assert.deepEqual(actual.durationBuckets, expected.buckets, label);
        assert.deepEqual(
          actual.topCustomers.map(({ customerName: _, ...rest }) => rest),
          expected.top,
          label,
        );
        assert.deepEqual(calls.countsByAgent(a, { from, to }), expected.agents, label);
        assert.deepEqual(calls.summary(a, { from, to }), expected.summary, label);
        if (from && to)
          assert.equal(calls.countStartedBetween(a, from, to), expected.summary.totalCalls, label);
      }
      assert.equal(calls.activity(a).totalCalls, bruteForce(sent, timeZone).summary.totalCalls);
      // The all-time totals kept on write equal those recomputed from the daily table.
      const totals = () =>
        db.prepare('SELECT * FROM call_stats_totals ORDER BY tenant_id, direction, status').all();
      const kept = totals();
      refreshAllTimeTotals(db, a);
      refreshAllTimeTotals(db, b);
      assert.deepEqual(
        totals().filter((row) => (row as { calls: number }).calls > 0),
        kept.filter((row) => (row as { calls: number }).calls > 0),
      );
    });
  }
});

describe('customer and activity queries', () => {
  it('lists a customer’s calls newest first with their events and totals', () => {
    const { calls, a } = setup();
    calls.ingest(a, answeredCall('old', '2025-10-01T05:00:00Z', { customerId: 'C1', talkSeconds: 30 }), NOW);
    calls.ingest(a, answeredCall('new', '2025-10-02T05:00:00Z', { customerId: 'C1', talkSeconds: 40 }), NOW);
    calls.ingest(a, answeredCall('other', '2025-10-03T05:00:00Z', { customerId: 'C2' }), NOW);
    assert.deepEqual(
      calls.listForCustomer(a, 'C1', 10).map((call) => call.callId),
      ['new', 'old'],
    );
    assert.deepEqual(
      calls.listForCustomer(a, 'C1', 1).map((call) => call.callId),
      ['new'],
    );
    assert.deepEqual(calls.totalsForCustomer(a, 'C1'), { totalCalls: 2, totalDuration: 70 });
    assert.deepEqual(calls.totalsForCustomer(a, 'nobody'), { totalCalls: 0, totalDuration: 0 });
    const events = calls.eventsForCalls(a, ['new', 'old']);
    assert.equal(events.length, 8);
    assert.ok(events.every((event) => event.receivedAt === NOW.toISOString()));
    assert.deepEqual(calls.activity(a), { totalCalls: 3, lastActivityAt: '2025-10-03T05:01:15.000Z' });
    assert.deepEqual(calls.activity('ten-b'), { totalCalls: 0, lastActivityAt: null });
    assert.equal(calls.countStartedBetween(a, '2025-10-02T00:00:00Z', '2025-10-04T00:00:00Z'), 2);
  });
});

describe('deep pages of call-logs', () => {
  it('found through the aggregates equal plain OFFSET paging, with every filter', () => {
    const { db, a } = setup('Asia/Kolkata');
    // Seek from the first row on, so pages that start in the edge hours and minutes are covered too.
    const calls = callStore(db, { seekAfterRows: 0 });
    const random = seededRandom(2024);
    const start = Date.parse('2025-09-01T00:00:00Z');
    const events: CallEvent[] = [];
    for (let i = 0; i < 6000; i++) {
      const at = start + Math.floor(random() * 20 * 86_400_000);
      const direction = random() < 0.5 ? 'inbound' : 'outbound';
      // Several calls share a start time, so the id tie-break is exercised.
      const timestamp = new Date(at - (at % (random() < 0.3 ? 3_600_000 : 1000))).toISOString();
      events.push(
        callEvent({ callId: `c${i}`, event: random() < 0.5 ? 'dialing' : 'missed', direction, timestamp }),
      );
    }
    for (let i = 0; i < events.length; i += 500) calls.ingest(a, events.slice(i, i + 500), NOW);
    const reference = (
      filters: Record<string, string | number | undefined>,
      offset: number,
      limit: number,
    ) => {
      const where = ['tenant_id = @tenantId', 'start_ms >= @from', 'start_ms < @to'];
      if (filters.direction) where.push('direction = @direction');
      if (filters.status) where.push('status = @status');
      return (
        db
          .prepare(
            `SELECT call_id FROM calls WHERE ${where.join(' AND ')} ORDER BY start_ms DESC, id DESC LIMIT @limit OFFSET @offset`,
          )
          .all({ tenantId: a, from: -1e15, to: 1e15, ...filters, limit, offset }) as { call_id: string }[]
      ).map((row) => row.call_id);
    };
    const cases: {
      from?: number;
      to?: number;
      direction?: 'inbound' | 'outbound';
      status?: 'missed' | 'dialing';
    }[] = [
      {},
      { direction: 'outbound' },
      { status: 'missed' },
      { direction: 'inbound', status: 'dialing' },
      { from: Date.parse('2025-09-03T07:20:00Z'), to: Date.parse('2025-09-17T13:45:10Z') },
      { from: Date.parse('2025-09-05T00:00:00Z'), direction: 'outbound' },
      { to: Date.parse('2025-09-12T18:30:00Z'), status: 'missed' },
    ];
    for (const filters of cases) {
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
        const expected = reference(filters, (page - 1) * pageSize, pageSize);
        const actual = calls.list(a, filters, page, pageSize).calls.map((call) => call.callId);
        assert.deepEqual(actual, expected, `${JSON.stringify(filters)} page ${page} of ${pageSize}`);
      }
    }
  });
});
