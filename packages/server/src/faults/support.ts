// Shared by the fault tests: a real server process on a SQLite file, batches of call events
// with unique ids, and checks made against what the database holds afterwards.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallEvent, LogCallResponse } from '@call-ribbon/contract';
import { createApp } from '../app.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { openDatabase } from '../engines/sqlite/open.ts';
import { answeredCall } from '../test-support/call-events.ts';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '../cli.ts');
export const TENANT = 'fault';
export const KEY = 'fault-test-key';
export const CALLS_PER_BATCH = 10;

/** A temp directory with a database holding one tenant; `cleanup()` removes it. */
export const faultDatabase = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-fault-'));
  const path = join(dir, 'calls.sqlite');
  const engine = sqliteEngine(openDatabase(path));
  await engine.stores.tenants.create(
    { id: TENANT, name: 'Fault', apiKey: KEY },
    new Date('2025-01-01T00:00:00Z'),
  );
  await engine.close();
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/** Batch `b`: 10 answered calls of 4 events each, ids unique across batches, all in 2020. */
export const batch = (b: number): CallEvent[] =>
  Array.from({ length: CALLS_PER_BATCH }, (_, k) =>
    answeredCall(
      `fault-${b}-${k}`,
      new Date(Date.UTC(2020, 0, 1) + (b * CALLS_PER_BATCH + k) * 60_000).toISOString(),
      {
        customerId: `CUST${k}`,
        talkSeconds: 30 + k,
      },
    ),
  ).flat();

export const callIdsOf = (batches: number) =>
  Array.from(
    { length: batches * CALLS_PER_BATCH },
    (_, i) => `fault-${Math.floor(i / CALLS_PER_BATCH)}-${i % CALLS_PER_BATCH}`,
  );

/** The real server (the CLI's `start`) as a child process; resolves once it listens. */
export const startServerProcess = async (
  databasePath: string,
): Promise<{ url: string; child: ChildProcess }> => {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_PATH: databasePath, SEED_DEMO: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${output}`)));
  });
  return { url, child };
};

export const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

export const postBatch = async (url: string, events: CallEvent[], signal?: AbortSignal) => {
  const response = await fetch(`${url}/api/ribbon/log-call`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-API-Key': KEY },
    body: JSON.stringify({ events }),
    ...(signal && { signal }),
  });
  const body = (await response.json()) as LogCallResponse;
  return { status: response.status, body };
};

/**
 * Opens the database file and asserts it holds exactly the events of `batches` batches, each
 * once, and that calls and analytics count each call once: the same numbers as a reference
 * database that ingested every event exactly once.
 */
export const assertStoredExactlyOnce = async (databasePath: string, batches: number) => {
  const db = openDatabase(databasePath);
  try {
    const stored = await sqliteEngine(db).stores.callEvents.forCalls(TENANT, callIdsOf(batches));
    const ids = stored.map((event) => event.eventId);
    assert.equal(new Set(ids).size, ids.length, 'an event is stored twice');
    const expected = Array.from({ length: batches }, (_, b) => batch(b)).flat();
    assert.deepEqual(new Set(ids), new Set(expected.map((event) => event.eventId)), 'stored events differ');

    const reference = openDatabase(':memory:');
    const referenceStores = sqliteEngine(reference).stores;
    await referenceStores.tenants.create(
      { id: TENANT, name: 'Fault', apiKey: KEY },
      new Date('2025-01-01T00:00:00Z'),
    );
    await referenceStores.callEvents.append([{ tenantId: TENANT, events: expected, receivedAt: new Date() }]);
    const range = '?startDate=2020-01-01&endDate=2020-12-31';
    for (const path of [
      `/api/ribbon/analytics/detailed${range}`,
      `/api/ribbon/call-logs${range}&pageSize=1`,
    ]) {
      const read = async (database: typeof db) => {
        const response = await createApp({ engine: sqliteEngine(database) }).request(path, {
          headers: { 'X-API-Key': KEY },
        });
        assert.equal(response.status, 200);
        const body = (await response.json()) as { recentActivity?: unknown; logs?: unknown };
        // Lists name rows whose receivedAt-independent content is compared through the totals.
        delete body.recentActivity;
        delete body.logs;
        return body;
      };
      assert.deepEqual(await read(db), await read(reference), `${path} differs from exactly-once ingestion`);
    }
    reference.close();
  } finally {
    db.close();
  }
};
