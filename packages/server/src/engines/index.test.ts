import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from '../config.ts';
import { freshPostgresUrl, postgresSkipReason } from '../test-support/postgres.ts';
import { databaseLabel, openEngine } from './index.ts';

const SECRET = 'x'.repeat(40);

describe('engine by configuration', () => {
  it('rejects a DATABASE_URL that does not name a PostgreSQL server, without echoing it', () => {
    for (const value of ['mysql://u:hunter2@db/x', 'not a url hunter2', 'postgres:///only-a-path']) {
      assert.throws(
        () => readConfig({ DATABASE_URL: value, STREAM_TOKEN_SECRET: SECRET }),
        (error: unknown) =>
          error instanceof ConfigError &&
          /DATABASE_URL must be a PostgreSQL address/.test(error.message) &&
          !error.message.includes('hunter2'),
      );
    }
  });

  it('keeps the SQLite file without DATABASE_URL, and names a PostgreSQL database without its password', () => {
    assert.equal(readConfig({}).databaseUrl, undefined);
    const config = readConfig({
      DATABASE_URL: 'postgresql://app:s3cret@db.internal:5432/calls',
      STREAM_TOKEN_SECRET: SECRET,
    });
    assert.equal(config.databaseUrl, 'postgresql://app:s3cret@db.internal:5432/calls');
    assert.equal(databaseLabel(config), 'postgresql://app@db.internal:5432/calls');
    assert.equal(databaseLabel(readConfig({ DATABASE_PATH: ':memory:' })), ':memory:');
  });

  it('opens SQLite without DATABASE_URL', async () => {
    const engine = await openEngine(readConfig({ DATABASE_PATH: ':memory:' }));
    assert.equal(engine.name, 'sqlite');
    await engine.close();
  });

  it('opens PostgreSQL with DATABASE_URL, ready to serve', { skip: postgresSkipReason }, async () => {
    const url = await freshPostgresUrl();
    const engine = await openEngine(readConfig({ DATABASE_URL: url, STREAM_TOKEN_SECRET: SECRET }));
    try {
      assert.equal(engine.name, 'postgres');
      assert.equal(await engine.healthy(), true);
      const { tenant } = await engine.stores.tenants.create({ name: 'Acme', apiKey: 'acme-key' }, new Date());
      assert.equal((await engine.stores.tenants.byApiKey('acme-key'))?.id, tenant.id);
    } finally {
      await engine.close();
    }
  });
});
