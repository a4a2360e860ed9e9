import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_EVENT_NAMES, CallEvent, type CallEventName } from '@call-ribbon/contract';
import { seededRandom } from '../../calls/random.ts';
import { detailedAnalytics } from '../../services/analytics.ts';
import { callEventStore } from './call-events.ts';
import { callStatsStore } from './call-stats.ts';
import { importCalls } from './calls-import.ts';
import { sqliteTenantStore as tenantStore } from './index.ts';
import { type Db, openDatabase } from './open.ts';

const RECEIVED = new Date('2025-11-20T10:00:00Z');

/** Varied calls: any events in any order, hold/mute noise, DST edges, unnamed customers, resent events. */
const randomCalls = (seed: number, count: number): CallEvent[][] => {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // Around the US daylight-saving change of 2025-11-02, so zone offsets move inside the data.
  const base = Date.parse('2025-10-25T00:00:00Z');
  const calls: CallEvent[][] = [];
  for (let i = 0; i < count; i++) {
    const callId = `call-${i}`;
    const start = base + Math.floor(random() * 20 * 86_400_000);
    const customer = Math.floor(random() * 30);
    const named = random() < 0.7;
    const direction = random() < 0.5 ? 'inbound' : 'outbound';
    const names: CallEventName[] = [direction === 'inbound' ? 'incoming' : 'dialing'];
    const extra = Math.floor(random() * 5);
    for (let n = 0; n < extra; n++) names.push(pick(CALL_EVENT_NAMES));
    const events = names.map((name, n) =>
      CallEvent.parse({
        eventId: `${callId}-${n}`,
        event: name,
        callId,
        timestamp: new Date(start + n * Math.floor(random() * 400_000)).toISOString(),
        direction,
        phoneNumber: `+9198765${String(customer).padStart(5, '0')}`,
        ...(random() < 0.8 && {
          customerData: { customerId: `CUST${customer}`, ...(named && { name: `Customer ${customer}` }) },
        }),
        ...(random() < 0.7 && { agentId: `agent-${Math.floor(random() * 5)}` }),
        ...(name === 'callEnded' && random() < 0.7 && { duration: Math.round(random() * 2000 * 10) / 10 }),
        ...(random() < 0.1 && { disposition: 'Interested', notes: 'Call back' }),
      }),
    );
    // A resent event: the same id and content again.
    if (random() < 0.05) events.push({ ...events[0]! });
    calls.push(events);
  }
  return calls;
};

const freshDb = async (timezone: string): Promise<Db> => {
  const db = openDatabase(':memory:');
  await tenantStore(db).create({ id: 't', name: 'T', apiKey: 'k', timezone }, RECEIVED);
  return db;
};

/** Appends the events through the call event store, `size` events per append. */
const ingest = async (db: Db, events: readonly CallEvent[], size: number) => {
  const store = callEventStore(db);
  for (let i = 0; i < events.length; i += size) {
    await store.append([{ tenantId: 't', events: events.slice(i, i + size), receivedAt: RECEIVED }]);
  }
};

/** Every row the call stores keep for tenant t (every call_stats* table, so a new one is noticed), except surrogate ids and empty aggregate cells. */
const snapshot = (db: Db) => {
  const tables = db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'call_stats%' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
  const result: Record<string, unknown[]> = {
    calls: db
      .prepare("SELECT * FROM calls WHERE tenant_id = 't' ORDER BY call_id")
      .all()
      .map((row) => {
        const { id: _id, ...rest } = row as Record<string, unknown>;
        return rest;
      }),
    events: db
      .prepare("SELECT * FROM call_events WHERE tenant_id = 't' ORDER BY event_id")
      .all()
      .map((row) => {
        const { seq: _seq, ...rest } = row as Record<string, unknown>;
        return rest;
      }),
  };
  for (const table of tables) {
    result[table] = db
      .prepare(`SELECT * FROM ${table} WHERE tenant_id = 't' ORDER BY 2, 3, 4`)
      .all()
      .filter((row) => table === 'call_stats_tenants' || (row as { calls: number }).calls !== 0);
  }
  return result;
};

for (const timezone of ['Asia/Kolkata', 'America/New_York']) {
  describe(`importCalls (${timezone})`, () => {
    const calls = randomCalls(timezone.length, 800);

    it('writes the same calls, events and rollups as ingest, call by call', async () => {
      const imported = await freshDb(timezone);
      const count = importCalls(imported, 't', calls, {
        receivedAt: RECEIVED,
        chunkSize: 300,
        // Rollups written between chunks too, added to what earlier chunks wrote.
        maxHeldCells: 50,
        rebuildIndexes: true,
      });
      const ingested = await freshDb(timezone);
      const store = callEventStore(ingested);
      for (let i = 0; i < calls.length; i += 25) {
        await store.append([{ tenantId: 't', events: calls.slice(i, i + 25).flat(), receivedAt: RECEIVED }]);
      }
      const expected = snapshot(ingested);
      assert.equal(count, expected.calls!.length);
      assert.ok(expected.call_stats_hourly!.length > 50 && expected.call_stats_customers!.length > 10);
      assert.deepEqual(snapshot(imported), expected);
    });

    it('matches ingest even when events arrive shuffled across batches', async () => {
      const random = seededRandom(7);
      const shuffled = calls.flat().sort(() => random() - 0.5);
      const ingested = await freshDb(timezone);
      await ingest(ingested, shuffled, 40);
      const imported = await freshDb(timezone);
      importCalls(imported, 't', calls, { receivedAt: RECEIVED });
      assert.deepEqual(snapshot(imported), snapshot(ingested));
    });

    it('answers analytics the same as ingest would', async () => {
      const imported = await freshDb(timezone);
      importCalls(imported, 't', calls, { receivedAt: RECEIVED, rebuildIndexes: true });
      const ingested = await freshDb(timezone);
      await ingest(ingested, calls.flat(), 500);
      const analytics = (db: Db, range: { from?: number; to?: number }) =>
        detailedAnalytics(callStatsStore(db), 't', range);
      const range = { from: Date.parse('2025-10-28T07:13:00Z'), to: Date.parse('2025-11-05T19:00:00Z') };
      assert.deepEqual(await analytics(imported, range), await analytics(ingested, range));
      assert.deepEqual(await analytics(imported, {}), await analytics(ingested, {}));
      assert.ok((await analytics(imported, {})).summary.totalCalls > 700);
    });
  });
}

describe('importCalls guards', () => {
  it('refuses a tenant that already has calls, and an unknown tenant', async () => {
    const db = await freshDb('Asia/Kolkata');
    const calls = randomCalls(1, 3);
    importCalls(db, 't', calls, { receivedAt: RECEIVED });
    assert.throws(() => importCalls(db, 't', calls, { receivedAt: RECEIVED }), /already has calls/);
    assert.throws(() => importCalls(db, 'nobody', calls, { receivedAt: RECEIVED }), /no tenant/);
  });

  it('keeps the schema identical after rebuilding indexes', async () => {
    const schema = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const db = await freshDb('Asia/Kolkata');
    const before = schema(db);
    importCalls(db, 't', randomCalls(2, 50), { receivedAt: RECEIVED, rebuildIndexes: true });
    assert.deepEqual(schema(db), before);
  });
});
