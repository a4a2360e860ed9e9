import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../app.ts';
import { sqliteEngine } from '../../engines/sqlite/index.ts';
import { openDatabase } from '../../engines/sqlite/open.ts';

interface Frame {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** Reads server-sent events frame by frame from a streaming response. */
const frames = (response: Response) => {
  assert.equal(response.headers.get('content-type'), 'text/event-stream');
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next(): Promise<Frame> {
      while (!buffered.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        buffered += value;
      }
      const end = buffered.indexOf('\n\n');
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const frame: Frame = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) frame.comment = line.slice(1).trim();
        const match = /^(id|event|data): ?(.*)$/.exec(line);
        if (match) frame[match[1] as 'id' | 'event' | 'data'] = match[2];
      }
      return frame;
    },
    /** The next frame that is not a heartbeat. */
    async nextEvent(): Promise<Frame> {
      for (;;) {
        const frame = await this.next();
        if (frame.comment === undefined) return frame;
      }
    },
    close: () => reader.cancel(),
  };
};

const setup = async (options: { heartbeatMs?: number; bufferSize?: number } = {}) => {
  let now = new Date('2025-10-12T09:00:00Z');
  const app = createApp({
    engine: sqliteEngine(openDatabase(':memory:')),
    clock: () => now,
    live: { heartbeatMs: options.heartbeatMs ?? 60_000, bufferSize: options.bufferSize, tokenTtlMs: 60_000 },
  });
  const a = (await app.deps.stores.tenants.create({ name: 'Acme', apiKey: 'key-a' }, now)).tenant;
  const b = (await app.deps.stores.tenants.create({ name: 'Bolt', apiKey: 'key-b' }, now)).tenant;
  const open = async (headers: Record<string, string>, query = '') => {
    const response = await app.request(`/api/ribbon/stream${query}`, { headers });
    assert.equal(response.status, 200);
    const stream = frames(response);
    assert.equal((await stream.next()).event, 'ready');
    return stream;
  };
  return { app, a, b, open, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
};

describe('GET /api/ribbon/stream', () => {
  it('refuses a request without a key, or with a bad token', async () => {
    const { app } = await setup();
    const missing = await app.request('/api/ribbon/stream');
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { error: boolean }).error, true);
    const forged = await app.request('/api/ribbon/stream?token=abc.123.def');
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { message: string }).message, /stream token/);
  });

  it("delivers the tenant's events, and only that tenant's", async () => {
    const { app, a, b, open } = await setup();
    const streamA = await open({ 'x-api-key': 'key-a' });
    const streamB = await open({ 'x-api-key': 'key-b' });
    app.deps.live.publish(a.id, 'call', { callId: 'a-1', event: 'ringing' });
    app.deps.live.publish(b.id, 'call', { callId: 'b-1', event: 'connected' });

    const first = await streamA.nextEvent();
    assert.equal(first.event, 'call');
    assert.deepEqual(JSON.parse(first.data!), { callId: 'a-1', event: 'ringing' });
    assert.match(first.id!, /^[0-9a-f]+-\d+$/);
    assert.deepEqual(JSON.parse((await streamB.nextEvent()).data!), { callId: 'b-1', event: 'connected' });
    await Promise.all([streamA.close(), streamB.close()]);
  });

  it('replays what a client missed after Last-Event-ID, and asks for a resync when it cannot', async () => {
    const { app, a, open } = await setup({ bufferSize: 3 });
    const ids = [1, 2, 3].map((n) => app.deps.live.publish(a.id, 'call', { n }).id);

    const resumed = await open({ 'x-api-key': 'key-a', 'last-event-id': ids[0]! });
    assert.deepEqual(JSON.parse((await resumed.nextEvent()).data!), { n: 2 });
    assert.deepEqual(JSON.parse((await resumed.nextEvent()).data!), { n: 3 });
    app.deps.live.publish(a.id, 'call', { n: 4 });
    assert.deepEqual(JSON.parse((await resumed.nextEvent()).data!), { n: 4 });
    await resumed.close();

    // Events 1 and 2 have left the buffer of 3: a client that saw only 1 must resync.
    app.deps.live.publish(a.id, 'call', { n: 5 });
    const tooOld = await open({ 'x-api-key': 'key-a', 'last-event-id': ids[0]! });
    assert.equal((await tooOld.nextEvent()).event, 'resync');
    await tooOld.close();

    const fromAnotherRun = await open({ 'x-api-key': 'key-a', 'last-event-id': 'deadbeef-2' });
    assert.equal((await fromAnotherRun.nextEvent()).event, 'resync');
    await fromAnotherRun.close();
  });

  it('sends heartbeats while idle', async () => {
    const { open } = await setup({ heartbeatMs: 20 });
    const stream = await open({ 'x-api-key': 'key-a' });
    assert.equal((await stream.next()).comment, 'heartbeat');
    await stream.close();
  });

  it('opens with a short-lived token for EventSource, which sends no headers', async () => {
    const { app, a, open, advance } = await setup();
    const issued = await app.request('/api/ribbon/stream/token', {
      method: 'POST',
      headers: { 'x-api-key': 'key-a' },
    });
    const { token, expiresAt } = (await issued.json()) as { token: string; expiresAt: string };
    assert.equal(expiresAt, '2025-10-12T09:01:00.000Z');

    const stream = await open({}, `?token=${encodeURIComponent(token)}`);
    app.deps.live.publish(a.id, 'call', { via: 'token' });
    assert.deepEqual(JSON.parse((await stream.nextEvent()).data!), { via: 'token' });
    await stream.close();

    advance(60_001);
    const expired = await app.request(`/api/ribbon/stream?token=${encodeURIComponent(token)}`);
    assert.equal(expired.status, 401);
  });

  it('lets go of a client that disconnects', async () => {
    const { app, a, open } = await setup();
    const stream = await open({ 'x-api-key': 'key-a' });
    assert.equal(app.deps.live.listenerCount(a.id), 1);
    await stream.close();
    app.deps.live.publish(a.id, 'call', {});
    assert.equal(app.deps.live.listenerCount(a.id), 0);
  });
});

describe('events logged by the ribbon reach the stream', () => {
  it('publishes each newly stored call change once, with the derived call', async () => {
    const { app, open } = await setup();
    const stream = await open({ 'x-api-key': 'key-a' });
    const event = {
      eventId: 'evt-1',
      event: 'dialing',
      callId: 'call-1',
      timestamp: '2025-10-12T09:00:00.000Z',
      direction: 'outbound',
      phoneNumber: '+919876543210',
    };
    const log = (body: unknown) =>
      app.request('/api/ribbon/log-call', {
        method: 'POST',
        headers: { 'x-api-key': 'key-a', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await log(event);
    await log(event);
    await log({ ...event, eventId: 'evt-2', event: 'connected', timestamp: '2025-10-12T09:00:05.000Z' });

    const first = JSON.parse((await stream.nextEvent()).data!) as {
      call: { status: string };
      events: unknown[];
    };
    assert.equal(first.call.status, 'dialing');
    assert.equal(first.events.length, 1);
    // The duplicate published nothing: the next message is the connected one.
    const second = JSON.parse((await stream.nextEvent()).data!) as { call: { status: string } };
    assert.equal(second.call.status, 'connected');
    await stream.close();
  });
});
