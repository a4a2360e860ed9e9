import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CALL_EVENT_NAMES, type CallEvent } from '@call-ribbon/contract';
import { seededRandom } from '../../calls/random.ts';
import { ROLLUPS } from '../../calls/rollup-cells.ts';
import { callStoresContract } from '../../stores/calls.contract-test.ts';
import { callEventStore } from './call-events.ts';
import { rebuildCallRollups } from './call-rollups.ts';
import { callStatsStore } from './call-stats.ts';
import { callStore } from './calls.ts';
import { sqliteTenantStore as tenantStore } from './index.ts';
import { type Db, openDatabase } from './open.ts';

const stores = (db: Db, options: { seekAfterRows?: number } = {}) => ({
  tenants: tenantStore(db),
  callEvents: callEventStore(db),
  calls: callStore(db, options),
  callStats: callStatsStore(db),
});

callStoresContract('SQLite', async (options) => stores(openDatabase(':memory:'), options));

const NOW = new Date('2025-10-20T12:00:00Z');

/** Every rollup row of a tenant, without cells that count nothing. */
const rollupRows = (db: Db, tenantId: string) =>
  Object.fromEntries(
    Object.values(ROLLUPS).map((rollup) => [
      rollup.table,
      db
        .prepare(
          `SELECT * FROM ${rollup.table} WHERE tenant_id = ? ORDER BY ${['tenant_id', ...rollup.key].join(', ')}`,
        )
        .all(tenantId)
        .filter((row) => rollup === ROLLUPS.tenant || (row as { calls: number }).calls !== 0),
    ]),
  );

describe('SQLite rollups', () => {
  it('kept on write equal the rollups rebuilt from the calls', async () => {
    const db = openDatabase(':memory:');
    const { tenants, callEvents } = stores(db);
    await tenants.create({ id: 't', name: 'T', apiKey: 'k', timezone: 'America/New_York' }, NOW);
    const random = seededRandom(99);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const start = Date.parse('2025-10-28T00:00:00Z');
    const events: CallEvent[] = [];
    for (let i = 0; i < 400; i++) {
      events.push({
        eventId: `e${i}`,
        callId: `call-${Math.floor(random() * 90)}`,
        event: pick(CALL_EVENT_NAMES),
        direction: 'inbound',
        phoneNumber: '+919876543210',
        timestamp: new Date(start + Math.floor(random() * 10 * 86_400_000)).toISOString(),
        ...(random() < 0.5 && { duration: Math.floor(random() * 1200) }),
        ...(random() < 0.7 && {
          customerData: { customerId: `C${Math.floor(random() * 9)}`, name: 'Named' },
        }),
        ...(random() < 0.6 && { agentId: pick(['ravi', 'sita']) }),
      });
    }
    for (let i = 0; i < events.length; i += 7) {
      await callEvents.append([{ tenantId: 't', events: events.slice(i, i + 7), receivedAt: NOW }]);
    }
    const kept = rollupRows(db, 't');
    assert.ok(kept.call_stats_hourly!.length > 20);
    rebuildCallRollups(db, 't');
    assert.deepEqual(rollupRows(db, 't'), kept);
  });

  it('names the rollup columns after what they hold', () => {
    const db = openDatabase(':memory:');
    const columns = (table: string) =>
      (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as { name: string }[]).map(
        (row) => row.name,
      );
    for (const rollup of Object.values(ROLLUPS)) {
      const expected = [
        'tenant_id',
        ...rollup.key,
        ...rollup.fixed,
        ...rollup.latest,
        ...rollup.greatest,
        ...rollup.counts,
      ];
      assert.deepEqual(columns(rollup.table).sort(), expected.sort(), rollup.table);
    }
  });
});
