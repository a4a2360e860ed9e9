// Dashboards: each of the five seed-004 dashboards over HTTP with 100x the demo CRM data (and
// 100x the demo calls, which feed the per-rep call counts), p50, against the same dashboard
// on the demo data as shipped (1x).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallEvent } from '@call-ribbon/contract';
import { demoCallEvents } from '../packages/server/src/demo-calls.ts';
import { seedDemoCrm } from '../packages/server/src/demo-crm.ts';
import { importCalls } from '../packages/server/src/engines/sqlite/calls-import.ts';
import { sqliteEngine } from '../packages/server/src/engines/sqlite/index.ts';
import { openDatabase } from '../packages/server/src/engines/sqlite/open.ts';
import type { Figure } from './figure.ts';
import { getOk, percentile, timeRuns } from './support/http.ts';
import { startCallRibbonServer } from './support/server.ts';

const KEY = 'bench-dashboards-key';
const DASHBOARDS = ['sales', 'leads', 'account-management', 'support', 'billing'] as const;
const SCALE = Number(process.env.BENCH_DASHBOARD_SCALE ?? 100);

/** The demo calls `scale` times over, each copy with its own ids, grouped by call. */
function* scaledCalls(now: Date, scale: number): Generator<CallEvent[]> {
  for (let copy = 0; copy < scale; copy++) {
    const byCall = new Map<string, CallEvent[]>();
    for (const event of demoCallEvents(now, 20_251_012 + copy)) {
      const callId = `x${copy}-${event.callId}`;
      const events = byCall.get(callId) ?? [];
      events.push({ ...event, eventId: `x${copy}-${event.eventId}`, callId });
      byCall.set(callId, events);
    }
    yield* byCall.values();
  }
}

const buildDatabase = async (path: string, scale: number, now: Date): Promise<number> => {
  const started = performance.now();
  const db = openDatabase(path);
  const { stores } = sqliteEngine(db);
  await stores.tenants.create({ id: 'dash', name: 'Dashboards', apiKey: KEY, timezone: 'Asia/Kolkata' }, now);
  await seedDemoCrm(stores.crm, 'dash', now, { scale });
  importCalls(db, 'dash', scaledCalls(now, scale), { receivedAt: now, rebuildIndexes: true });
  db.close();
  return (performance.now() - started) / 1000;
};

export const run = async (): Promise<Figure[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-dashboards-'));
  const now = new Date();
  const p50s: Record<number, Record<string, number>> = {};
  try {
    for (const scale of [1, SCALE]) {
      const path = join(dir, `dashboards-${scale}x.sqlite`);
      const seconds = await buildDatabase(path, scale, now);
      process.stdout.write(`  built the ${scale}x demo CRM and calls in ${seconds.toFixed(1)} s\n`);
      const server = await startCallRibbonServer(path);
      try {
        p50s[scale] = {};
        for (const name of DASHBOARDS) {
          const url = `${server.url}/api/dashboards/${name}`;
          const samples = await timeRuns(() => getOk(url, { 'X-API-Key': KEY }), {
            runs: 60,
            budgetMs: 3000,
          });
          p50s[scale]![name] = percentile(samples, 50);
          process.stdout.write(`  ${scale}x ${name}: p50 ${p50s[scale]![name]!.toFixed(2)} ms\n`);
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return DASHBOARDS.map((name) => ({
    name: `dashboards: ${name}, ${SCALE}x demo data, p50`,
    value: p50s[SCALE]![name]!,
    unit: 'ms',
    baseline: { name: '1x demo data p50', value: p50s[1]![name]! },
    target: '<= 50 ms',
  }));
};
