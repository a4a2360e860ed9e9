import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ErrorBody, HealthResponse } from '@call-ribbon/contract';
import { createApp } from './app.ts';
import { readConfig } from './config.ts';
import { seedDemoTenant } from './demo.ts';
import { sqliteEngine } from './engines/sqlite/index.ts';
import { migrations } from './engines/sqlite/migrations/index.ts';
import { openDatabase } from './engines/sqlite/open.ts';
import { startServer } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-app-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('GET /health', () => {
  it('reports the version, uptime from the injected clock and the database', async () => {
    let now = new Date('2025-10-12T09:00:00Z');
    const app = createApp({ engine: sqliteEngine(openDatabase(':memory:')), clock: () => now });
    now = new Date('2025-10-12T09:01:30Z');
    const response = await app.request('/health');
    assert.equal(response.status, 200);
    const body = HealthResponse.parse(await response.json());
    assert.equal(body.uptimeSeconds, 90);
    assert.match(body.version, /^\d+\.\d+\.\d+/);
  });

  it('answers 503 with the error body when the database is gone', async () => {
    const db = openDatabase(':memory:');
    const app = createApp({ engine: sqliteEngine(db) });
    db.close();
    const response = await app.request('/health');
    assert.equal(response.status, 503);
    assert.deepEqual(ErrorBody.parse(await response.json()).code, 503);
  });
});

describe('errors', () => {
  it('an unknown path is a 404 with the error body', async () => {
    const app = createApp({ engine: sqliteEngine(openDatabase(':memory:')) });
    const response = await app.request('/api/nowhere');
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), {
      error: true,
      message: 'Not found: GET /api/nowhere',
      code: 404,
    });
  });
});

describe('database file', () => {
  it('is created with WAL and the latest schema version, and reopens without migrating twice', async () => {
    const path = join(dir, 'nested', 'schema.sqlite');
    const db = openDatabase(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    await sqliteEngine(db).stores.tenants.create(
      { name: 'Acme', apiKey: 'acme-key' },
      new Date('2025-01-01T00:00:00Z'),
    );
    db.close();

    const reopened = openDatabase(path);
    assert.equal((await sqliteEngine(reopened).stores.tenants.byApiKey('acme-key'))?.name, 'Acme');
    reopened.close();
  });

  it('refuses a database written by a newer server', () => {
    const path = join(dir, 'newer.sqlite');
    const db = openDatabase(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    assert.throws(() => openDatabase(path), /newer than this server knows/);
  });

  it('stores only a hash of the API key', async () => {
    const db = openDatabase(':memory:');
    const { tenants } = sqliteEngine(db).stores;
    const { apiKey } = await tenants.create({ name: 'Acme' }, new Date());
    const row = db.prepare('SELECT api_key_hash FROM tenants').get() as { api_key_hash: string };
    assert.notEqual(row.api_key_hash, apiKey);
    assert.equal(row.api_key_hash.length, 64);
    assert.equal((await tenants.byApiKey(apiKey))?.name, 'Acme');
    assert.equal(await tenants.byApiKey(`${apiKey}x`), undefined);
  });
});

describe('demo tenant', () => {
  it('is seeded into an empty database only', async () => {
    const { stores } = sqliteEngine(openDatabase(':memory:'));
    assert.equal(await seedDemoTenant(stores, { apiKey: 'demo-api-key', now: new Date() }), true);
    assert.equal(await seedDemoTenant(stores, { apiKey: 'demo-api-key', now: new Date() }), false);
    assert.equal((await stores.tenants.list()).length, 1);
    assert.equal((await stores.tenants.byApiKey('demo-api-key'))?.id, 'demo');
  });
});

describe('configuration', () => {
  it('has the documented defaults', () => {
    assert.deepEqual(readConfig({}), {
      port: 8787,
      host: '127.0.0.1',
      databasePath: './data/call-ribbon.sqlite',
      databaseUrl: undefined,
      databaseSync: 'full',
      adminToken: undefined,
      demoApiKey: 'demo-api-key',
      seedDemo: true,
      publicUrl: undefined,
      exotelApiUrl: undefined,
      secretsKey: undefined,
      staleCallSeconds: 7200,
      reconcileAfterSeconds: 600,
      maxExportsPerTenant: 2,
      streamTokenSecret: undefined,
      streamMaxSeconds: 3600,
      streamMaxPerKey: 50,
    });
  });

  it('never seeds the demo tenant in production, and refuses to be told to', () => {
    assert.equal(readConfig({ NODE_ENV: 'production' }).seedDemo, false);
    assert.equal(readConfig({ NODE_ENV: 'production', SEED_DEMO: '0' }).seedDemo, false);
    assert.throws(
      () => readConfig({ NODE_ENV: 'production', SEED_DEMO: '1' }),
      /SEED_DEMO=1 with NODE_ENV=production/,
    );
    assert.equal(readConfig({ NODE_ENV: 'development' }).seedDemo, true);
  });

  it('rejects a bad PORT or SEED_DEMO with a message naming it', () => {
    assert.throws(() => readConfig({ PORT: 'eighty' }), /PORT must be a port number/);
    assert.throws(() => readConfig({ SEED_DEMO: 'yes' }), /SEED_DEMO must be 1 or 0/);
    assert.throws(() => readConfig({ PUBLIC_URL: 'calls.example.com' }), /PUBLIC_URL must be an http/);
    assert.throws(() => readConfig({ EXOTEL_RECONCILE_AFTER_SECONDS: '5' }), /at least 60/);
  });
});

describe('startServer', () => {
  it('serves /health over real HTTP on a SQLite file', async () => {
    const server = await startServer({
      ...readConfig({}),
      port: 0,
      databasePath: join(dir, 'served.sqlite'),
    });
    try {
      const response = await fetch(`${server.url}/health`);
      assert.equal(response.status, 200);
      assert.equal(HealthResponse.parse(await response.json()).database, 'ok');
    } finally {
      await server.close();
    }
  });
});
