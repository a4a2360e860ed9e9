import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CALL_EVENT_NAMES, type CallEvent } from '@call-ribbon/contract';
import { seededRandom } from '../../calls/random.ts';
import { ROLLUPS } from '../../calls/rollup-cells.ts';
import { callStoresContract } from '../../stores/calls.contract-test.ts';
import { freshPostgresUrl, postgresSkipReason } from '../../test-support/postgres.ts';
import { callEventStore } from './call-events.ts';
import { rebuildCallRollups } from './call-rollups.ts';
import { callStatsStore } from './call-stats.ts';
import { callStore } from './calls.ts';
import { postgresTenantStore as tenantStore } from './index.ts';
import { openPostgres } from './open.ts';
import { type Pool, writerPool } from './pool.ts';

const pools: Pool[] = [];

const writers = new Map<Pool, Pool>();
/** The pipelined pool the engine gives the call event store, one per pool, ended after the tests. */
const writerOf = (pool: Pool): Pool => {
  let writer = writers.get(pool);
  if (!writer) {
    writer = writerPool(pool);
    writers.set(pool, writer);
    pools.push(writer);
  }
  return writer;
};

const stores = (pool: Pool, options: { seekAfterRows?: number } = {}) => ({
  tenants: tenantStore(pool),
  callEvents: callEventStore(pool, writerOf(pool)),
  calls: callStore(pool, options),
  callStats: callStatsStore(pool),
});

const freshPool = async (): Promise<Pool> => {
  const pool = await openPostgres(await freshPostgresUrl(), { max: 4 });
  pools.push(pool);
  return pool;
};

describe('PostgreSQL call stores', { skip: postgresSkipReason }, () => {
  callStoresContract('PostgreSQL', async (options) => stores(await freshPool(), options));
});

const NOW = new Date('2025-10-20T12:00:00Z');

/** Every rollup row of a tenant, without cells that count nothing. */
const rollupRows = async (pool: Pool, tenantId: string) =>
  Object.fromEntries(
    await Promise.all(
      Object.values(ROLLUPS).map(async (rollup) => [
        rollup.table,
        (
          await pool.query(
            `SELECT * FROM ${rollup.table} WHERE tenant_id = $1 ORDER BY ${['tenant_id', ...rollup.key].join(', ')}`,
            [tenantId],
          )
        ).rows.filter((row) => rollup === ROLLUPS.tenant || (row as { calls: number }).calls !== 0),
      ]),
    ),
  );

const randomEvents = (seed: number, count: number): CallEvent[] => {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const start = Date.parse('2025-10-28T00:00:00Z');
  return Array.from({ length: count }, (_, i) => ({
    eventId: `e${i}`,
    callId: `call-${Math.floor(random() * 90)}`,
    event: pick(CALL_EVENT_NAMES),
    direction: 'inbound' as const,
    phoneNumber: '+919876543210',
    timestamp: new Date(start + Math.floor(random() * 10 * 86_400_000)).toISOString(),
    ...(random() < 0.5 && { duration: Math.floor(random() * 1200) }),
    ...(random() < 0.7 && { customerData: { customerId: `C${Math.floor(random() * 9)}`, name: 'Named' } }),
    ...(random() < 0.6 && { agentId: pick(['ravi', 'sita']) }),
  }));
};

describe('PostgreSQL rollups and concurrency', { skip: postgresSkipReason }, () => {
  it('kept on write equal the rollups rebuilt from the calls', async () => {
    const pool = await freshPool();
    const { tenants, callEvents } = stores(pool);
    await tenants.create({ id: 't', name: 'T', apiKey: 'k', timezone: 'America/New_York' }, NOW);
    const events = randomEvents(99, 400);
    for (let i = 0; i < events.length; i += 7) {
      await callEvents.append([{ tenantId: 't', events: events.slice(i, i + 7), receivedAt: NOW }]);
    }
    const kept = await rollupRows(pool, 't');
    assert.ok(kept.call_stats_hourly!.length > 20);
    await rebuildCallRollups(pool, 't');
    assert.deepEqual(await rollupRows(pool, 't'), kept);
  });

  it('names the rollup columns after what they hold', async () => {
    const pool = await freshPool();
    for (const rollup of Object.values(ROLLUPS)) {
      const { rows } = await pool.query<{ column_name: string }>(
        'SELECT column_name FROM information_schema.columns WHERE table_name = $1',
        [rollup.table],
      );
      const expected = [
        'tenant_id',
        ...rollup.key,
        ...rollup.fixed,
        ...rollup.latest,
        ...rollup.greatest,
        ...rollup.counts,
      ];
      assert.deepEqual(rows.map((row) => row.column_name).sort(), expected.sort(), rollup.table);
    }
  });

  it('stores an event sent through two instances at the same moment once, and counts its call once', async () => {
    const url = await freshPostgresUrl();
    const [a, b] = [await openPostgres(url, { max: 4 }), await openPostgres(url, { max: 4 })];
    pools.push(a, b);
    await stores(a).tenants.create({ id: 't', name: 'T', apiKey: 'k' }, NOW);
    const events = randomEvents(7, 300);
    // Both instances receive every event, in different batchings and orders, all at once.
    const sends = [
      ...Array.from({ length: 30 }, (_, i) => [a, events.slice(i * 10, i * 10 + 10)] as const),
      ...Array.from({ length: 20 }, (_, i) => [b, events.slice(i * 15, i * 15 + 15).reverse()] as const),
    ];
    const results = await Promise.all(
      sends.map(([pool, batch]) =>
        stores(pool).callEvents.append([{ tenantId: 't', events: batch, receivedAt: NOW }]),
      ),
    );
    const accepted = results.reduce((sum, [result]) => sum + result!.accepted, 0);
    assert.equal(accepted, events.length);
    const { rows } = await a.query<{ n: number; seqs: number }>(
      'SELECT count(*) AS n, count(DISTINCT seq) AS seqs FROM call_events WHERE tenant_id = $1',
      ['t'],
    );
    assert.deepEqual(rows[0], { n: events.length, seqs: events.length });
    const kept = await rollupRows(a, 't');
    await rebuildCallRollups(a, 't');
    assert.deepEqual(await rollupRows(a, 't'), kept);
    const { totalCalls } = await stores(b).callStats.activity('t');
    assert.equal(totalCalls, new Set(events.map((event) => event.callId)).size);
  });

  it('numbers a tenant’s events in the order they were stored, for the live stream to resume from', async () => {
    const pool = await freshPool();
    const { tenants, callEvents } = stores(pool);
    await tenants.create({ id: 't', name: 'T', apiKey: 'k' }, NOW);
    const events = randomEvents(3, 20);
    await callEvents.append([{ tenantId: 't', events: events.slice(0, 12), receivedAt: NOW }]);
    const middle = await callEvents.lastSeq('t');
    await callEvents.append([{ tenantId: 't', events: events.slice(8), receivedAt: NOW }]);
    const after = await callEvents.after('t', middle, 100);
    assert.deepEqual(
      after.map((stored) => stored.event.eventId),
      events.slice(12).map((event) => event.eventId),
    );
    assert.ok(after.every((stored, i) => i === 0 || stored.seq > after[i - 1]!.seq));
    assert.equal(await callEvents.lastSeq('t'), after.at(-1)!.seq);
    assert.equal(await callEvents.lastSeq('other'), 0);
  });
});

after(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});
