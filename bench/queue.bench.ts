// Queue: 10,000 call events recorded by the ribbon's DurableEventQueue on IndexedDB while
// Chromium is offline, then the browser goes online and the queue drains to the real server.
// Time to drain and requests sent, against the page POSTing the same events in the same batch
// size itself; events lost and counted twice are counted in the server's database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@call-ribbon/contract';
import { chromium } from 'playwright-core';
import { callEventStore } from '../packages/server/src/engines/sqlite/call-events.ts';
import { callStore } from '../packages/server/src/engines/sqlite/calls.ts';
import { openDatabase } from '../packages/server/src/engines/sqlite/open.ts';
import type { Figure } from './figure.ts';
import { startCallRibbonServer } from './support/server.ts';

const KEY = 'bench-queue-key';

interface QueueLike {
  start(): Promise<void>;
  enqueue(event: CallEvent): Promise<void>;
  settled(): Promise<void>;
  state: { pending: number };
}
/** What the bundled script puts on the page's global object. */
interface QueueGlobals {
  createClient(options: { apiKey: string; apiUrl: string }): unknown;
  DurableEventQueue: new (options: object) => QueueLike;
  IndexedDbEventStore: new (options: { databaseName: string }) => unknown;
  logCallTransport(client: unknown): unknown;
  queue: QueueLike;
}
const CALLS = 2500;
const EVENT_NAMES = ['dialing', 'ringing', 'connected', 'callEnded'] as const;
const BATCH = 100;

const eventsOf = (prefix: string): CallEvent[] =>
  Array.from({ length: CALLS }, (_, call) =>
    EVENT_NAMES.map(
      (name, step): CallEvent => ({
        eventId: `${prefix}-${call}-${step}`,
        event: name,
        callId: `${prefix}-${call}`,
        timestamp: new Date(Date.UTC(2021, 0, 1) + call * 60_000 + step * 10_000).toISOString(),
        direction: 'outbound',
        phoneNumber: '+919876543210',
        customerData: { customerId: `CUST${call % 100}`, name: 'Priya Sharma' },
        ...(name === 'callEnded' && { duration: 40 }),
      }),
    ),
  ).flat();

/** What the server holds of these calls: events missing, stored twice, and calls counted. */
const serverCounts = async (databasePath: string, events: CallEvent[]) => {
  const db = openDatabase(databasePath);
  try {
    const calls = callStore(db);
    const callIds = [...new Set(events.map((event) => event.callId))];
    const stored = (await callEventStore(db).forCalls('demo', callIds)).map((event) => event.eventId);
    const distinct = new Set(stored);
    const lost = events.filter((event) => !distinct.has(event.eventId)).length;
    let counted = 0;
    for (const id of callIds) if ((await calls.get('demo', id)) !== undefined) counted++;
    return { lost, storedTwice: stored.length - distinct.size, callsCounted: counted };
  } finally {
    db.close();
  }
};

export const run = async (): Promise<Figure[]> => {
  const { bundleInMemory } = (await import('../packages/ribbon/scripts/build-cdn.ts')) as {
    bundleInMemory: (source: string) => Promise<Uint8Array>;
  };
  const script = Buffer.from(
    await bundleInMemory(`
      import { createClient } from '@call-ribbon/client';
      import { DurableEventQueue } from './queue/durable-event-queue.ts';
      import { IndexedDbEventStore } from './queue/idb-store.ts';
      import { logCallTransport } from './queue/log-call-transport.ts';
      Object.assign(globalThis, { createClient, DurableEventQueue, IndexedDbEventStore, logCallTransport });
    `),
  ).toString('utf8');
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-queue-'));
  const databasePath = join(dir, 'queue.sqlite');
  const server = await startCallRibbonServer(databasePath, { SEED_DEMO: '1', DEMO_API_KEY: KEY });
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    headless: true,
  });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pageUrl = `${server.url}/bench/queue.html`;
    await page.route(pageUrl, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>CRM</title>' }),
    );
    await page.goto(pageUrl);
    await page.addScriptTag({ content: script });
    let requests = 0;
    let draining = false;
    let firstDrainRequestAt = 0;
    page.on('request', (request) => {
      if (request.method() !== 'POST' || !request.url().endsWith('/api/ribbon/log-call')) return;
      requests++;
      if (draining && firstDrainRequestAt === 0) firstDrainRequestAt = performance.now();
    });

    // Baseline: the page itself POSTs the same number of events in batches of the same size.
    const direct = eventsOf('direct');
    const directMs = await page.evaluate(
      async ({ events, apiUrl, apiKey, batch }) => {
        const started = performance.now();
        for (let i = 0; i < events.length; i += batch) {
          const response = await fetch(`${apiUrl}/api/ribbon/log-call`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
            body: JSON.stringify({ events: events.slice(i, i + batch) }),
          });
          if (!response.ok) throw new Error(`direct POST: ${response.status}`);
        }
        return performance.now() - started;
      },
      { events: direct, apiUrl: server.url, apiKey: KEY, batch: BATCH },
    );
    const directRequests = requests;

    // Offline: the queue records every event in IndexedDB; nothing can be sent.
    const queued = eventsOf('queued');
    await context.setOffline(true);
    const recordMs = await page.evaluate(
      async ({ events, apiUrl, apiKey, batch }) => {
        const g = globalThis as unknown as QueueGlobals;
        const client = g.createClient({ apiKey, apiUrl });
        g.queue = new g.DurableEventQueue({
          transport: g.logCallTransport(client),
          store: new g.IndexedDbEventStore({ databaseName: 'bench-queue' }),
          window: globalThis,
          document: (globalThis as unknown as { document: EventTarget }).document,
          batchSize: batch,
        });
        await g.queue.start();
        const started = performance.now();
        for (const event of events) await g.queue.enqueue(event);
        await g.queue.settled();
        if (g.queue.state.pending !== events.length) throw new Error(`pending ${g.queue.state.pending}`);
        return performance.now() - started;
      },
      { events: queued, apiUrl: server.url, apiKey: KEY, batch: BATCH },
    );
    const offlineRequests = requests - directRequests;

    // Online: time until the queue holds nothing, the queue's online delay included.
    const drainStarted = performance.now();
    draining = true;
    await context.setOffline(false);
    await page.waitForFunction(
      () => (globalThis as unknown as { queue: { state: { pending: number } } }).queue.state.pending === 0,
      undefined,
      { timeout: 120_000, polling: 20 },
    );
    const drainEnded = performance.now();
    const drainMs = drainEnded - drainStarted;
    // The queue waits `onlineDelayMs` (1 s) after `online` before its first request, on purpose.
    const sendingMs = drainEnded - firstDrainRequestAt;
    const queueRequests = requests - directRequests - offlineRequests;
    await page.evaluate(() =>
      (globalThis as unknown as { queue: { destroy?: () => void } }).queue.destroy?.(),
    );
    await context.close();

    const counts = await serverCounts(databasePath, queued);
    const directCounts = await serverCounts(databasePath, direct);
    process.stdout.write(
      `  recorded ${queued.length} events offline in ${recordMs.toFixed(0)} ms; drained in ${drainMs.toFixed(0)} ms (${sendingMs.toFixed(0)} ms from its first request) with ${queueRequests} requests (direct: ${directMs.toFixed(0)} ms, ${directRequests}); lost ${counts.lost}, stored twice ${counts.storedTwice}, calls ${counts.callsCounted}/${CALLS}\n`,
    );
    if (directCounts.lost > 0) throw new Error('the baseline lost events: the server is not ingesting');
    return [
      {
        name: 'queue: 10,000 offline events, time to drain once online',
        value: drainMs,
        unit: 'ms',
        baseline: { name: 'page POSTs the same batches itself', value: directMs },
        target: '<= 2x the direct POSTs (with the 1 s online delay)',
      },
      {
        name: 'queue: 10,000 offline events, first request to drained',
        value: sendingMs,
        unit: 'ms',
        baseline: { name: 'page POSTs the same batches itself', value: directMs },
        target: '<= 2x the direct POSTs',
      },
      {
        name: 'queue: 10,000 offline events, requests sent',
        value: queueRequests,
        unit: 'requests',
        baseline: { name: 'direct POSTs', value: directRequests },
      },
      { name: 'queue: events lost (server count)', value: counts.lost, unit: 'events', target: '0' },
      {
        name: 'queue: events counted twice (server count)',
        value: counts.storedTwice + Math.max(0, counts.callsCounted - CALLS),
        unit: 'events',
        target: '0',
      },
    ];
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
