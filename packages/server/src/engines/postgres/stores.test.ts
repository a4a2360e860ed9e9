import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createApp } from '../../app.ts';
import { seedDemoTenant } from '../../demo.ts';
import type { Engine } from '../../stores/index.ts';
import { resourceStoresContract } from '../../stores/resources.contract-test.ts';
import { freshPostgresUrl, postgresSkipReason } from '../../test-support/postgres.ts';
import { sqliteEngine } from '../sqlite/index.ts';
import { openDatabase } from '../sqlite/open.ts';
import { openPostgresEngine } from './index.ts';
import type { Pool } from './pool.ts';

describe('PostgreSQL resource stores', { skip: postgresSkipReason }, () => {
  const engines: Engine[] = [];
  after(() => Promise.all(engines.map((engine) => engine.close())));
  const open = async () => {
    const engine: Engine & { pool: Pool } = await openPostgresEngine(await freshPostgresUrl(), { max: 4 });
    engines.push(engine);
    return engine;
  };

  resourceStoresContract('PostgreSQL', async () => (await open()).stores);

  it('reads the instants and dates of CRM records as SQLite does, any year, any fraction', async () => {
    const { pool } = await open();
    const sqlite = openDatabase(':memory:');
    const instants = [
      '2025-10-01T10:00:00Z',
      '2025-10-01T10:00:00+05:30',
      '2025-10-01T10:00:00-03:00',
      '2025-10-01T10:00:00.1234Z',
      '2025-10-01T10:00:00.9996Z',
      '2024-02-29T23:59:59.999+14:00',
      '1969-12-31T23:59:59.5Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
    ];
    for (const instant of instants) {
      const { rows } = await pool.query<{ ms: number }>('SELECT crm_epoch_ms($1) AS ms', [instant]);
      const expected = sqlite
        .prepare("SELECT CAST(round(unixepoch(?, 'subsec') * 1000) AS INTEGER)")
        .pluck()
        .get(instant);
      assert.equal(rows[0]?.ms, expected, instant);
    }
    for (const day of [
      '2025-10-01',
      '2024-02-29',
      '1970-01-01',
      '1600-02-29',
      '0000-01-01',
      '0000-03-01',
      '9999-12-31',
    ]) {
      const { rows } = await pool.query<{ n: number }>('SELECT crm_day_number($1) AS n', [day]);
      assert.equal(rows[0]?.n, sqlite.prepare('SELECT CAST(julianday(?) AS INTEGER)').pluck().get(day), day);
    }
    sqlite.close();
  });

  it('keeps an invoice balance exact while its payments arrive at the same moment', async () => {
    const { stores } = await open();
    const now = new Date('2025-10-20T12:00:00Z');
    await stores.tenants.create({ id: 'a', name: 'A' }, now);
    await stores.crm.upsert(
      'a',
      'invoices',
      [
        {
          id: 'INV-1',
          invoiceNo: 'INV-1',
          customer: 'Kumar Traders',
          invoiceDate: '2025-10-01',
          dueDate: '2025-10-15',
          amount: 1180,
          taxableValue: 1000,
          placeOfSupply: 'Maharashtra',
          productLine: 'Voice',
        },
      ],
      now,
    );
    await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        stores.crm.upsert(
          'a',
          'payments',
          [{ id: `PAY-${n}`, invoiceId: 'INV-1', amount: 50, paidAt: `2025-10-${10 + n}` }],
          now,
        ),
      ),
    );
    const [invoice] = await stores.dashboards.invoicesBetween(
      'a',
      '2025-10-01',
      '2025-11-01',
      '2025-10-20',
      10,
    );
    assert.equal(invoice?.paid, 600);
    assert.equal(invoice?.outstanding, 580);
    assert.deepEqual(await stores.dashboards.paymentsBetween('a', '2025-10-01', '2025-11-01'), [
      { amount: 600, productLine: 'Voice', createdBy: null },
    ]);
  });

  it('computes the five dashboards of the demo data exactly as SQLite does', async () => {
    const now = new Date('2025-10-15T08:30:00Z');
    const postgres = await open();
    const sqlite = sqliteEngine(openDatabase(':memory:'));
    const bodies = async (engine: Engine) => {
      await seedDemoTenant(engine.stores, { apiKey: 'demo-key', now });
      const app = createApp({ engine, clock: () => now });
      const result: Record<string, unknown> = {};
      for (const name of ['sales', 'leads', 'account-management', 'support', 'billing']) {
        const response = await app.request(`/api/dashboards/${name}`, {
          headers: { 'X-API-Key': 'demo-key' },
        });
        assert.equal(response.status, 200);
        result[name] = await response.json();
      }
      return result;
    };
    try {
      assert.deepEqual(await bodies(postgres), await bodies(sqlite));
    } finally {
      await sqlite.close();
    }
  });
});
