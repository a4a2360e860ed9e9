/**
 * Two real server processes (`cli.ts start`) on one PostgreSQL database behave as one server:
 * events logged through one reach a stream opened on the other, the same event sent to both
 * at once is stored once, and an instance killed with SIGKILL under load loses no event it
 * acknowledged and stores none twice.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import pg from 'pg';
import { FakeExotel } from './telephony/fake-exotel.ts';
import { EXOTEL_ACCOUNT, TEST_SECRETS_KEY } from './test-support/exotel-app.ts';
import { freshPostgresUrl, postgresSkipReason } from './test-support/postgres.ts';
import { frames } from './test-support/sse.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const ADMIN = 'multi-instance-admin-token';

interface Instance {
  url: string;
  child: ChildProcess;
}

/** Starts `cli.ts start` on a free port and resolves once it prints its address. */
const startInstance = async (env: Record<string, string>): Promise<Instance> => {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: '1', ADMIN_TOKEN: ADMIN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) =>
      reject(new Error(`the instance exited (${code}) before listening:\n${output}`)),
    );
  });
  return { url, child };
};

const stopInstance = async ({ child }: Instance): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
};

let counter = 0;
const event = (callId: string, name = 'dialing') => ({
  eventId: `mi-${process.pid}-${++counter}`,
  callId,
  event: name,
  timestamp: new Date(Date.UTC(2026, 0, 5, 9, 0, 0, counter)).toISOString(),
  direction: 'outbound',
  phoneNumber: '+919876543210',
});

const logCall = (base: string, apiKey: string, events: unknown[]) =>
  fetch(`${base}/api/ribbon/log-call`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
    body: JSON.stringify({ events }),
  });

describe('two server processes on one PostgreSQL database', { skip: postgresSkipReason }, () => {
  let databaseUrl: string;
  let a: Instance;
  let b: Instance;
  let apiKey: string;
  let tenantId: string;
  let db: pg.Client;

  before(async () => {
    databaseUrl = await freshPostgresUrl();
    const env = { DATABASE_URL: databaseUrl, STREAM_TOKEN_SECRET: randomBytes(32).toString('hex') };
    // Both start at once: the migrations run once, under the engine's advisory lock, and the
    // demo tenant is seeded once.
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    const created = await fetch(`${a.url}/api/admin/clients`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Two instances' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const body = (await created.json()) as { client: { id: string }; apiKey: string };
    apiKey = body.apiKey;
    tenantId = body.client.id;
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  });

  after(async () => {
    await db?.end();
    await Promise.all([a && stopInstance(a), b && stopInstance(b)]);
  });

  it('both serve the demo tenant, seeded once', async () => {
    for (const instance of [a, b]) {
      const response = await fetch(`${instance.url}/api/ribbon/call-logs`, {
        headers: { 'x-api-key': 'demo-api-key' },
      });
      assert.equal(response.status, 200, await response.clone().text());
      const body = (await response.json()) as { logs: unknown[] };
      assert.ok(body.logs.length > 0, 'the demo tenant has calls');
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM tenants WHERE id = 'demo'`);
    assert.equal(rows[0].n, 1);
  });

  it('serves one set of tenants: a key made on A works on B', async () => {
    const response = await fetch(`${b.url}/api/ribbon/config`, { headers: { 'x-api-key': apiKey } });
    assert.equal(response.status, 200, await response.text());
  });

  it('an event logged through B reaches a stream opened on A within 1 s, and resumes on B', async () => {
    const stream = await fetch(`${a.url}/api/ribbon/stream`, { headers: { 'x-api-key': apiKey } });
    assert.equal(stream.status, 200);
    const reader = frames(stream);
    assert.equal((await reader.next()).event, 'ready');
    const sentAt = performance.now();
    const logged = await logCall(b.url, apiKey, [event('mi-call-live')]);
    assert.equal(logged.status, 200, await logged.text());
    const frame = await reader.nextEvent();
    const elapsed = performance.now() - sentAt;
    assert.equal(frame.event, 'call');
    assert.equal((JSON.parse(frame.data!) as { callId: string }).callId, 'mi-call-live');
    assert.ok(elapsed < 1000, `reached A after ${Math.round(elapsed)} ms`);
    await reader.close();

    // The id came from the database: B replays what follows it.
    const next = await logCall(a.url, apiKey, [event('mi-call-live', 'ringing')]);
    assert.equal(next.status, 200);
    const resumed = await fetch(`${b.url}/api/ribbon/stream`, {
      headers: { 'x-api-key': apiKey, 'last-event-id': frame.id! },
    });
    const replay = frames(resumed);
    assert.equal((await replay.next()).event, 'ready');
    const replayed = await replay.nextEvent();
    assert.equal(replayed.event, 'call');
    const data = JSON.parse(replayed.data!) as { events: { event: string }[] };
    assert.deepEqual(
      data.events.map((e) => e.event),
      ['ringing'],
    );
    await replay.close();
  });

  it('a stream token from A opens a stream on B', async () => {
    const issued = await fetch(`${a.url}/api/ribbon/stream/token`, {
      method: 'POST',
      headers: { 'x-api-key': apiKey },
    });
    assert.equal(issued.status, 200, await issued.clone().text());
    const { token } = (await issued.json()) as { token: string };
    const stream = await fetch(`${b.url}/api/ribbon/stream?token=${encodeURIComponent(token)}`);
    assert.equal(stream.status, 200);
    await stream.body?.cancel();
  });

  it('the same event sent to both instances at the same moment is stored once', async () => {
    for (let round = 0; round < 20; round += 1) {
      const same = event(`mi-dup-${round}`);
      const [onA, onB] = await Promise.all([logCall(a.url, apiKey, [same]), logCall(b.url, apiKey, [same])]);
      assert.equal(onA.status, 200);
      assert.equal(onB.status, 200);
      const results = [await onA.json(), await onB.json()] as { accepted: number; duplicates: number }[];
      assert.equal(results[0]!.accepted + results[1]!.accepted, 1, JSON.stringify(results));
      assert.equal(results[0]!.duplicates + results[1]!.duplicates, 1, JSON.stringify(results));
    }
    const { rows } = await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM call_events
        WHERE tenant_id = $1 AND call_id LIKE 'mi-dup-%'`,
      [tenantId],
    );
    assert.deepEqual(rows[0], { n: 20, d: 20 });
  });

  it('SIGKILL of one instance under load: every acknowledged event is stored exactly once', async () => {
    const acknowledged = new Set<string>();
    const sent = new Set<string>();
    let stop = false;
    let failedOnB = 0;
    const worker = async (target: Instance, index: number) => {
      let n = 0;
      while (!stop) {
        n += 1;
        const events = [0, 1, 2, 3, 4].map(() => event(`mi-load-${index}-${n % 7}`, 'ringing'));
        for (const e of events) sent.add(e.eventId);
        try {
          const response = await logCall(target.url, apiKey, events);
          if (response.status === 200) {
            const result = (await response.json()) as { accepted: number; duplicates: number };
            assert.equal(result.accepted + result.duplicates, events.length);
            for (const e of events) acknowledged.add(e.eventId);
          } else {
            await response.body?.cancel();
          }
        } catch (error) {
          // The killed instance drops its connections: those events were never acknowledged.
          if (target !== b) throw error;
          failedOnB += 1;
          return;
        }
      }
    };
    const workers = [...[0, 1, 2].map((i) => worker(a, i)), ...[3, 4, 5].map((i) => worker(b, i))];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    b.child.kill('SIGKILL');
    await once(b.child, 'exit');
    await new Promise((resolve) => setTimeout(resolve, 700));
    stop = true;
    await Promise.all(workers);

    assert.ok(acknowledged.size > 100, `only ${acknowledged.size} events were acknowledged`);
    assert.ok(failedOnB > 0, 'the kill interrupted no request: the test proves nothing');
    const { rows } = await db.query<{ event_id: string; n: number }>(
      `SELECT event_id, count(*)::int AS n FROM call_events
        WHERE tenant_id = $1 AND call_id LIKE 'mi-load-%' GROUP BY event_id`,
      [tenantId],
    );
    const stored = new Map(rows.map((row) => [row.event_id, row.n]));
    const lost = [...acknowledged].filter((id) => !stored.has(id));
    assert.deepEqual(lost, [], 'acknowledged events missing from the database');
    assert.deepEqual(
      rows.filter((row) => row.n !== 1),
      [],
      'events stored more than once',
    );
    const unknown = rows.filter((row) => !sent.has(row.event_id));
    assert.deepEqual(unknown, []);

    // The survivor still serves, and the tenant's calls agree with the stored events.
    const logs = await fetch(`${a.url}/api/ribbon/call-logs`, { headers: { 'x-api-key': apiKey } });
    assert.equal(logs.status, 200);
  });
});

describe('two server processes placing Exotel calls on one PostgreSQL database', {
  skip: postgresSkipReason,
}, () => {
  let a: Instance;
  let b: Instance;
  let apiKey: string;
  let fakeServer: ReturnType<typeof serve>;
  // Exotel posts every status callback to instance B (PUBLIC_URL would be the load balancer).
  const fake = new FakeExotel({
    account: EXOTEL_ACCOUNT,
    deliver: (url, init) => {
      const target = new URL(url);
      return fetch(new URL(`${target.pathname}${target.search}`, b.url), init);
    },
  });

  before(async () => {
    fakeServer = await new Promise((resolve) => {
      const listening = serve({ fetch: fake.app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
        resolve(listening),
      );
    });
    const env = {
      DATABASE_URL: await freshPostgresUrl(),
      STREAM_TOKEN_SECRET: randomBytes(32).toString('hex'),
      SECRETS_KEY: TEST_SECRETS_KEY,
      PUBLIC_URL: 'https://calls.example.test',
      EXOTEL_API_URL: `http://127.0.0.1:${(fakeServer.address() as AddressInfo).port}`,
      SEED_DEMO: '0',
    };
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    const created = await fetch(`${a.url}/api/admin/clients`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ name: 'Limited', monthlyCallLimit: 5 }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const body = (await created.json()) as { client: { id: string }; apiKey: string };
    apiKey = body.apiKey;
    const configured = await fetch(`${b.url}/api/admin/clients/${body.client.id}/telephony`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        accountSid: EXOTEL_ACCOUNT.accountSid,
        apiKey: EXOTEL_ACCOUNT.apiKey,
        apiToken: EXOTEL_ACCOUNT.apiToken,
        callerId: '08047112233',
        agents: { 'agent-priya': { phone: '+919812345678' } },
        record: true,
      }),
    });
    assert.equal(configured.status, 200, await configured.clone().text());
  });

  after(async () => {
    await Promise.all([a && stopInstance(a), b && stopInstance(b)]);
    await new Promise((resolve) => fakeServer?.close(resolve));
  });

  it('a monthly limit of 5 places exactly 5 of 40 concurrent calls spread over both instances', async () => {
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        fetch(`${(index % 2 === 0 ? a : b).url}/api/ribbon/calls`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ to: `+9198765${String(index).padStart(5, '0')}` }),
        }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    await Promise.all(responses.map((response) => response.body?.cancel()));
    assert.equal(statuses.filter((status) => status === 200 || status === 201).length, 5, String(statuses));
    assert.equal(statuses.filter((status) => status === 429).length, 35, String(statuses));
    assert.equal(fake.requests.filter((request) => request.path.endsWith('/Calls/connect.json')).length, 5);
  });

  it("Exotel's callback to instance B reaches a stream on instance A within 1 s", async () => {
    const stream = await fetch(`${a.url}/api/ribbon/stream`, { headers: { 'x-api-key': apiKey } });
    const reader = frames(stream);
    assert.equal((await reader.next()).event, 'ready');
    const sid = fake.callSids[0]!;
    fake.answerAgent(sid);
    fake.answerCustomer(sid);
    fake.end(sid, { status: 'completed', talkSeconds: 42 });
    const sentAt = performance.now();
    const delivered = await fake.sendCallback(sid, 'terminal');
    assert.equal(delivered?.status, 200, await delivered?.text());
    for (;;) {
      const frame = await reader.nextEvent();
      const data = JSON.parse(frame.data!) as { events: { event: string }[] };
      if (data.events.some((e) => e.event === 'callEnded')) break;
    }
    const elapsed = performance.now() - sentAt;
    assert.ok(elapsed < 1000, `reached A after ${Math.round(elapsed)} ms`);
    await reader.close();
  });
});
