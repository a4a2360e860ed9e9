import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { type AppOptions, createApp } from '../../app.ts';
import { sqliteEngine } from '../../engines/sqlite/index.ts';
import { openDatabase } from '../../engines/sqlite/open.ts';
import { type Frame, type Frames, frames } from '../../test-support/sse.ts';

const folders: string[] = [];
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});
const tempFile = () => {
  const folder = mkdtempSync(join(tmpdir(), 'stream-test-'));
  folders.push(folder);
  return join(folder, 'ribbon.sqlite');
};

const NOW = new Date('2025-10-12T09:00:00Z');
const ADMIN = 'stream-admin-token';

const setup = async (
  options: { path?: string; live?: AppOptions['live']; tenants?: boolean; clock?: () => Date } = {},
) => {
  let now = NOW;
  const app = createApp({
    engine: sqliteEngine(openDatabase(options.path ?? ':memory:')),
    clock: options.clock ?? (() => now),
    adminToken: ADMIN,
    live: { heartbeatMs: 60_000, tokenTtlMs: 60_000, ...options.live },
  });
  const tenants = app.deps.stores.tenants;
  const a =
    options.tenants === false
      ? (await tenants.byApiKey('key-a'))!
      : (await tenants.create({ name: 'Acme', apiKey: 'key-a' }, now)).tenant;
  const b =
    options.tenants === false
      ? (await tenants.byApiKey('key-b'))!
      : (await tenants.create({ name: 'Bolt', apiKey: 'key-b' }, now)).tenant;
  const request = (path: string, headers: Record<string, string> = {}) =>
    app.request(`/api/ribbon/stream${path}`, { headers });
  const open = async (headers: Record<string, string>, query = ''): Promise<Frames> => {
    const response = await request(query, headers);
    if (response.status !== 200) assert.fail(`${response.status}: ${await response.text()}`);
    const stream = frames(response);
    assert.equal((await stream.next()).event, 'ready');
    return stream;
  };
  let n = 0;
  /** Logs one event of `callId` for the tenant with `key`. */
  const log = async (key: string, callId: string, event = 'dialing') => {
    n += 1;
    const response = await app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({
        eventId: `${callId}-${event}-${n}`,
        event,
        callId,
        timestamp: new Date(NOW.getTime() + n * 1000).toISOString(),
        direction: 'outbound',
        phoneNumber: '+919876543210',
      }),
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { accepted: number }).accepted, 1);
  };
  const token = async (key: string) => {
    const issued = await app.request('/api/ribbon/stream/token', {
      method: 'POST',
      headers: { 'x-api-key': key },
    });
    assert.equal(issued.status, 200);
    return (await issued.json()) as { token: string; expiresAt: string };
  };
  const rotate = async (tenantId: string) => {
    const response = await app.request(`/api/admin/clients/${tenantId}/rotate-key`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { apiKey: string }).apiKey;
  };
  return {
    app,
    a,
    b,
    open,
    request,
    log,
    token,
    rotate,
    advance: (ms: number) => (now = new Date(now.getTime() + ms)),
  };
};

const callIdOf = (frame: Frame) => (JSON.parse(frame.data!) as { callId: string }).callId;

describe('GET /api/ribbon/stream', { timeout: 10_000 }, () => {
  it('refuses a request without a key, or with a bad token', async () => {
    const { request } = await setup();
    const missing = await request('');
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { error: boolean }).error, true);
    const forged = await request('?token=abc.0.123.def');
    assert.equal(forged.status, 401);
    assert.match(((await forged.json()) as { message: string }).message, /stream token/);
  });

  it("delivers the tenant's events, and only that tenant's, with database sequence numbers as ids", async () => {
    const { open, log } = await setup();
    const streamA = await open({ 'x-api-key': 'key-a' });
    const streamB = await open({ 'x-api-key': 'key-b' });
    await log('key-a', 'a-1');
    await log('key-b', 'b-1');
    await log('key-a', 'a-2');

    const first = await streamA.nextEvent();
    assert.equal(first.event, 'call');
    assert.equal(callIdOf(first), 'a-1');
    assert.equal(first.id, '1');
    const second = await streamA.nextEvent();
    assert.equal(callIdOf(second), 'a-2');
    // The other tenant's event took sequence number 2.
    assert.equal(second.id, '3');
    const onB = await streamB.nextEvent();
    assert.deepEqual([callIdOf(onB), onB.id], ['b-1', '2']);
    await Promise.all([streamA.close(), streamB.close()]);
  });

  it('replays what a client missed after Last-Event-ID, and asks for a resync when it cannot', async () => {
    const { open, log } = await setup({ live: { maxReplayEvents: 3 } });
    for (const callId of ['c1', 'c2', 'c3']) await log('key-a', callId);

    const resumed = await open({ 'x-api-key': 'key-a', 'last-event-id': '1' });
    assert.deepEqual(
      [callIdOf(await resumed.nextEvent()), callIdOf(await resumed.nextEvent())],
      ['c2', 'c3'],
    );
    await log('key-a', 'c4');
    const live = await resumed.nextEvent();
    assert.deepEqual([callIdOf(live), live.id], ['c4', '4']);
    await resumed.close();

    // Four events after id 0 are more than the 3 replayed: the client must resync.
    const tooOld = await open({ 'x-api-key': 'key-a', 'last-event-id': '0' });
    assert.equal((await tooOld.nextEvent()).event, 'resync');
    // ...and goes on live from there.
    await log('key-a', 'c5');
    assert.equal(callIdOf(await tooOld.nextEvent()), 'c5');
    await tooOld.close();

    for (const foreign of ['deadbeef-2', '999999']) {
      const stream = await open({ 'x-api-key': 'key-a' }, `?lastEventId=${foreign}`);
      assert.equal((await stream.nextEvent()).event, 'resync', foreign);
      await stream.close();
    }
  });

  it('resumes by Last-Event-ID after a restart, on a new app over the same database file', async () => {
    const path = tempFile();
    const first = await setup({ path });
    const stream = await first.open({ 'x-api-key': 'key-a' });
    await first.log('key-a', 'before-1');
    const seen = await stream.nextEvent();
    await stream.close();
    await first.log('key-a', 'missed-1', 'dialing');
    await first.log('key-a', 'missed-1', 'connected');
    await first.log('key-b', 'other-tenant');
    await first.app.deps.engine.close();

    const second = await setup({ path, tenants: false });
    const resumed = await second.open({ 'x-api-key': 'key-a', 'last-event-id': seen.id! });
    // The two missed events of one call come back as one message, whose id is the newer one's.
    const replayed = await resumed.nextEvent();
    const message = JSON.parse(replayed.data!) as {
      callId: string;
      call: { status: string };
      events: { event: string }[];
    };
    assert.deepEqual(
      [message.callId, message.events.map((event) => event.event), message.call.status],
      ['missed-1', ['dialing', 'connected'], 'connected'],
    );
    assert.equal(Number(replayed.id), Number(seen.id) + 2);
    await second.log('key-a', 'after-restart');
    assert.equal(callIdOf(await resumed.nextEvent()), 'after-restart');
    await resumed.close();
    await second.app.deps.engine.close();
  });

  it('sends heartbeats while idle', async () => {
    const { open } = await setup({ live: { heartbeatMs: 20 } });
    const stream = await open({ 'x-api-key': 'key-a' });
    assert.equal((await stream.next()).comment, 'heartbeat');
    await stream.close();
  });

  it('opens with a short-lived token for EventSource, which sends no headers', async () => {
    const { open, request, log, token, advance } = await setup();
    const issued = await token('key-a');
    assert.equal(issued.expiresAt, '2025-10-12T09:01:00.000Z');

    const stream = await open({}, `?token=${encodeURIComponent(issued.token)}`);
    await log('key-a', 'via-token');
    assert.equal(callIdOf(await stream.nextEvent()), 'via-token');
    await stream.close();

    advance(60_001);
    const expired = await request(`?token=${encodeURIComponent(issued.token)}`);
    assert.equal(expired.status, 401);
  });

  it('accepts a token on every instance that shares STREAM_TOKEN_SECRET, and after a restart', async () => {
    const path = tempFile();
    const secret = 'a-shared-secret-of-at-least-32-characters';
    const first = await setup({ path, live: { tokenSecret: secret } });
    const { token } = await first.token('key-a');
    await first.app.deps.engine.close();

    const restarted = await setup({ path, tenants: false, live: { tokenSecret: secret } });
    const stream = await restarted.open({}, `?token=${encodeURIComponent(token)}`);
    await stream.close();
    await restarted.app.deps.engine.close();

    const otherSecret = await setup({ path, tenants: false, live: { tokenSecret: `${secret}-other` } });
    assert.equal((await otherSecret.request(`?token=${encodeURIComponent(token)}`)).status, 401);
    await otherSecret.app.deps.engine.close();
  });

  it('lets go of a client that disconnects', async () => {
    const { app, a, open, log } = await setup();
    const stream = await open({ 'x-api-key': 'key-a' });
    assert.equal(app.deps.live.listenerCount(a.id), 1);
    await stream.close();
    await log('key-a', 'after-close');
    assert.equal(app.deps.live.listenerCount(a.id), 0);
  });
});

describe('streams follow the key', { timeout: 10_000 }, () => {
  it("rotating a key ends that tenant's open streams within 1 s, and only that tenant's", async () => {
    const { a, open, log, token, rotate } = await setup();
    const byKey = await open({ 'x-api-key': 'key-a' });
    const byToken = await open({}, `?token=${encodeURIComponent((await token('key-a')).token)}`);
    const otherTenant = await open({ 'x-api-key': 'key-b' });

    await rotate(a.id);
    const [keyMs, tokenMs] = await Promise.all([byKey.ends(1000), byToken.ends(1000)]);
    assert.ok(keyMs < 1000 && tokenMs < 1000);

    await log('key-b', 'b-still-live');
    assert.equal(callIdOf(await otherTenant.nextEvent()), 'b-still-live');
    await otherTenant.close();
  });

  it('voids stream tokens issued before the rotation; the new key and its tokens work', async () => {
    const { a, request, open, token, rotate } = await setup();
    const old = await token('key-a');
    const newKey = await rotate(a.id);

    const refused = await request(`?token=${encodeURIComponent(old.token)}`);
    assert.equal(refused.status, 401);
    const body = (await refused.json()) as { error: boolean; message: string; code: number };
    assert.deepEqual([body.error, body.code], [true, 401]);
    assert.match(body.message, /rotated/);
    assert.equal((await request('', { 'x-api-key': 'key-a' })).status, 401);

    const fresh = await open({}, `?token=${encodeURIComponent((await token(newKey)).token)}`);
    await fresh.close();
    const byNewKey = await open({ 'x-api-key': newKey });
    await byNewKey.close();
  });

  it('answers 429 with the error body beyond STREAM_MAX_PER_KEY streams of one key', async () => {
    const { open, request } = await setup({ live: { maxStreamsPerKey: 2 } });
    const streams = [await open({ 'x-api-key': 'key-a' }), await open({ 'x-api-key': 'key-a' })];
    const third = await request('', { 'x-api-key': 'key-a' });
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    const body = (await third.json()) as { error: boolean; message: string; code: number };
    assert.deepEqual([body.error, body.code], [true, 429]);
    assert.match(body.message, /2 open streams/);
    // Another key is not affected, and a closed stream frees its place.
    const other = await open({ 'x-api-key': 'key-b' });
    await streams[0]!.close();
    await other.close();
    const again = await open({ 'x-api-key': 'key-a' });
    await Promise.all([again.close(), streams[1]!.close()]);
  });

  it('ends a stream after STREAM_MAX_SECONDS, so the client reconnects', async () => {
    const { open } = await setup({ live: { maxStreamMs: 300, heartbeatMs: 50 } });
    const stream = await open({ 'x-api-key': 'key-a' });
    const lived = await stream.ends(2000);
    // At most the limit, and at most a tenth earlier (timers may fire a little late).
    assert.ok(lived >= 250 && lived < 1000, `lived ${lived} ms`);
  });
});

describe('events logged by the ribbon reach the stream', { timeout: 10_000 }, () => {
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
    assert.equal(first.events.length, 1);
    // The duplicate published nothing: the next message is the connected one.
    const second = JSON.parse((await stream.nextEvent()).data!) as {
      call: { status: string };
      events: { event: string }[];
    };
    assert.deepEqual(
      second.events.map((stored) => stored.event),
      ['connected'],
    );
    assert.equal(second.call.status, 'connected');
    await stream.close();
  });

  it('keeps messages in id order when one batch interleaves calls', async () => {
    const { app, open } = await setup();
    const stream = await open({ 'x-api-key': 'key-a' });
    const event = (eventId: string, callId: string, name: string, second: number) => ({
      eventId,
      event: name,
      callId,
      timestamp: new Date(NOW.getTime() + second * 1000).toISOString(),
      direction: 'outbound',
      phoneNumber: '+919876543210',
    });
    const response = await app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'x-api-key': 'key-a', 'content-type': 'application/json' },
      body: JSON.stringify({
        events: [
          event('x1', 'x', 'dialing', 1),
          event('x2', 'x', 'ringing', 2),
          event('y1', 'y', 'dialing', 3),
          event('x3', 'x', 'connected', 4),
        ],
      }),
    });
    assert.equal(response.status, 200);
    const got = [];
    for (let i = 0; i < 3; i++) {
      const frame = await stream.nextEvent();
      const message = JSON.parse(frame.data!) as { callId: string; events: { eventId: string }[] };
      got.push([frame.id, message.callId, message.events.map((stored) => stored.eventId)]);
    }
    assert.deepEqual(got, [
      ['2', 'x', ['x1', 'x2']],
      ['3', 'y', ['y1']],
      ['4', 'x', ['x3']],
    ]);
    await stream.close();
  });
});
