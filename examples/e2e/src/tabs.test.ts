// One agent with several tabs of one browser profile (docs/ribbon.md, "Several tabs"): real
// tabs of Debian's Chromium on the real server, the ribbon from its script tag with the Exotel
// provider. Calls come as the server announces them on the live stream (inbound events logged
// with the tenant's key, as Exotel's callbacks are), so what rings is the stream itself.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_KEY, launchChromium, startDemoServer, watchedPage } from './harness.ts';

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
  context = await browser.newContext();
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

interface Tab {
  page: Page;
  problems: string[];
  /** `onCallEvent` as this tab heard it: `event callId`. */
  heard: string[];
  /** Requests for the live stream this tab made. */
  streams: number;
}

const AGENT = 'agent-tabs';

const openTab = async (): Promise<Tab> => {
  const { page, problems } = await watchedPage(context);
  const tab: Tab = { page, problems, heard: [], streams: 0 };
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/api/ribbon/stream')) tab.streams += 1;
  });
  await page.exposeFunction('heardCallEvent', (line: string) => tab.heard.push(line));
  await page.goto(`${server.url}/examples/`);
  await page.addScriptTag({ url: '/sdk/exotel-call-ribbon.js' });
  await page.evaluate(
    ({ apiKey, agent }) =>
      (
        window as unknown as { ExotelCallRibbon: { init(options: unknown): Promise<unknown> } }
      ).ExotelCallRibbon.init({
        apiKey,
        provider: 'exotel',
        agent: { id: agent },
        wrapUp: false,
        onCallEvent: (event: string, data: { callId: string }) =>
          (window as unknown as { heardCallEvent(line: string): void }).heardCallEvent(
            `${event} ${data.callId}`,
          ),
      }),
    { apiKey: DEMO_KEY, agent: AGENT },
  );
  return tab;
};

/** What the tab's ribbon shows: its call's id and phase, or null. */
const callIn = (tab: Tab) =>
  tab.page.evaluate(() => {
    const { call } = (
      window as unknown as {
        ExotelCallRibbon: { getState(): { call: { callId: string; phase: string } | null } };
      }
    ).ExotelCallRibbon.getState();
    return call ? `${call.phase} ${call.callId}` : null;
  });

const waitUntil = async <T>(read: () => Promise<T> | T, done: (value: T) => boolean, withinMs = 5000) => {
  const from = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return { value, afterMs: Date.now() - from };
    if (Date.now() - from > withinMs) throw new Error(`not within ${withinMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Logs an inbound call's event for the agent, as the server does on Exotel's callbacks. */
const inbound = async (callId: string, event: 'incoming' | 'connected' | 'callEnded') => {
  const response = await fetch(`${server.url}/api/ribbon/log-call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-API-Key': DEMO_KEY },
    body: JSON.stringify({
      eventId: `${callId}:${event}`,
      event,
      callId,
      timestamp: new Date().toISOString(),
      direction: 'inbound',
      phoneNumber: '+919876503001',
      customerData: { phone: '+919876503001' },
      agentId: AGENT,
      ...(event === 'callEnded' ? { duration: 5 } : {}),
    }),
  });
  assert.equal(response.status < 300, true, `log-call answered ${response.status}: ${await response.text()}`);
};

describe('several tabs of one agent', () => {
  test('one tab owns the stream and the ring, both show the call, onCallEvent fires once; closing the owner hands over within 2 s', async (t) => {
    const first = await openTab();
    const second = await openTab();
    await waitUntil(
      () => first.streams,
      (count) => count > 0,
    );
    assert.equal(second.streams, 0, 'the second tab opened no live stream');

    const callId = `tabs-${randomUUID()}`;
    await inbound(callId, 'incoming');
    await waitUntil(
      () => callIn(first),
      (call) => call === `incoming ${callId}`,
    );
    await waitUntil(
      () => callIn(second),
      (call) => call === `incoming ${callId}`,
    );
    await inbound(callId, 'connected');
    await waitUntil(
      () => callIn(first),
      (call) => call === `connected ${callId}`,
    );
    await waitUntil(
      () => callIn(second),
      (call) => call === `connected ${callId}`,
    );
    await inbound(callId, 'callEnded');
    await waitUntil(
      () => callIn(second),
      (call) => call === null,
    );
    await waitUntil(
      () => first.heard.length,
      (count) => count === 3,
    );
    assert.deepEqual(first.heard, [`incoming ${callId}`, `connected ${callId}`, `callEnded ${callId}`]);
    assert.deepEqual(second.heard, [], 'the other tab told the host nothing');

    // The owner's tab closes: the browser lets its lock go, and the other tab takes the stream.
    await first.page.close();
    const handover = await waitUntil(
      () => second.streams,
      (count) => count > 0,
      2000,
    );
    assert.ok(handover.afterMs <= 2000, `the stream moved in ${handover.afterMs} ms`);
    t.diagnostic(`the new owner opened the stream ${handover.afterMs} ms after the owner's tab closed`);

    const next = `tabs-${randomUUID()}`;
    await inbound(next, 'incoming');
    await waitUntil(
      () => callIn(second),
      (call) => call === `incoming ${next}`,
    );
    await waitUntil(
      () => second.heard,
      (heard) => heard.length === 1,
    );
    assert.deepEqual(second.heard, [`incoming ${next}`], 'the new owner tells the host');
    await inbound(next, 'callEnded');
    await waitUntil(
      () => callIn(second),
      (call) => call === null,
    );
    assert.deepEqual([...first.problems, ...second.problems], []);
    await second.page.close();
  });
});
