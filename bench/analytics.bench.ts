// Analytics: /api/ribbon/analytics/detailed p50 and p99 over 1M and a larger number of stored
// calls, all-time, 30-day and 1-day ranges, over HTTP to the server process, against an
// in-process SQL scan of the same calls (what answering without aggregates would cost); then
// the same requests to the server on PostgreSQL holding the same 1M calls, against SQLite.

import { fullScanSummary } from '../packages/server/src/engines/sqlite/calls-import.ts';
import { openDatabase } from '../packages/server/src/engines/sqlite/open.ts';
import type { Figure } from './figure.ts';
import { BENCH_KEY, BENCH_TENANT, callsDatabase } from './support/bench-db.ts';
import { postgresCallsDatabase } from './support/bench-postgres.ts';
import { DATA_END_MS } from './support/calls-data.ts';
import { freshConnection, getOk, percentile, timeRuns } from './support/http.ts';
import { startCallRibbonServer, startCallRibbonServerOnPostgres } from './support/server.ts';
import { LARGE_CALLS, label, SMALL_CALLS } from './support/sizes.ts';

const DAY = 86_400_000;
const lastDay = new Date(DATA_END_MS - DAY).toISOString().slice(0, 10);
const RANGES = [
  { name: 'all-time', query: '', from: -8.64e15, to: 8.64e15 },
  {
    name: '30-day',
    query: `?startDate=${new Date(DATA_END_MS - 30 * DAY).toISOString().slice(0, 10)}&endDate=${lastDay}`,
    from: DATA_END_MS - 30 * DAY,
    to: DATA_END_MS,
  },
  {
    name: '1-day',
    query: `?startDate=${lastDay}&endDate=${lastDay}`,
    from: DATA_END_MS - DAY,
    to: DATA_END_MS,
  },
];

export const run = async (): Promise<Figure[]> => {
  const figures: Figure[] = [];
  const allTimeP50 = new Map<number, number>();
  /** SQLite's p50 and call count per range at SMALL_CALLS, for the PostgreSQL figures. */
  const sqliteSmall = new Map<string, { p50: number; calls: number }>();
  for (const size of [SMALL_CALLS, LARGE_CALLS]) {
    const data = await callsDatabase(size);
    if (data.buildSeconds > 0) {
      figures.push({ name: `data: build ${label(size)} calls`, value: data.buildSeconds, unit: 's' });
    }
    const db = openDatabase(data.path);
    const server = await startCallRibbonServer(data.path);
    try {
      for (const range of RANGES) {
        const url = `${server.url}/api/ribbon/analytics/detailed${range.query}`;
        freshConnection();
        const body = JSON.parse(await getOk(url, { 'X-API-Key': BENCH_KEY })) as {
          summary: { totalCalls: number };
        };
        const scanned = fullScanSummary(db, BENCH_TENANT, range.from, range.to).reduce(
          (n, row) => n + row.calls,
          0,
        );
        if (body.summary.totalCalls !== scanned) {
          throw new Error(
            `analytics ${range.name}: ${body.summary.totalCalls} calls, the scan counts ${scanned}`,
          );
        }
        const samples = await timeRuns(() => getOk(url, { 'X-API-Key': BENCH_KEY }), {
          runs: 200,
          budgetMs: 3000,
        });
        const scan = await timeRuns(() => fullScanSummary(db, BENCH_TENANT, range.from, range.to), {
          runs: 5,
          warmup: 1,
          budgetMs: 2000,
        });
        const baseline = { name: 'in-process SQL scan p50', value: percentile(scan, 50) };
        const p50 = percentile(samples, 50);
        if (range.name === 'all-time') allTimeP50.set(size, p50);
        if (size === SMALL_CALLS) sqliteSmall.set(range.name, { p50, calls: scanned });
        process.stdout.write(
          `  ${label(size)} ${range.name}: ${scanned} calls, p50 ${p50.toFixed(2)} ms over ${samples.length} requests, scan ${baseline.value.toFixed(1)} ms\n`,
        );
        figures.push(
          {
            name: `analytics: ${label(size)} calls, ${range.name}, p50`,
            value: p50,
            unit: 'ms',
            baseline,
            target: '<= 20 ms',
          },
          {
            name: `analytics: ${label(size)} calls, ${range.name}, p99`,
            value: percentile(samples, 99),
            unit: 'ms',
            baseline,
          },
        );
      }
    } finally {
      await server.stop();
      db.close();
    }
  }
  const postgres = await postgresCallsDatabase(SMALL_CALLS);
  if (postgres.buildSeconds > 0) {
    figures.push({
      name: `data: build ${label(SMALL_CALLS)} calls on PostgreSQL`,
      value: postgres.buildSeconds,
      unit: 's',
    });
  }
  try {
    const server = await startCallRibbonServerOnPostgres(postgres.url);
    try {
      for (const range of RANGES) {
        const url = `${server.url}/api/ribbon/analytics/detailed${range.query}`;
        freshConnection();
        const body = JSON.parse(await getOk(url, { 'X-API-Key': BENCH_KEY })) as {
          summary: { totalCalls: number };
        };
        const sqlite = sqliteSmall.get(range.name)!;
        if (body.summary.totalCalls !== sqlite.calls) {
          throw new Error(
            `analytics on PostgreSQL ${range.name}: ${body.summary.totalCalls} calls, SQLite counts ${sqlite.calls}`,
          );
        }
        const samples = await timeRuns(() => getOk(url, { 'X-API-Key': BENCH_KEY }), {
          runs: 200,
          budgetMs: 3000,
        });
        const p50 = percentile(samples, 50);
        process.stdout.write(
          `  PostgreSQL ${label(SMALL_CALLS)} ${range.name}: p50 ${p50.toFixed(2)} ms over ${samples.length} requests\n`,
        );
        figures.push({
          name: `analytics: PostgreSQL, ${label(SMALL_CALLS)} calls, ${range.name}, p50`,
          value: p50,
          unit: 'ms',
          baseline: { name: 'SQLite p50', value: sqlite.p50 },
          target: '<= 20 ms',
        });
      }
    } finally {
      await server.stop();
    }
  } finally {
    postgres.stop();
  }
  figures.push({
    name: `analytics: all-time p50, ${label(LARGE_CALLS)} vs ${label(SMALL_CALLS)}`,
    value: allTimeP50.get(LARGE_CALLS)!,
    unit: 'ms',
    baseline: { name: `${label(SMALL_CALLS)} all-time p50`, value: allTimeP50.get(SMALL_CALLS)! },
    target: '<= 2x',
  });
  return figures;
};
