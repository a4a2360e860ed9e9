import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_EVENT_NAMES, CallEvent, type CallEventName } from '@call-ribbon/contract';
import { seededRandom } from '../../calls/random.ts';
import { callStore } from './calls.ts';
import { importCalls } from './calls-import.ts';
import { type Db, openDatabase } from './open.ts';
import { tenantStore } from './tenants.ts';

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

const freshDb = (timezone: string): Db => {
  const db = openDatabase(':memory:');
  tenantStore(db).create({ id: 't', name: 'T', apiKey: 'k', timezone }, RECEIVED);
  return db;
};

/** Every row the call store keeps for tenant t (every call_stats* table, so a new one is noticed), except surrogate ids and empty aggregate cells. */
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
    events: db.prepare("SELECT * FROM call_events WHERE tenant_id = 't' ORDER BY event_id").all(),
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

    it('writes the same calls, events and aggregates as ingest, call by call', () => {
      const imported = freshDb(timezone);
      const count = importCalls(imported, 't', calls, {
        receivedAt: RECEIVED,
        chunkSize: 300,
        rebuildIndexes: true,
      });
      const ingested = freshDb(timezone);
      const store = callStore(ingested);
      for (let i = 0; i < calls.length; i += 25) store.ingest('t', calls.slice(i, i + 25).flat(), RECEIVED);
      const expected = snapshot(ingested);
      assert.equal(count, expected.calls!.length);
      assert.ok(expected.call_stats_hourly!.length > 50 && expected.call_stats_customers!.length > 10);
      assert.deepEqual(snapshot(imported), expected);
    });

    it('matches ingest even when events arrive shuffled across batches', () => {
      const random = seededRandom(7);
      const shuffled = calls.flat().sort(() => random() - 0.5);
      const ingested = freshDb(timezone);
      const store = callStore(ingested);
      for (let i = 0; i < shuffled.length; i += 40) store.ingest('t', shuffled.slice(i, i + 40), RECEIVED);
      const imported = freshDb(timezone);
      importCalls(imported, 't', calls, { receivedAt: RECEIVED });
      assert.deepEqual(snapshot(imported), snapshot(ingested));
    });

    it('answers analytics the same as ingest would', () => {
      const imported = freshDb(timezone);
      importCalls(imported, 't', calls, { receivedAt: RECEIVED, rebuildIndexes: true });
      const ingested = freshDb(timezone);
      callStore(ingested).ingest('t', calls.flat().slice(0, 500), RECEIVED);
      callStore(ingested).ingest('t', calls.flat().slice(500), RECEIVED);
      const range = { from: '2025-10-28T07:13:00Z', to: '2025-11-05T19:00:00Z' };
      assert.deepEqual(callStore(imported).detailed('t', range), callStore(ingested).detailed('t', range));
      assert.deepEqual(callStore(imported).detailed('t'), callStore(ingested).detailed('t'));
    });
  });
}

describe('importCalls guards', () => {
  it('refuses a tenant that already has calls, and an unknown tenant', () => {
    const db = freshDb('Asia/Kolkata');
    const calls = randomCalls(1, 3);
    importCalls(db, 't', calls, { receivedAt: RECEIVED });
    assert.throws(() => importCalls(db, 't', calls, { receivedAt: RECEIVED }), /already has calls/);
    assert.throws(() => importCalls(db, 'nobody', calls, { receivedAt: RECEIVED }), /no tenant/);
  });

  it('keeps the schema identical after rebuilding indexes', () => {
    const schema = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const db = freshDb('Asia/Kolkata');
    const before = schema(db);
    importCalls(db, 't', randomCalls(2, 50), { receivedAt: RECEIVED, rebuildIndexes: true });
    assert.deepEqual(schema(db), before);
  });
});
