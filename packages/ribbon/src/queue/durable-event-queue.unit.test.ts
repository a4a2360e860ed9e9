import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createClient } from '@call-ribbon/client';
import type { CallEvent, LogCallResponse } from '@call-ribbon/contract';
import { createApp, openDatabase, sqliteEngine } from '@call-ribbon/server';
import { DurableEventQueue, UNLOAD_BUDGET_BYTES } from './durable-event-queue.ts';
import { LocalFlushLock } from './flush-lock.ts';
import { logCallTransport } from './log-call-transport.ts';
import { MemoryEventStore } from './memory-store.ts';
import type { EventStore, QueueClock } from './types.ts';

const API_KEY = 'queue-test-key';
const API_URL = 'http://ribbon.test';

/** Timers that run only when the test advances time. */
class FakeClock implements QueueClock {
  time = Date.parse('2025-10-12T09:00:00Z');
  private timers: Array<{ id: number; at: number; run: () => void }> = [];
  private nextId = 1;
  now = () => this.time;
  setTimeout = (run: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ id, at: this.time + ms, run });
    return id;
  };
  clearTimeout = (id: unknown) => {
    this.timers = this.timers.filter((timer) => timer.id !== id);
  };
  /** Moves time forward, running each due timer and letting its work finish. */
  async advance(ms: number, queues: DurableEventQueue[]): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = next.at;
      next.run();
      await settle(queues);
    }
    this.time = end;
    await settle(queues);
  }
  pendingDelays(): number[] {
    return this.timers.map((timer) => timer.at - this.time).sort((a, b) => a - b);
  }
}

const settle = async (queues: DurableEventQueue[]) => {
  for (let i = 0; i < 5; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(queues.map((queue) => queue.settled()));
  }
};

type Fault = { status: number; headers?: Record<string, string>; body?: unknown } | 'network';

/** The real app on an in-memory database, behind a fetch that can inject faults and counts what reached it. */
const realServer = async () => {
  const db = openDatabase(':memory:');
  const app = createApp({ engine: sqliteEngine(db) });
  await app.deps.stores.tenants.create(
    { id: 'ribbon', name: 'Ribbon tests', apiKey: API_KEY },
    new Date('2025-10-12T08:00:00Z'),
  );
  const faults: Fault[] = [];
  const received: { accepted: number; duplicates: number; rejected: number; eventIds: string[] } = {
    accepted: 0,
    duplicates: 0,
    rejected: 0,
    eventIds: [],
  };
  const fetch = async (input: Request | URL | string, init?: RequestInit): Promise<Response> => {
    const fault = faults.shift();
    if (fault === 'network') throw new TypeError('fetch failed');
    if (fault) {
      return new Response(
        JSON.stringify(fault.body ?? { error: true, message: 'injected', code: fault.status }),
        {
          status: fault.status,
          headers: { 'content-type': 'application/json', ...fault.headers },
        },
      );
    }
    const request = new Request(input, init);
    const body = await request.clone().text();
    const response = await app.request(request);
    if (response.ok && new URL(request.url).pathname === '/api/ribbon/log-call') {
      const result = (await response.clone().json()) as LogCallResponse;
      received.accepted += result.accepted;
      received.duplicates += result.duplicates;
      received.rejected += result.rejected.length;
      const parsed = JSON.parse(body) as { events?: CallEvent[] } & CallEvent;
      received.eventIds.push(...(parsed.events ?? [parsed]).map((event) => event.eventId));
    }
    return response;
  };
  const client = createClient({ apiKey: API_KEY, apiUrl: API_URL, fetch });
  const transport = logCallTransport(client);
  return { db, faults, received, transport, close: () => db.close() };
};

let seq = 0;
const callEvent = (overrides: Partial<CallEvent> = {}): CallEvent => {
  seq += 1;
  return {
    eventId: `evt-${seq}-${Math.random().toString(36).slice(2)}`,
    event: 'dialing',
    callId: `call-${seq}`,
    timestamp: new Date(Date.UTC(2025, 9, 12, 9, 0, seq % 60)).toISOString(),
    direction: 'outbound',
    phoneNumber: '+919876543210',
    customerData: { customerId: 'CUST001', name: 'Rajesh Kumar' },
    ...overrides,
  };
};

describe('DurableEventQueue against the real app', () => {
  let server: Awaited<ReturnType<typeof realServer>>;
  let clock: FakeClock;
  const queues: DurableEventQueue[] = [];
  const makeQueue = (store: EventStore = new MemoryEventStore(), extra = {}) => {
    const queue = new DurableEventQueue({
      transport: server.transport,
      store,
      clock,
      random: () => 0.5,
      isOnline: () => online,
      ...extra,
    });
    queues.push(queue);
    return queue;
  };
  let online = true;

  beforeEach(async () => {
    server = await realServer();
    clock = new FakeClock();
    online = true;
  });
  afterEach(() => {
    for (const queue of queues.splice(0)) queue.close();
    server.close();
  });

  test('loses no event enqueued while it moves from memory to another store', async () => {
    // The facade starts on memory and moves to IndexedDB once it opens; that write is slow.
    let finishMove: () => void = () => {};
    const target = new MemoryEventStore();
    const slowTarget: EventStore = Object.assign(Object.create(target) as EventStore, {
      put: async (records: Parameters<EventStore['put']>[0]) => {
        if (records.length > 1 || records.some((r) => r.eventId === first.eventId)) {
          await new Promise<void>((resolve) => {
            finishMove = resolve;
          });
        }
        return target.put(records);
      },
    });
    const queue = makeQueue(new MemoryEventStore());
    const first = callEvent();
    const second = callEvent({ callId: first.callId, event: 'ringing' });
    await queue.enqueue(first);
    const moved = queue.replaceStore(slowTarget);
    await queue.enqueue(second);
    finishMove();
    await moved;
    await queue.start();
    await queue.flush();
    assert.deepEqual(
      [...server.received.eventIds].sort(),
      [first.eventId, second.eventId].sort(),
      'both events reached the server',
    );
    assert.equal(queue.state.pending, 0);
  });

  test('stores an event before sending it and deletes it once the server acknowledged it', async () => {
    const store = new MemoryEventStore();
    const queue = makeQueue(store);
    await queue.start();
    server.faults.push('network');
    const event = callEvent();
    await queue.enqueue(event);
    assert.deepEqual(
      (await store.list()).map((r) => r.eventId),
      [event.eventId],
    );
    await clock.advance(200, queues);
    assert.equal(server.received.accepted, 0);
    assert.equal((await store.list()).length, 1, 'a failed send keeps the event');
    await clock.advance(60_000, queues);
    assert.equal(server.received.accepted, 1);
    assert.equal((await store.list()).length, 0);
    assert.equal(queue.state.pending, 0);
    assert.equal(queue.state.delivered, 1);
  });

  test('retries a 500 with exponential backoff and keeps the event meanwhile', async () => {
    const queue = makeQueue(new MemoryEventStore(), { backoff: { baseMs: 1000, maxMs: 8000 } });
    await queue.start();
    server.faults.push({ status: 500 }, { status: 503 }, { status: 502 });
    await queue.enqueue(callEvent());
    await clock.advance(200, queues);
    assert.match(queue.state.lastError ?? '', /500/);
    // Equal jitter with random 0.5: 3/4 of the ceiling, 1 s, 2 s, 4 s.
    assert.equal(queue.state.nextRetryAt! - clock.now(), 750);
    await clock.advance(750, queues);
    assert.equal(queue.state.nextRetryAt! - clock.now(), 1500);
    await clock.advance(1500, queues);
    assert.equal(queue.state.nextRetryAt! - clock.now(), 3000);
    assert.equal(server.received.accepted, 0);
    await clock.advance(3000, queues);
    assert.equal(server.received.accepted, 1);
    assert.equal(queue.state.pending, 0);
    assert.equal(queue.state.lastError, null);
  });

  test('honours Retry-After on 429, capped', async () => {
    const queue = makeQueue(new MemoryEventStore(), { backoff: { maxRetryAfterMs: 20_000 } });
    await queue.start();
    server.faults.push({ status: 429, headers: { 'retry-after': '7' } });
    await queue.enqueue(callEvent());
    await clock.advance(200, queues);
    assert.equal(queue.state.nextRetryAt! - clock.now(), 7000);
    await clock.advance(6999, queues);
    assert.equal(server.received.accepted, 0, 'not before Retry-After');
    await clock.advance(1, queues);
    assert.equal(server.received.accepted, 1);

    server.faults.push({ status: 429, headers: { 'retry-after': '3600' } });
    await queue.enqueue(callEvent());
    await clock.advance(200, queues);
    assert.equal(queue.state.nextRetryAt! - clock.now(), 20_000, 'an hour is cut to the cap');
  });

  test('an event the server rejects goes to the dead letters; the rest of the batch is delivered', async () => {
    const store = new MemoryEventStore();
    const queue = makeQueue(store);
    await queue.start();
    const good = callEvent();
    const bad = callEvent({ timestamp: 'yesterday' });
    await queue.enqueue(good);
    await queue.enqueue(bad);
    await clock.advance(200, queues);
    assert.equal(server.received.accepted, 1);
    const letters = await queue.deadLetters();
    assert.deepEqual(
      letters.map((l) => [l.eventId, l.reason]),
      [[bad.eventId, 'rejected']],
    );
    assert.ok(letters[0]!.message.length > 0);
    assert.equal(queue.state.pending, 0);
    assert.equal(queue.state.deadLetters, 1);
  });

  test('sends events of the same millisecond in the order they happened', async () => {
    const queue = makeQueue();
    await queue.start();
    // Ids that sort the other way round from the order of the events.
    const events = ['evt-c', 'evt-b', 'evt-a'].map((eventId) => callEvent({ eventId }));
    for (const event of events) await queue.enqueue(event);
    await clock.advance(200, queues);
    assert.deepEqual(server.received.eventIds, ['evt-c', 'evt-b', 'evt-a']);
  });

  test('a 400 on a whole batch is narrowed down to the one event it is about', async () => {
    const queue = makeQueue();
    await queue.start();
    const events = [callEvent(), callEvent(), callEvent()];
    for (const event of events) await queue.enqueue(event);
    server.faults.push({ status: 400 }, { status: 400 });
    await clock.advance(200, queues);
    // Batch refused, first single refused -> dead letter; the other two delivered one by one.
    assert.deepEqual(
      (await queue.deadLetters()).map((l) => l.eventId),
      [events[0]!.eventId],
    );
    assert.equal(server.received.accepted, 2);
  });

  test('caps the queue by count and by bytes, moving the oldest events to the dead letters', async () => {
    online = false;
    const queue = makeQueue(new MemoryEventStore(), { maxEvents: 3, maxBytes: 100_000 });
    await queue.start();
    const events = Array.from({ length: 5 }, () => callEvent());
    for (const event of events) await queue.enqueue(event);
    assert.equal(queue.state.pending, 3);
    assert.deepEqual(
      (await queue.deadLetters()).map((l) => [l.eventId, l.reason]),
      [
        [events[0]!.eventId, 'evicted'],
        [events[1]!.eventId, 'evicted'],
      ],
    );
    const big = callEvent({ notes: 'x'.repeat(60_000) });
    const queue2 = makeQueue(new MemoryEventStore(), { maxBytes: 100_000 });
    await queue2.start();
    await queue2.enqueue(big);
    await queue2.enqueue(callEvent({ notes: 'y'.repeat(60_000) }));
    assert.equal(queue2.state.pending, 1);
    assert.ok(queue2.state.pendingBytes <= 100_000);
  });

  test('stays quiet offline and flushes shortly after the browser is back online', async () => {
    const win = new EventTarget();
    online = false;
    const queue = makeQueue(new MemoryEventStore(), { window: win, onlineDelayMs: 1000 });
    await queue.start();
    await queue.enqueue(callEvent());
    await queue.enqueue(callEvent());
    await clock.advance(60_000, queues);
    assert.equal(server.received.accepted, 0);
    assert.equal(queue.state.pending, 2);
    online = true;
    win.dispatchEvent(new Event('online'));
    await clock.advance(999, queues);
    assert.equal(server.received.accepted, 0, 'waits a moment after online');
    await clock.advance(1, queues);
    assert.equal(server.received.accepted, 2);
  });

  test('two queues on one store send every event once', async () => {
    const store = new MemoryEventStore();
    const lock = new LocalFlushLock();
    const a = makeQueue(store, { lock });
    const b = makeQueue(store, { lock });
    await Promise.all([a.start(), b.start()]);
    const events = Array.from({ length: 40 }, () => callEvent());
    await Promise.all(events.map((event, i) => (i % 2 ? a : b).enqueue(event)));
    await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    await clock.advance(1000, queues);
    assert.equal(server.received.accepted, 40);
    assert.equal(server.received.duplicates, 0);
    assert.equal(new Set(server.received.eventIds).size, server.received.eventIds.length, 'no id sent twice');
    assert.equal((await store.list()).length, 0);
  });

  test('a new queue on the same store sends what the previous page left', async () => {
    const store = new MemoryEventStore();
    online = false;
    const first = makeQueue(store);
    await first.start();
    const events = [callEvent(), callEvent()];
    for (const event of events) await first.enqueue(event);
    first.close();
    online = true;
    const second = makeQueue(store);
    await second.start();
    await clock.advance(0, queues);
    assert.equal(server.received.accepted, 2);
    assert.deepEqual(server.received.eventIds.sort(), events.map((e) => e.eventId).sort());
  });

  test('falls back to memory when storage fails, says so, and still delivers', async () => {
    const broken: EventStore = {
      kind: 'indexeddb',
      put: async () => {
        throw new DOMException('quota', 'QuotaExceededError');
      },
      list: async () => [],
      delete: async () => {},
      bury: async () => {},
      deadLetters: async () => [],
      deleteDeadLetters: async () => {},
      close: () => {},
    };
    const queue = makeQueue(broken);
    await queue.start();
    assert.equal(queue.state.storage, 'indexeddb');
    await queue.enqueue(callEvent());
    assert.equal(queue.state.storage, 'memory');
    assert.match(queue.state.storageError ?? '', /QuotaExceededError/);
    await clock.advance(200, queues);
    assert.equal(server.received.accepted, 1);
  });

  test('a held callEnded waits for its wrap-up and is sent with the disposition', async () => {
    const queue = makeQueue();
    await queue.start();
    const ended = callEvent({ event: 'callEnded', duration: 42 });
    await queue.enqueue(ended, { holdUntil: clock.now() + 120_000 });
    await clock.advance(5000, queues);
    assert.equal(server.received.accepted, 0);
    assert.equal(queue.state.held, 1);
    assert.equal(
      await queue.release(ended.eventId, { disposition: 'interested', notes: 'call back Monday' }),
      true,
    );
    await clock.advance(0, queues);
    assert.equal(server.received.accepted, 1);
    assert.equal(await queue.release(ended.eventId, {}), false, 'already sent');
  });

  test('unload sends keepalive chunks within the shared 64 KB budget', async () => {
    const sent: CallEvent[][] = [];
    let unloadOnline = false;
    const queue = new DurableEventQueue({
      transport: {
        send: server.transport.send,
        sendOnUnload: async (events) => {
          sent.push(events);
          return server.transport.sendOnUnload!(events);
        },
      },
      clock,
      isOnline: () => unloadOnline,
    });
    queues.push(queue);
    await queue.start();
    for (let i = 0; i < 30; i += 1) await queue.enqueue(callEvent({ notes: 'n'.repeat(3000) }));
    unloadOnline = true;
    queue.flushOnUnload();
    await settle(queues);
    const total = sent.reduce((sum, events) => sum + JSON.stringify({ apiKey: API_KEY, events }).length, 0);
    assert.ok(sent.length > 1, 'split in chunks');
    assert.ok(total <= UNLOAD_BUDGET_BYTES, `${total} bytes`);
    assert.equal(server.received.accepted, sent.flat().length, 'the real server took the text/plain bodies');
    assert.equal(queue.state.pending, 30 - sent.flat().length);
  });
});
