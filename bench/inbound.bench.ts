// Inbound calls: the latency of Exotel's synchronous call-flow requests (Passthru before the
// Connect applet, the Connect applet's Dial whom, Passthru after it), over real HTTP to our
// server as a child process, on a copy of the 1M-call tenant (SQLite, then PostgreSQL when
// installed), set up as a user would: telephony settings and webhook URLs through the admin
// API, agents' presence, customers and CRM leads and reps through the tenant's API, with
// every agent's live stream open (read in a child process). The caller waits on every one of
// these requests; the baseline is `GET /health` between two calls on the same server.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin } from '../packages/server/src/test-support/postgres.ts';
import type { Figure } from './figure.ts';
import { BENCH_KEY, BENCH_TENANT, callsDatabase } from './support/bench-db.ts';
import { postgresCallsDatabase } from './support/bench-postgres.ts';
import { freshConnection, get, getOk, percentile } from './support/http.ts';
import {
  type ServerProcess,
  startCallRibbonServer,
  startCallRibbonServerOnPostgres,
} from './support/server.ts';
import { label, SMALL_CALLS } from './support/sizes.ts';

const ADMIN_TOKEN = 'bench-inbound-admin-token';
const SECRETS_KEY = 'ab'.repeat(32);
const AGENTS = 50;
const CUSTOMERS = Number(process.env.BENCH_INBOUND_CUSTOMERS ?? 3000);
const CALLS = Number(process.env.BENCH_INBOUND_CALLS ?? 300);
/** Live streams held open (one per agent's ribbon); 0 measures the requests without the fan-out. */
const STREAMS = Number(process.env.BENCH_INBOUND_STREAMS ?? AGENTS);
const EXOPHONE = '08047112233';
const TARGET = 'p95 <= 100 ms (ours)';
const IST_OFFSET_MS = 330 * 60_000;

const agentId = (i: number) => `inbound-agent-${String(i).padStart(2, '0')}`;
const agentPhone = (i: number) => `+91900000${String(i).padStart(4, '0')}`;
const customerId = (i: number) => `INB-${String(i).padStart(5, '0')}`;
/** The customer's mobile as the CRM stores it, and as Exotel sends the caller (national, with 0). */
const customerMobile = (i: number) => `98${String(100_000_000 + i).slice(1)}`;
/** Rep `i % AGENTS` owns customer `i`'s lead. */
const ownerOf = (customer: number) => customer % AGENTS;

/** Exotel's wall-clock format, in IST. */
const ist = (ms: number) => new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });

/** A JSON request for the set-up (not measured); fails loudly on a non-2xx. */
const send = async (method: string, url: string, body: unknown, headers: Record<string, string>) => {
  const response = await fetch(url, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
};

/** Runs `work(i)` for i in [0, count) with `width` in flight. */
const inParallel = async (count: number, width: number, work: (i: number) => Promise<unknown>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await work(next++);
    }),
  );
};

const tenantHeaders = { 'X-API-Key': BENCH_KEY };

/**
 * The agents' ribbons' live streams, read in a child process so that reading them does not
 * delay the timed requests: prints `ready` once every stream has its `ready` event, then, once
 * every stream has carried `lastEventId`, the `call` messages each one received.
 */
const STREAM_READERS = `
const [url, key, count, lastEventId] = process.argv.slice(1);
const streams = Array.from({ length: Number(count) }, () => ({ ready: false, done: false, calls: 0, tail: '' }));
const report = () => {
  if (streams.every((s) => s.done)) {
    const calls = streams.map((s) => s.calls);
    console.log(JSON.stringify({ streams: calls.length, min: Math.min(...calls), max: Math.max(...calls) }));
    process.exit(0);
  }
};
for (const stream of streams) {
  const response = await fetch(url, { headers: { 'X-API-Key': key } });
  if (response.status !== 200) throw new Error('stream: HTTP ' + response.status);
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of response.body) {
      const text = stream.tail + decoder.decode(chunk, { stream: true });
      stream.calls += text.split('event: call').length - 1 - (stream.tail.split('event: call').length - 1);
      if (!stream.ready && text.includes('event: ready')) {
        stream.ready = true;
        if (streams.every((s) => s.ready)) console.log('ready');
      }
      if (text.includes(lastEventId)) {
        stream.done = true;
        report();
      }
      stream.tail = text.slice(-200);
    }
  })();
}
`;

interface StreamReaders {
  /** Resolves when every stream has carried the awaited event; rejects after `ms`. */
  delivered(ms: number): Promise<{ streams: number; min: number; max: number }>;
  stop(): void;
}

const openStreams = async (
  server: ServerProcess,
  count: number,
  lastEventId: string,
): Promise<StreamReaders> => {
  if (count === 0) return { delivered: async () => ({ streams: 0, min: 0, max: 0 }), stop: () => {} };
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      STREAM_READERS,
      `${server.url}/api/ribbon/stream`,
      BENCH_KEY,
      String(count),
      lastEventId,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter((line) => line !== ''));
    waiter?.();
  });
  const next = (ms: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`live streams: nothing after ${ms} ms`)), ms);
      const check = () => {
        const line = lines.shift();
        if (line === undefined) return;
        clearTimeout(timer);
        waiter = undefined;
        resolve(line);
      };
      waiter = check;
      check();
    });
  const first = await next(15_000);
  if (first !== 'ready') throw new Error(`live streams: ${first}`);
  return {
    delivered: async (ms) => JSON.parse(await next(ms)) as { streams: number; min: number; max: number },
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
};

/** Every agent's ribbon says "available" (registration and heartbeat are the same request). */
const heartbeat = (server: ServerProcess) =>
  inParallel(AGENTS, 4, (i) =>
    send(
      'PUT',
      `${server.url}/api/ribbon/agents/${agentId(i)}/presence`,
      { status: 'available', name: `Agent ${i}` },
      tenantHeaders,
    ),
  );

/** The tenant as a user sets it up; returns the Passthru and Dial-whom URLs from the admin view. */
const setUpTenant = async (server: ServerProcess) => {
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
  const agents = Object.fromEntries(
    Array.from({ length: AGENTS }, (_, i) => [agentId(i), { phone: agentPhone(i) }]),
  );
  await send(
    'PUT',
    `${server.url}/api/admin/clients/${BENCH_TENANT}/telephony`,
    {
      provider: 'exotel',
      accountSid: 'benchaccount1',
      apiKey: 'bench-exotel-key',
      apiToken: 'bench-exotel-token',
      host: 'api.in.exotel.com',
      callerId: EXOPHONE,
      agents,
      record: true,
    },
    admin,
  );
  const reps = Array.from({ length: AGENTS }, (_, i) => ({
    id: `inbound-rep-${i}`,
    name: `Rep ${i}`,
    team: 'Inbound',
    agentId: agentId(i),
  }));
  await send('POST', `${server.url}/api/crm/reps`, { records: reps }, tenantHeaders);
  await inParallel(CUSTOMERS, 8, (i) =>
    send(
      'POST',
      `${server.url}/api/ribbon/customer`,
      {
        customerData: {
          customerId: customerId(i),
          name: `Inbound Customer ${i}`,
          phone: `+91 ${customerMobile(i)}`,
        },
      },
      tenantHeaders,
    ),
  );
  const createdAt = new Date().toISOString();
  for (let start = 0; start < CUSTOMERS; start += 1000) {
    const leads = Array.from({ length: Math.min(1000, CUSTOMERS - start) }, (_, k) => ({
      id: customerId(start + k),
      name: `Inbound Customer ${start + k}`,
      phone: `+91${customerMobile(start + k)}`,
      status: 'Not Called',
      ownerId: `inbound-rep-${ownerOf(start + k)}`,
      createdAt,
    }));
    await send('POST', `${server.url}/api/crm/leads`, { records: leads }, tenantHeaders);
  }
  await heartbeat(server);
  const view = JSON.parse(
    await getOk(`${server.url}/api/admin/clients/${BENCH_TENANT}/telephony`, admin),
  ) as { webhooks: { passthru: string; dialWhom: string } };
  return view.webhooks;
};

interface Latencies {
  health: number[];
  before: number[];
  dialWhom: number[];
  after: number[];
}

/** One inbound call's three requests, in flow order, each checked; the three latencies in ms. */
const oneCall = async (
  webhooks: { passthru: string; dialWhom: string },
  sid: string,
  customer: number,
): Promise<[number, number, number]> => {
  const startMs = Date.now() - 90_000;
  const common = {
    CallSid: sid,
    CallFrom: `0${customerMobile(customer)}`,
    CallTo: EXOPHONE,
    Direction: 'incoming',
    Created: ist(startMs),
    StartTime: ist(startMs),
  };
  const timed = async (url: string, params: Record<string, string>) => {
    const started = performance.now();
    const [status, body] = await get(`${url}?${new URLSearchParams(params)}`);
    const ms = performance.now() - started;
    if (status !== 200) throw new Error(`GET ${url}: ${status} ${body.slice(0, 200)}`);
    return [ms, JSON.parse(body) as Record<string, unknown>] as const;
  };
  const [before, first] = await timed(webhooks.passthru, {
    ...common,
    CurrentTime: ist(startMs + 1000),
    CallType: 'call-attempt',
  });
  if (first.accepted !== 1) throw new Error(`Passthru before Connect for ${sid}: ${JSON.stringify(first)}`);
  const [dialWhom, answer] = await timed(webhooks.dialWhom, { ...common, CurrentTime: ist(startMs + 3000) });
  const numbers = (answer.destination as { numbers: string[] }).numbers;
  // The owner first, then every other agent: proves the customer and their lead's rep were found.
  if (numbers[0] !== agentPhone(ownerOf(customer)) || numbers.length !== AGENTS) {
    throw new Error(`Dial whom for ${sid}: ${numbers.length} numbers, first ${numbers[0]}`);
  }
  const [after, outcome] = await timed(webhooks.passthru, {
    ...common,
    CurrentTime: ist(startMs + 90_000),
    CallType: 'completed',
    DialCallDuration: '75',
    DialWhomNumber: `0${agentPhone(ownerOf(customer)).slice(3)}`,
    RecordingUrl: `https://recordings.example.com/${sid}.mp3`,
  });
  if (outcome.accepted !== 2)
    throw new Error(`Passthru after Connect for ${sid}: ${JSON.stringify(outcome)}`);
  return [before, dialWhom, after];
};

/** Set-up, then `CALLS` inbound calls one after the other, each followed by one `GET /health`. */
const measure = async (engine: string, server: ServerProcess): Promise<Latencies> => {
  let started = performance.now();
  const webhooks = await setUpTenant(server);
  process.stdout.write(
    `  ${engine}: ${AGENTS} agents, ${CUSTOMERS} customers with leads set up over HTTP in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  const latencies: Latencies = { health: [], before: [], dialWhom: [], after: [] };
  const run = Date.now().toString(36);
  // Every agent's ribbon holds the tenant's live stream open, as in production: each stored
  // event is read and sent to all of them while the next requests are served.
  const streams = await openStreams(server, STREAMS, `exotel:bench-${run}-${CALLS - 1}:callEnded`);
  try {
    freshConnection();
    for (let warm = 0; warm < 5; warm++) await oneCall(webhooks, `warm-${run}-${warm}`, warm);
    started = performance.now();
    let heardAt = performance.now();
    for (let call = 0; call < CALLS; call++) {
      // The ribbons' 30 s heartbeat, between calls (not timed), so no agent goes offline.
      if (performance.now() - heardAt > 30_000) {
        await heartbeat(server);
        heardAt = performance.now();
      }
      // Callers spread over the customers; every CallSid is new.
      const [before, dialWhom, after] = await oneCall(
        webhooks,
        `bench-${run}-${call}`,
        (call * 7919) % CUSTOMERS,
      );
      latencies.before.push(before);
      latencies.dialWhom.push(dialWhom);
      latencies.after.push(after);
      // The baseline, under the same load: a trivial request between two calls.
      const t = performance.now();
      await getOk(`${server.url}/health`);
      latencies.health.push(performance.now() - t);
    }
    const seconds = (performance.now() - started) / 1000;
    const delivered = await streams.delivered(15_000);
    const line = (name: string, samples: number[]) =>
      `${name} p50 ${percentile(samples, 50).toFixed(2)} p95 ${percentile(samples, 95).toFixed(2)} ms`;
    process.stdout.write(
      `  ${engine}: ${CALLS} calls in ${seconds.toFixed(1)} s, ${delivered.streams} live streams got ${delivered.min}-${delivered.max} call messages each; ${line('Passthru before', latencies.before)}, ${line('Dial whom', latencies.dialWhom)}, ${line('Passthru after', latencies.after)}, ${line('/health', latencies.health)}\n`,
    );
  } finally {
    streams.stop();
  }
  return latencies;
};

const figuresOf = (engine: string, latencies: Latencies): Figure[] => {
  const requests: [string, number[]][] = [
    ['Passthru before Connect (new call, known caller)', latencies.before],
    ['Dial whom (owner first, 50 agents)', latencies.dialWhom],
    ['Passthru after Connect (completed, recording)', latencies.after],
  ];
  return requests.flatMap(([name, samples]) =>
    [50, 95].map((p) => ({
      name: `inbound: ${engine}, ${label(SMALL_CALLS)} calls, ${name}, p${p}`,
      value: percentile(samples, p),
      unit: 'ms',
      baseline: { name: `/health p${p}`, value: percentile(latencies.health, p) },
      ...(p === 95 ? { target: TARGET } : {}),
    })),
  );
};

/** The server's environment: telephony needs SECRETS_KEY, and PUBLIC_URL builds the webhook URLs. */
const serverEnv = async () => {
  const port = await freePort();
  return {
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ADMIN_TOKEN,
    SECRETS_KEY,
  };
};

const postgresInstalled = (): boolean => {
  try {
    findPostgresBin();
    return true;
  } catch {
    return false;
  }
};

/** Runs SQL on the cluster's maintenance database with the cluster's own psql. */
const psql = (databaseUrl: string, sql: string) => {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const result = spawnSync(
    join(findPostgresBin(), 'psql'),
    [url.toString(), '-v', 'ON_ERROR_STOP=1', '-c', sql],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`psql ${sql}: ${result.stderr}`);
};

export const run = async (): Promise<Figure[]> => {
  const figures: Figure[] = [];
  // The cached database is shared by the other benches: the calls logged here go to a copy.
  const data = await callsDatabase(SMALL_CALLS);
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-inbound-'));
  try {
    const copy = join(dir, 'inbound.sqlite');
    const started = performance.now();
    for (const suffix of ['', '-wal']) {
      if (existsSync(data.path + suffix)) copyFileSync(data.path + suffix, copy + suffix);
    }
    process.stdout.write(
      `  copied the ${label(SMALL_CALLS)}-call database in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const server = await startCallRibbonServer(copy, await serverEnv());
    try {
      figures.push(...figuresOf('SQLite', await measure('SQLite', server)));
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (!postgresInstalled()) {
    process.stdout.write('  PostgreSQL is not installed: the PostgreSQL figures are skipped\n');
    return figures;
  }
  const postgres = await postgresCallsDatabase(SMALL_CALLS);
  const copyUrl = new URL(postgres.url);
  copyUrl.pathname = '/bench_inbound';
  try {
    const started = performance.now();
    psql(postgres.url, 'DROP DATABASE IF EXISTS bench_inbound');
    psql(postgres.url, 'CREATE DATABASE bench_inbound TEMPLATE bench STRATEGY FILE_COPY');
    process.stdout.write(
      `  copied the ${label(SMALL_CALLS)}-call PostgreSQL database in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
    const server = await startCallRibbonServerOnPostgres(copyUrl.toString(), await serverEnv());
    try {
      figures.push(...figuresOf('PostgreSQL', await measure('PostgreSQL', server)));
    } finally {
      await server.stop();
    }
  } finally {
    try {
      psql(postgres.url, 'DROP DATABASE IF EXISTS bench_inbound');
    } finally {
      postgres.stop();
    }
  }
  return figures;
};
