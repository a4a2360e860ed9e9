// Export: the CSV of every call over HTTP. Rows/s with a fast reader, against reading the
// same calls in-process through the store (no HTTP, no CSV); and, first, the server's peak
// RSS above idle while a slow reader (a child process pausing between chunks) downloads it;
// then the same on PostgreSQL holding the same 1M calls, against SQLite.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { callStore } from '../packages/server/src/engines/sqlite/calls.ts';
import { openDatabase } from '../packages/server/src/engines/sqlite/open.ts';
import type { Figure } from './figure.ts';
import { BENCH_KEY, BENCH_TENANT, callsDatabase } from './support/bench-db.ts';
import { postgresCallsDatabase } from './support/bench-postgres.ts';
import { getOk } from './support/http.ts';
import {
  type ServerProcess,
  startCallRibbonServer,
  startCallRibbonServerOnPostgres,
} from './support/server.ts';
import { LARGE_CALLS, label, SMALL_CALLS } from './support/sizes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;

interface ReadResult {
  rows: number;
  bytes: number;
  seconds: number;
}

const download = async (url: string, pauseMs: number): Promise<ReadResult> => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(here, 'support/read-export.ts'), url, BENCH_KEY, String(pauseMs)],
    { maxBuffer: MB },
  );
  return JSON.parse(stdout) as ReadResult;
};

/** Slow then fast download of the CSV of `size` calls from `server`: RSS above idle and rows/s. */
const exportFigures = async (server: ServerProcess, size: number) => {
  const url = `${server.url}/api/ribbon/export/calls?format=csv`;
  // Idle: started and warmed by one small request, before any export.
  await getOk(`${server.url}/api/ribbon/call-logs?pageSize=10`, { 'X-API-Key': BENCH_KEY });
  const idle = server.rss();
  server.resetPeak();
  let sampled = idle;
  const sampler = setInterval(() => {
    sampled = Math.max(sampled, server.rss());
  }, 20);
  const slow = await download(url, 2);
  clearInterval(sampler);
  if (slow.rows !== size) throw new Error(`slow export of ${size} calls gave ${slow.rows} rows`);
  const peak = Math.max(sampled, server.peakRss());
  const fast = await download(url, 0);
  if (fast.rows !== size) throw new Error(`export of ${size} calls gave ${fast.rows} rows`);
  return { idle, peak, slow, fastRate: fast.rows / fast.seconds };
};

export const run = async (): Promise<Figure[]> => {
  const figures: Figure[] = [];
  let sqliteSmallRate = 0;
  for (const size of [SMALL_CALLS, LARGE_CALLS]) {
    const data = await callsDatabase(size);
    // Baseline: the same rows read in-process in the store's own chunks.
    const db = openDatabase(data.path);
    const started = performance.now();
    let rows = 0;
    for await (const chunk of callStore(db).chunks(BENCH_TENANT, {}, 1000)) rows += chunk.length;
    const inProcess = rows / ((performance.now() - started) / 1000);
    db.close();

    const server = await startCallRibbonServer(data.path);
    try {
      const { idle, peak, slow, fastRate } = await exportFigures(server, size);
      process.stdout.write(
        `  ${label(size)}: slow read of ${(slow.bytes / MB).toFixed(0)} MB in ${slow.seconds.toFixed(1)} s, idle RSS ${(idle / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB\n`,
      );
      figures.push({
        name: `export: ${label(size)} calls, slow reader, peak RSS above idle`,
        value: (peak - idle) / MB,
        unit: 'MB',
        baseline: { name: 'idle RSS', value: idle / MB },
        target: '<= 100 MB, flat across sizes',
      });
      process.stdout.write(`  ${label(size)}: fast read ${Math.round(fastRate)} rows/s\n`);
      if (size === SMALL_CALLS) sqliteSmallRate = fastRate;
      figures.push({
        name: `export: CSV of ${label(size)} calls, fast reader`,
        value: fastRate,
        unit: 'rows/s',
        baseline: { name: 'in-process store read', value: inProcess },
        target: '>= 100,000 rows/s',
      });
    } finally {
      await server.stop();
    }
  }

  const postgres = await postgresCallsDatabase(SMALL_CALLS);
  try {
    const server = await startCallRibbonServerOnPostgres(postgres.url);
    try {
      const { idle, peak, slow, fastRate } = await exportFigures(server, SMALL_CALLS);
      process.stdout.write(
        `  PostgreSQL ${label(SMALL_CALLS)}: slow read in ${slow.seconds.toFixed(1)} s, idle RSS ${(idle / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB, fast read ${Math.round(fastRate)} rows/s\n`,
      );
      figures.push(
        {
          name: `export: PostgreSQL, ${label(SMALL_CALLS)} calls, slow reader, peak RSS above idle`,
          value: (peak - idle) / MB,
          unit: 'MB',
          baseline: { name: 'idle RSS', value: idle / MB },
          target: '<= 100 MB',
        },
        {
          name: `export: PostgreSQL, CSV of ${label(SMALL_CALLS)} calls, fast reader`,
          value: fastRate,
          unit: 'rows/s',
          baseline: { name: 'SQLite', value: sqliteSmallRate },
          target: '>= 100,000 rows/s',
        },
      );
    } finally {
      await server.stop();
    }
  } finally {
    postgres.stop();
  }
  return figures;
};
