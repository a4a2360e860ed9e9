import { createClient } from '@call-ribbon/client';
import type { CallEvent } from '@call-ribbon/contract';
import {
  API_KEY,
  API_URL,
  afterEach,
  assert,
  beforeEach,
  describe,
  injectFaults,
  it,
  received,
  resetServer,
  serverTotals,
  uniqueName,
  until,
} from '../test-support/browser.ts';
import { DurableEventQueue, type DurableEventQueueOptions, type QueueState } from './durable-event-queue.ts';
import { WebFlushLock } from './flush-lock.ts';
import { IndexedDbEventStore } from './idb-store.ts';
import { logCallTransport } from './log-call-transport.ts';

const client = createClient({ apiKey: API_KEY, apiUrl: API_URL });
const transport = logCallTransport(client);

const event = (overrides: Partial<CallEvent> = {}): CallEvent => ({
  eventId: crypto.randomUUID(),
  event: 'dialing',
  callId: `call-${crypto.randomUUID()}`,
  timestamp: new Date().toISOString(),
  direction: 'outbound',
  phoneNumber: '+919876543210',
  customerData: { customerId: 'CUST-Q', name: 'Queue Test' },
  ...overrides,
});

const queues: DurableEventQueue[] = [];
const makeQueue = (databaseName: string, options: Partial<DurableEventQueueOptions> = {}) => {
  const queue = new DurableEventQueue({
    transport,
    store: new IndexedDbEventStore({ databaseName }),
    lock: new WebFlushLock(navigator.locks, `ribbon-test:${databaseName}`),
    batchDelayMs: 0,
    flushIntervalMs: 60_000,
    ...options,
  });
  queues.push(queue);
  return queue;
};

const waitFor = (queue: DurableEventQueue, predicate: (state: QueueState) => boolean, timeoutMs?: number) =>
  until(
    (listener) => queue.subscribe(listener),
    () => queue.state,
    predicate,
    timeoutMs,
  );

describe('DurableEventQueue in Chromium (IndexedDB, Web Locks, the real server)', () => {
  beforeEach(resetServer);
  afterEach(() => {
    for (const queue of queues.splice(0)) queue.close();
  });

  it('keeps events offline and sends them shortly after the browser is back online', async () => {
    let online = false;
    const win = new EventTarget();
    const queue = makeQueue(uniqueName('offline'), {
      isOnline: () => online,
      window: win,
      onlineDelayMs: 50,
    });
    await queue.start();
    const events = [event(), event({ event: 'ringing' })];
    for (const e of events) await queue.enqueue(e);
    await queue.flush();
    assert.equal((await received()).length, 0, 'nothing sent while offline');
    assert.equal(queue.state.pending, 2);
    online = true;
    win.dispatchEvent(new Event('online'));
    await waitFor(queue, (s) => s.pending === 0 && !s.flushing);
    const totals = await serverTotals();
    assert.equal(totals.accepted, 2);
    assert.deepEqual(totals.ids.sort(), events.map((e) => e.eventId).sort());
  });

  it('survives a reload: a new queue on the same database finds and sends the events', async () => {
    const databaseName = uniqueName('reload');
    const first = makeQueue(databaseName, { isOnline: () => false });
    await first.start();
    const events = [event(), event(), event({ event: 'callEnded', duration: 12 })];
    for (const e of events) await first.enqueue(e);
    first.close();
    // What a reloaded page does: a fresh store and queue on the same database.
    const second = makeQueue(databaseName);
    await second.start();
    assert.equal(second.state.storage, 'indexeddb');
    await waitFor(second, (s) => s.delivered === 3 && s.pending === 0);
    const totals = await serverTotals();
    assert.equal(totals.accepted, 3);
    assert.equal(
      (await new IndexedDbEventStore({ databaseName }).list()).length,
      0,
      'storage emptied after acks',
    );
  });

  it('retries after a 500 and after a dropped connection, then delivers once', async () => {
    const queue = makeQueue(uniqueName('retry500'), { backoff: { baseMs: 40, maxMs: 200 } });
    await queue.start();
    await injectFaults({ status: 500 }, { network: true });
    const e = event();
    await queue.enqueue(e);
    await waitFor(queue, (s) => s.lastError !== null);
    assert.equal(queue.state.pending, 1, 'kept after the 500');
    await waitFor(queue, (s) => s.delivered === 1);
    const totals = await serverTotals();
    assert.deepEqual(totals.ids, [e.eventId]);
    assert.equal(totals.accepted, 1);
  });

  it('honours Retry-After on a 429', async () => {
    const queue = makeQueue(uniqueName('retry429'), { backoff: { baseMs: 10, maxMs: 20 } });
    await queue.start();
    await injectFaults({ status: 429, headers: { 'Retry-After': '1' } });
    await queue.enqueue(event());
    const failedAt = Date.now();
    const backingOff = await waitFor(queue, (s) => s.nextRetryAt !== null);
    assert.ok(backingOff.nextRetryAt! - failedAt >= 900, 'waits the second the server asked for');
    await waitFor(queue, (s) => s.delivered === 1, 4000);
    assert.ok(Date.now() - failedAt >= 950, 'not retried before Retry-After');
    assert.equal((await serverTotals()).accepted, 1);
  });

  it('dead-letters an event the server rejects and delivers the rest', async () => {
    const queue = makeQueue(uniqueName('dead'));
    await queue.start();
    const good = event();
    const bad = event({ phoneNumber: '' });
    await queue.enqueue(good);
    await queue.enqueue(bad);
    await queue.flush();
    await waitFor(queue, (s) => s.pending === 0 && s.deadLetters === 1);
    const letters = await queue.deadLetters();
    assert.deepEqual(
      letters.map((l) => [l.eventId, l.reason]),
      [[bad.eventId, 'rejected']],
    );
    assert.match(letters[0]!.message, /phoneNumber/);
    assert.equal((await serverTotals()).accepted, 1);
  });

  it('two queues sharing one database send every event exactly once', async () => {
    const databaseName = uniqueName('tabs');
    const a = makeQueue(databaseName);
    const b = makeQueue(databaseName);
    await Promise.all([a.start(), b.start()]);
    const events = Array.from({ length: 30 }, () => event());
    await Promise.all(events.map((e, i) => (i % 2 ? a : b).enqueue(e)));
    await Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    await Promise.all([a.settled(), b.settled()]);
    await a.flush();
    const totals = await serverTotals();
    assert.equal(totals.accepted, 30);
    assert.equal(totals.duplicates, 0, 'no event reached the server twice');
    assert.equal(new Set(totals.ids).size, totals.ids.length);
    assert.equal((await new IndexedDbEventStore({ databaseName }).list()).length, 0);
  });

  it('flushes at pagehide with keepalive text/plain requests the real server accepts', async () => {
    const win = new EventTarget();
    // No timer-driven flush in this test: only pagehide sends.
    const queue = makeQueue(uniqueName('unload'), { window: win, batchDelayMs: 60_000 });
    await queue.start();
    await queue.settled();
    for (let i = 0; i < 3; i += 1) await queue.enqueue(event());
    win.dispatchEvent(new Event('pagehide'));
    await waitFor(queue, (s) => s.pending === 0);
    const log = await received();
    assert.equal(log.length, 1, JSON.stringify(log));
    assert.match(log[0]!.contentType ?? '', /^text\/plain/);
    assert.equal(log[0]!.answer?.accepted, 3);
  });

  it('reopens a connection the browser closed under it', async () => {
    const store = new IndexedDbEventStore({ databaseName: uniqueName('closing') });
    await store.open();
    const use = (
      store as unknown as { store: (mode: string, work: (s: IDBObjectStore) => unknown) => Promise<unknown> }
    ).store;
    await use('readonly', (s) => s.transaction.db.close());
    const queue = new DurableEventQueue({ transport, store, batchDelayMs: 60_000 });
    queues.push(queue);
    await queue.start();
    await queue.enqueue(event());
    assert.equal(queue.state.storage, 'indexeddb', 'still on IndexedDB');
    assert.equal((await store.list()).length, 1);
  });

  it('falls back to memory when IndexedDB does not open in time, and says so', async () => {
    const store = new IndexedDbEventStore({ databaseName: uniqueName('hang'), timeoutMs: 50 });
    // An open that never answers, as Safari's could.
    const hanging = new Promise<never>(() => {});
    (store as unknown as { store: () => Promise<never> }).store = () => hanging;
    const queue = new DurableEventQueue({ transport, store, batchDelayMs: 0 });
    queues.push(queue);
    await queue.start();
    await queue.enqueue(event());
    assert.equal(queue.state.storage, 'memory');
    assert.match(queue.state.storageError ?? '', /did not answer/);
    await waitFor(queue, (s) => s.delivered === 1);
  });
});
