// Ingest: log-call events/s over real HTTP, one event per request and batches of 100, into
// our server on a file-backed SQLite database (synchronous = FULL, the default, and NORMAL),
// against a bare Hono handler and node:http that only parse the same JSON. Each server and
// the load generator are separate processes; 32 keep-alive connections.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Figure } from './figure.ts';
import { type ServerProcess, startCallRibbonServer, startProcess } from './support/server.ts';

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

const load = async (
  url: string,
  mode: 'single' | 'batch',
  prefix: string,
  ms: number,
): Promise<LoadResult> => {
  const { stdout } = await promisify(execFile)(process.execPath, [
    join(here, 'support/load.ts'),
    url,
    KEY,
    mode,
    String(CONCURRENCY),
    String(ms),
    prefix,
  ]);
  const result = JSON.parse(stdout) as LoadResult;
  if (result.failures > 0) throw new Error(`${url} ${mode}: ${result.failures} failed requests`);
  return result;
};

/** events/s of `mode` against `server`, after a one-second warm-up. */
const rate = async (server: ServerProcess, mode: 'single' | 'batch', name: string): Promise<number> => {
  await load(server.url, mode, `${name}-${mode}-warm`, 1000);
  const result = await load(server.url, mode, `${name}-${mode}`, SECONDS * 1000);
  const perSecond = result.events / result.seconds;
  process.stdout.write(
    `  ${name} ${mode}: ${result.requests} requests, ${result.events} events in ${result.seconds.toFixed(1)} s = ${Math.round(perSecond)} events/s\n`,
  );
  return perSecond;
};

export const run = async (): Promise<Figure[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-ingest-'));
  const rates: Record<string, Record<string, number>> = {};
  try {
    const servers: [string, () => Promise<ServerProcess>][] = [
      ['node:http', () => startProcess(join(here, 'support/bare-node.ts'), [], {})],
      ['bare Hono', () => startProcess(join(here, 'support/bare-hono.ts'), [], {})],
      [
        'log-call',
        () =>
          startCallRibbonServer(join(dir, 'ingest.sqlite'), {
            SEED_DEMO: '1',
            DEMO_API_KEY: KEY,
            DATABASE_SYNC: 'full',
          }),
      ],
      [
        'log-call NORMAL',
        () =>
          startCallRibbonServer(join(dir, 'ingest-normal.sqlite'), {
            SEED_DEMO: '1',
            DEMO_API_KEY: KEY,
            DATABASE_SYNC: 'normal',
          }),
      ],
    ];
    for (const [name, start] of servers) {
      const server = await start();
      try {
        rates[name] = {
          single: await rate(server, 'single', name),
          batch: await rate(server, 'batch', name),
        };
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
