import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  durationBucket,
  placeCall,
  ROLLUPS,
  type RolledCall,
  RollupChanges,
  rollupCellsOf,
} from './rollup-cells.ts';

const ZONE = 'Asia/Kolkata';
const call = (overrides: Partial<RolledCall> = {}): RolledCall => ({
  ...placeCall(ZONE, Date.parse('2025-10-12T20:00:00Z')),
  direction: 'outbound',
  status: 'completed',
  duration: 95,
  customerId: 'C1',
  customerName: 'Asha',
  agentId: 'ravi',
  connected: true,
  lastEventMs: Date.parse('2025-10-12T20:02:00Z'),
  ...overrides,
});

describe('rollup cells', () => {
  it('buckets completed calls by talk time only', () => {
    assert.deepEqual(
      [0, 29.9, 30, 119, 120, 299, 300, 899, 900, 5000].map((d) => durationBucket('completed', d)),
      [0, 0, 1, 1, 2, 2, 3, 3, 4, 4],
    );
    assert.equal(durationBucket('missed', 10), -1);
  });

  it('counts calls first in every rollup, and talk time second wherever it is kept', () => {
    for (const rollup of Object.values(ROLLUPS)) {
      assert.equal(rollup.counts[0], 'calls', rollup.table);
      const talk = rollup.counts.indexOf('talk_ms');
      assert.ok(talk === -1 || talk === 1, rollup.table);
    }
  });

  it('places a call in the local hour and day of its start', () => {
    assert.deepEqual(placeCall(ZONE, Date.parse('2025-10-12T20:00:00Z')), {
      hourKey: Date.parse('2025-10-12T19:30:00Z'),
      dayKey: '2025-10-13',
    });
  });

  it('counts a call in every table once, and without a customer or agent in neither of theirs', () => {
    const tables = (cells: ReturnType<typeof rollupCellsOf>) => cells.map((cell) => cell.rollup.table).sort();
    assert.deepEqual(tables(rollupCellsOf(call(), ZONE, 1)), [
      'call_stats_agents_daily',
      'call_stats_customers',
      'call_stats_customers_daily',
      'call_stats_customers_monthly',
      'call_stats_daily',
      'call_stats_hourly',
      'call_stats_tenants',
      'call_stats_totals',
    ]);
    assert.deepEqual(tables(rollupCellsOf(call({ customerId: null, agentId: null }), ZONE, 1)), [
      'call_stats_daily',
      'call_stats_hourly',
      'call_stats_tenants',
      'call_stats_totals',
    ]);
  });

  it('writes nothing for a call moved to where it already was, but keeps a new name', () => {
    const changes = new RollupChanges(ZONE);
    changes.move(call({ customerName: null }), call({ customerName: 'Asha' }));
    const written = [...changes.cells()];
    assert.ok(written.every((cell) => cell.counts.every((count) => count === 0)));
    const customer = written.find((cell) => cell.rollup.table === 'call_stats_customers');
    assert.deepEqual(customer?.latest, ['Asha']);
    assert.deepEqual(written.map((cell) => cell.rollup.table).sort(), [
      'call_stats_customers',
      'call_stats_tenants',
    ]);
  });

  it('moves a call between cells: the cell it was added to and taken out of is not written', () => {
    const changes = new RollupChanges(ZONE);
    changes.add(call({ status: 'ringing', duration: 0, connected: false }), 1);
    changes.move(call({ status: 'ringing', duration: 0, connected: false }), call());
    const totals = [...changes.cells()].filter((cell) => cell.rollup.table === 'call_stats_totals');
    assert.deepEqual(
      totals.map((cell) => [cell.key.join('/'), cell.counts[0]]),
      [['outbound/completed', 1]],
    );
  });
});
