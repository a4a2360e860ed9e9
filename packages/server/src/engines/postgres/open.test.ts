import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshPostgresUrl, postgresSkipReason } from '../../test-support/postgres.ts';
import { openPostgresEngine } from './index.ts';
import { migrations } from './migrations/index.ts';
import { migrate } from './open.ts';
import { createPool } from './pool.ts';

describe('PostgreSQL engine: opening', { skip: postgresSkipReason }, () => {
  it('migrates an empty database once, even when two instances start at the same moment', async () => {
    const url = await freshPostgresUrl();
    const [first, second] = await Promise.all([openPostgresEngine(url), openPostgresEngine(url)]);
    try {
      const { rows } = await first.pool.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      assert.deepEqual(
        rows.map((row) => row.version),
        migrations.map((_, index) => index + 1),
      );
      assert.equal(await second.healthy(), true);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('refuses a database migrated by a newer server', async () => {
    const url = await freshPostgresUrl();
    const pool = createPool(url);
    try {
      await migrate(pool);
      await pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migrations.length + 1]);
      await assert.rejects(openPostgresEngine(url), /newer than this server knows/);
    } finally {
      await pool.end();
    }
  });

  it('returns BIGINT counts and sums as numbers', async () => {
    const pool = createPool(await freshPostgresUrl());
    try {
      const { rows } = await pool.query(
        'SELECT count(*) AS n, sum(x) AS total FROM (VALUES (2::bigint), (3)) AS t(x)',
      );
      assert.deepEqual(rows[0], { n: 2, total: 5 });
    } finally {
      await pool.end();
    }
  });
});
