import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type App, createApp } from '../app.ts';
import { openPostgresEngine } from '../engines/postgres/index.ts';
import { freshPostgresUrl, postgresSkipReason } from '../test-support/postgres.ts';
import { type Frames, frames } from '../test-support/sse.ts';
import type { LiveNotice } from './bus.ts';
import { LIVE_LISTENER_NAME, PostgresLiveBus } from './pg-bus.ts';

const ADMIN = 'pg-bus-admin-token';
const SECRET = 'one-secret-every-instance-shares-0123456789';

/** Two instances on one database: each its own pool, its own listening connection, its own app. */
const twoInstances = async () => {
  const url = await freshPostgresUrl();
  const instance = async (): Promise<{ app: App; bus: PostgresLiveBus; close(): Promise<void> }> => {
    const engine = await openPostgresEngine(url, { max: 4 });
    const bus = await PostgresLiveBus.connect(url, { reconnectMs: 50 });
    const app = createApp({
      engine,
      adminToken: ADMIN,
      live: { bus, tokenSecret: SECRET, heartbeatMs: 60_000 },
    });
    return {
      app,
      bus,
      close: async () => {
        app.deps.live.close();
        await bus.close();
        await engine.close();
      },
    };
  };
  const a = await instance();
  const b = await instance();
  const tenant = (await a.app.deps.stores.tenants.create({ name: 'Acme', apiKey: 'key-a' }, new Date()))
    .tenant;
  let n = 0;
  const log = async (app: App, callId: string, event = 'dialing') => {
    n += 1;
    const response = await app.request('/api/ribbon/log-call', {
      method: 'POST',
      headers: { 'x-api-key': 'key-a', 'content-type': 'application/json' },
      body: JSON.stringify({
        eventId: `${callId}-${n}`,
        event,
        callId,
        timestamp: new Date(Date.UTC(2025, 9, 12, 9, 0, n)).toISOString(),
        direction: 'outbound',
        phoneNumber: '+919876543210',
      }),
    });
    assert.equal(response.status, 200);
  };
  const open = async (app: App, headers: Record<string, string>, query = ''): Promise<Frames> => {
    const response = await app.request(`/api/ribbon/stream${query}`, { headers });
    if (response.status !== 200) assert.fail(`${response.status}: ${await response.text()}`);
    const stream = frames(response);
    assert.equal((await stream.next()).event, 'ready');
    return stream;
  };
  return { url, a, b, tenant, log, open, close: () => Promise.all([a.close(), b.close()]) };
};

const callIdOf = (frame: { data?: string }) => (JSON.parse(frame.data!) as { callId: string }).callId;

/** The next `call` message, and how long it took to come. */
const timed = async (stream: Frames) => {
  const started = performance.now();
  const frame = await stream.nextEvent();
  return { frame, ms: performance.now() - started };
};

describe('live stream across instances on PostgreSQL', { skip: postgresSkipReason, timeout: 30_000 }, () => {
  it('an event logged through instance B reaches a stream opened on instance A within 1 s', async () => {
    const { a, b, log, open, close } = await twoInstances();
    try {
      const onA = await open(a.app, { 'x-api-key': 'key-a' });
      for (const callId of ['call-1', 'call-2', 'call-3']) {
        const [{ frame, ms }] = await Promise.all([timed(onA), log(b.app, callId)]);
        assert.equal(callIdOf(frame), callId);
        assert.ok(ms < 1000, `${callId} took ${ms} ms`);
      }
      await onA.close();
    } finally {
      await close();
    }
  });

  it('resumes on instance B after the Last-Event-ID a stream on instance A gave', async () => {
    const { a, b, log, open, close } = await twoInstances();
    try {
      const onA = await open(a.app, { 'x-api-key': 'key-a' });
      await log(a.app, 'seen');
      const seen = await onA.nextEvent();
      await onA.close();
      await log(a.app, 'missed');
      const onB = await open(b.app, { 'x-api-key': 'key-a', 'last-event-id': seen.id! });
      const replayed = await onB.nextEvent();
      assert.equal(callIdOf(replayed), 'missed');
      assert.ok(Number(replayed.id) > Number(seen.id));
      await onB.close();
    } finally {
      await close();
    }
  });

  it('accepts a stream token of one instance on the other; a key rotated on B ends streams on A within 1 s', async () => {
    const { a, b, tenant, open, close } = await twoInstances();
    try {
      const issued = await a.app.request('/api/ribbon/stream/token', {
        method: 'POST',
        headers: { 'x-api-key': 'key-a' },
      });
      const { token } = (await issued.json()) as { token: string };
      const byTokenOnB = await open(b.app, {}, `?token=${encodeURIComponent(token)}`);
      const byKeyOnA = await open(a.app, { 'x-api-key': 'key-a' });

      const rotated = await b.app.request(`/api/admin/clients/${tenant.id}/rotate-key`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      assert.equal(rotated.status, 200);
      const [onA, onB] = await Promise.all([byKeyOnA.ends(1000), byTokenOnB.ends(1000)]);
      assert.ok(onA < 1000 && onB < 1000);
      const refused = await a.app.request(`/api/ribbon/stream?token=${encodeURIComponent(token)}`);
      assert.equal(refused.status, 401);
    } finally {
      await close();
    }
  });

  it('catches up on events sent while its listening connection was down', async () => {
    const { url, a, b, log, open, close } = await twoInstances();
    try {
      const onA = await open(a.app, { 'x-api-key': 'key-a' });
      const reconnected = new Promise<void>((resolve) => {
        const stop = a.bus.subscribe((notice: LiveNotice) => {
          if (notice.kind === 'resync') {
            stop();
            resolve();
          }
        });
      });
      const admin = await openPostgresEngine(url, { max: 1 });
      try {
        const { rows } = await admin.pool.query<{ ended: boolean }>(
          'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1',
          [LIVE_LISTENER_NAME],
        );
        assert.equal(rows.length, 2);
      } finally {
        await admin.close();
      }
      // Sent while A (and B) listen to nothing: only the reconnection's re-read can bring it.
      await log(b.app, 'during-outage');
      await reconnected;
      assert.equal(callIdOf(await onA.nextEvent()), 'during-outage');
      await onA.close();
    } finally {
      await close();
    }
  });
});

describe('PostgresLiveBus', { skip: postgresSkipReason, timeout: 30_000 }, () => {
  it('delivers a notice once to every instance, the sender included', async () => {
    const url = await freshPostgresUrl();
    const [first, second] = await Promise.all([PostgresLiveBus.connect(url), PostgresLiveBus.connect(url)]);
    try {
      const got: string[] = [];
      first.subscribe((notice) => got.push(`first:${notice.kind}`));
      const onSecond = new Promise<LiveNotice>((resolve) => second.subscribe(resolve));
      await first.publish({ kind: 'events', tenantId: 't1' });
      assert.deepEqual(await onSecond, { kind: 'events', tenantId: 't1' });
      // Notices on one connection arrive in order: an echo of the first one would come before this.
      const rotated = new Promise<void>((resolve) =>
        first.subscribe((notice) => {
          if (notice.kind === 'key-rotated') resolve();
        }),
      );
      await second.publish({ kind: 'key-rotated', tenantId: 't1' });
      await rotated;
      assert.deepEqual(got, ['first:events', 'first:key-rotated']);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('sends a burst of notices for one tenant as two NOTIFYs, the last after the burst', async () => {
    const url = await freshPostgresUrl();
    const [first, second] = await Promise.all([PostgresLiveBus.connect(url), PostgresLiveBus.connect(url)]);
    try {
      const heard: LiveNotice[] = [];
      const sentinel = new Promise<void>((resolve) =>
        second.subscribe((notice) => {
          if (notice.kind === 'events' && notice.tenantId === 'sentinel') resolve();
          else heard.push(notice);
        }),
      );
      await Promise.all(Array.from({ length: 100 }, () => first.publish({ kind: 'events', tenantId: 't1' })));
      // Notifications arrive in commit order: once the sentinel is here, the burst's are too.
      await first.publish({ kind: 'events', tenantId: 'sentinel' });
      await sentinel;
      assert.deepEqual(heard, [
        { kind: 'events', tenantId: 't1' },
        { kind: 'events', tenantId: 't1' },
      ]);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
