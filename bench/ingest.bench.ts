// Ingest: log-call events/s over real HTTP, one event per request and batches of 100, into
// our server on a file-backed SQLite database (synchronous = FULL, the default, and NORMAL)
// and on PostgreSQL (a throwaway cluster with its default durability: fsync and synchronous
// commit on), one instance and two instances sharing the database, against a bare Hono
// handler and node:http that only parse the same JSON. Each server and the load generator are
// separate processes; 32 keep-alive connections in all.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createDatabase,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../packages/server/src/test-support/postgres.ts';
import type { Figure } from './figure.ts';
import {
  type ServerProcess,
  startCallRibbonServer,
  startCallRibbonServerOnPostgres,
  startProcess,
} from './support/server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = 'bench-ingest-key';
const CONCURRENCY = 32;
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 4);

interface LoadResult {
  requests: number;
  events: number;
  failures: number;
  seconds: number;
}

const loadOne = async (
  url: string,
  mode: 'single' | 'batch',
  prefix: string,
  ms: number,
  concurrency: number,
): Promise<LoadResult> => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(here, 'support/load.ts'),
    url,
    KEY,
    mode,
    String(concurrency),
    String(ms),
    prefix,
  ]);
  const result = JSON.parse(stdout) as LoadResult;
  if (result.failures > 0) throw new Error(`${url} ${mode}: ${result.failures} failed requests`);
  return result;
};

/** The load spread evenly over the servers' URLs (one generator each), summed. */
const load = async (
  urls: string[],
  mode: 'single' | 'batch',
  prefix: string,
  ms: number,
): Promise<LoadResult> => {
  const results = await Promise.all(
    urls.map((url, i) => loadOne(url, mode, `${prefix}-${i}`, ms, CONCURRENCY / urls.length)),
  );
  return {
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    events: results.reduce((sum, result) => sum + result.events, 0),
    failures: results.reduce((sum, result) => sum + result.failures, 0),
    seconds: Math.max(...results.map((result) => result.seconds)),
  };
};

/** events/s of `mode` against the servers, after a one-second warm-up. */
const rate = async (servers: ServerProcess[], mode: 'single' | 'batch', name: string): Promise<number> => {
  const urls = servers.map((server) => server.url);
  await load(urls, mode, `${name}-${mode}-warm`, 1000);
  const result = await load(urls, mode, `${name}-${mode}`, SECONDS * 1000);
  const perSecond = result.events / result.seconds;
  process.stdout.write(
    `  ${name} ${mode}: ${result.requests} requests, ${result.events} events in ${result.seconds.toFixed(1)} s = ${Math.round(perSecond)} events/s\n`,
  );
  return perSecond;
};

export const run = async (): Promise<Figure[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-ingest-'));
  const rates: Record<string, Record<string, number>> = {};
  let postgres: ThrowawayPostgres | undefined;
  try {
    postgres = await startThrowawayPostgres({ durable: true });
    const cluster = postgres.url;
    const servers: [string, () => Promise<ServerProcess[]>][] = [
      ['node:http', async () => [await startProcess(join(here, 'support/bare-node.ts'), [], {})]],
      ['bare Hono', async () => [await startProcess(join(here, 'support/bare-hono.ts'), [], {})]],
      [
        'log-call',
        async () => [
          await startCallRibbonServer(join(dir, 'ingest.sqlite'), {
            SEED_DEMO: '1',
            DEMO_API_KEY: KEY,
            DATABASE_SYNC: 'full',
          }),
        ],
      ],
      [
        'log-call NORMAL',
        async () => [
          await startCallRibbonServer(join(dir, 'ingest-normal.sqlite'), {
            SEED_DEMO: '1',
            DEMO_API_KEY: KEY,
            DATABASE_SYNC: 'normal',
          }),
        ],
      ],
      [
        'log-call PostgreSQL',
        async () => [
          await startCallRibbonServerOnPostgres(await createDatabase(cluster, 'ingest_one'), {
            SEED_DEMO: '1',
            DEMO_API_KEY: KEY,
          }),
        ],
      ],
      [
        'log-call PostgreSQL x2',
        async () => {
          const url = await createDatabase(cluster, 'ingest_two');
          const env = { SEED_DEMO: '1', DEMO_API_KEY: KEY };
          // One after the other: the first seeds the demo tenant, the second finds it.
          const first = await startCallRibbonServerOnPostgres(url, env);
          return [first, await startCallRibbonServerOnPostgres(url, env)];
        },
      ],
    ];
    for (const [name, start] of servers) {
      const started = await start();
      try {
        rates[name] = {
          single: await rate(started, 'single', name),
          batch: await rate(started, 'batch', name),
        };
      } finally {
        await Promise.all(started.map((server) => server.stop()));
      }
    }
  } finally {
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const postgresOne = rates['log-call PostgreSQL']!;
  const postgresTwo = rates['log-call PostgreSQL x2']!;
  const ours = rates['log-call']!;
  const normal = rates['log-call NORMAL']!;
  const hono = rates['bare Hono']!;
  const node = rates['node:http']!;
  return [
    {
      name: 'ingest: log-call, 1 event/request, FULL',
      value: ours.single!,
      unit: 'events/s',
      baseline: { name: 'node:http parse', value: node.single! },
      target: '>= 0.5x',
    },
    {
      name: 'ingest: log-call, 100 events/request, FULL',
      value: ours.batch!,
      unit: 'events/s',
      baseline: { name: 'node:http parse', value: node.batch! },
      target: '>= 50,000 events/s',
    },
    {
      name: 'ingest: PostgreSQL vs SQLite FULL, 100 events/request',
      value: postgresOne.batch!,
      unit: 'events/s',
      baseline: { name: 'SQLite FULL', value: ours.batch! },
      target: '>= 0.5x',
    },
    {
      name: 'ingest: PostgreSQL vs SQLite FULL, 1 event/request',
      value: postgresOne.single!,
      unit: 'events/s',
      baseline: { name: 'SQLite FULL', value: ours.single! },
    },
    {
      name: 'ingest: 2 instances on one PostgreSQL vs 1, 100 events/request',
      value: postgresTwo.batch!,
      unit: 'events/s',
      baseline: { name: '1 instance', value: postgresOne.batch! },
      target: '>= 1x',
    },
    {
      name: 'ingest: 2 instances on one PostgreSQL vs 1, 1 event/request',
      value: postgresTwo.single!,
      unit: 'events/s',
      baseline: { name: '1 instance', value: postgresOne.single! },
      target: '>= 1x',
    },
    {
      name: 'ingest: log-call, 1 event/request, NORMAL vs FULL',
      value: normal.single!,
      unit: 'events/s',
      baseline: { name: 'FULL', value: ours.single! },
    },
    {
      name: 'ingest: log-call, 100 events/request, NORMAL vs FULL',
      value: normal.batch!,
      unit: 'events/s',
      baseline: { name: 'FULL', value: ours.batch! },
    },
    {
      name: 'ingest: log-call, 1 event/request vs bare Hono',
      value: ours.single!,
      unit: 'events/s',
      baseline: { name: 'bare Hono parse', value: hono.single! },
    },
    {
      name: 'ingest: bare Hono vs node:http, 1 event/request',
      value: hono.single!,
      unit: 'events/s',
      baseline: { name: 'node:http parse', value: node.single! },
    },
  ];
};
