import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CALL_EVENT_NAMES, CallEvent, type CallEventName } from '@call-ribbon/contract';
import { seededRandom } from '../../calls/random.ts';
import { detailedAnalytics } from '../../services/analytics.ts';
import { freshPostgresUrl, postgresSkipReason } from '../../test-support/postgres.ts';
import { callEventStore } from './call-events.ts';
import { callStatsStore } from './call-stats.ts';
import { importCalls } from './calls-import.ts';
import { postgresTenantStore as tenantStore } from './index.ts';
import { openPostgres } from './open.ts';
import { type Pool, writerPool } from './pool.ts';

const RECEIVED = new Date('2025-11-20T10:00:00Z');
const pools: Pool[] = [];

/** Varied calls: any events in any order, hold/mute noise, DST edges, unnamed customers, resent events. */
const randomCalls = (seed: number, count: number): CallEvent[][] => {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const base = Date.parse('2025-10-25T00:00:00Z');
  const calls: CallEvent[][] = [];
  for (let i = 0; i < count; i++) {
    const callId = `call-${i}`;
    const start = base + Math.floor(random() * 20 * 86_400_000);
    const customer = Math.floor(random() * 30);
    const direction = random() < 0.5 ? 'inbound' : 'outbound';
    const names: CallEventName[] = [direction === 'inbound' ? 'incoming' : 'dialing'];
    const extra = Math.floor(random() * 5);
    for (let n = 0; n < extra; n++) names.push(pick(CALL_EVENT_NAMES));
    const named = random() < 0.7;
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
      }),
    );
    if (random() < 0.05) events.push({ ...events[0]! });
    calls.push(events);
  }
  return calls;
};

const freshPool = async (timezone: string): Promise<Pool> => {
  const pool = await openPostgres(await freshPostgresUrl(), { max: 2 });
  pools.push(pool);
  await tenantStore(pool).create({ id: 't', name: 'T', apiKey: 'k', timezone }, RECEIVED);
  return pool;
};

/** Every row the call stores keep for tenant t, except surrogate ids and empty aggregate cells. */
const snapshot = async (pool: Pool) => {
  const { rows: tables } = await pool.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE tablename LIKE 'call_stats%' ORDER BY tablename",
  );
  const result: Record<string, unknown[]> = {
    calls: (await pool.query("SELECT * FROM calls WHERE tenant_id = 't' ORDER BY call_id")).rows.map(
      ({ id: _id, ...rest }) => rest,
    ),
    events: (await pool.query("SELECT * FROM call_events WHERE tenant_id = 't' ORDER BY event_id")).rows.map(
      ({ seq: _seq, ...rest }) => rest,
    ),
  };
  for (const { name } of tables) {
    result[name] = (
      await pool.query(`SELECT * FROM ${name} WHERE tenant_id = 't' ORDER BY 2, 3, 4`)
    ).rows.filter((row) => name === 'call_stats_tenants' || (row as { calls: number }).calls !== 0);
  }
  return result;
};

describe('PostgreSQL importCalls', { skip: postgresSkipReason }, () => {
  const calls = randomCalls(16, 600);

  it('writes the same calls, events and rollups as ingest, and answers analytics the same', async () => {
    const imported = await freshPool('America/New_York');
    const count = await importCalls(imported, 't', calls, {
      receivedAt: RECEIVED,
      chunkSize: 200,
      // Rollups written between chunks too, added to what earlier chunks wrote.
      maxHeldCells: 50,
      rebuildIndexes: true,
    });
    const ingested = await freshPool('America/New_York');
    const random = seededRandom(7);
    const shuffled = calls.flat().sort(() => random() - 0.5);
    const writer = writerPool(ingested);
    pools.push(writer);
    const store = callEventStore(ingested, writer);
    for (let i = 0; i < shuffled.length; i += 40) {
      await store.append([{ tenantId: 't', events: shuffled.slice(i, i + 40), receivedAt: RECEIVED }]);
    }
    const expected = await snapshot(ingested);
    assert.equal(count, expected.calls!.length);
    assert.ok(expected.call_stats_hourly!.length > 50 && expected.call_stats_customers!.length > 10);
    assert.deepEqual(await snapshot(imported), expected);
    const range = { from: Date.parse('2025-10-28T07:13:00Z'), to: Date.parse('2025-11-05T19:00:00Z') };
    const analytics = (pool: Pool, r: { from?: number; to?: number }) =>
      detailedAnalytics(callStatsStore(pool), 't', r);
    assert.deepEqual(await analytics(imported, range), await analytics(ingested, range));
  });

  it('refuses a tenant that already has calls and an unknown tenant, and keeps its indexes', async () => {
    const pool = await freshPool('Asia/Kolkata');
    const indexes = async () =>
      (await pool.query('SELECT indexname, indexdef FROM pg_indexes ORDER BY indexname')).rows;
    const before = await indexes();
    await importCalls(pool, 't', randomCalls(1, 30), { receivedAt: RECEIVED, rebuildIndexes: true });
    assert.deepEqual(await indexes(), before);
    await assert.rejects(
      importCalls(pool, 't', randomCalls(1, 3), { receivedAt: RECEIVED }),
      /already has calls/,
    );
    await assert.rejects(importCalls(pool, 'nobody', [], { receivedAt: RECEIVED }), /no tenant/);
  });
});

after(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});
