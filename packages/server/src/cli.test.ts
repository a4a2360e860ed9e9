import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sqliteEngine } from './engines/sqlite/index.ts';
import { openDatabase } from './engines/sqlite/open.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let databases = 0;
const freshDatabase = () => join(dir, `cli-${++databases}.sqlite`);

const run = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

const readTenants = async (path: string) => {
  const db = openDatabase(path);
  try {
    return await sqliteEngine(db).stores.tenants.list();
  } finally {
    db.close();
  }
};

describe('call-ribbon-server --help', () => {
  it('lists the commands, and each command explains its options', async () => {
    const main = await run(['--help']);
    assert.equal(main.code, 0);
    for (const command of ['start', 'create-client', 'seed-demo'])
      assert.match(main.stdout, new RegExp(command));
    const create = await run(['create-client', '--help']);
    assert.equal(create.code, 0);
    for (const option of ['--name', '--timezone', '--limit', '--origin'])
      assert.match(create.stdout, new RegExp(option));
    const seed = await run(['seed-demo', '-h']);
    assert.equal(seed.code, 0);
    assert.match(seed.stdout, /DEMO_API_KEY/);
    assert.match((await run(['start', '--help'])).stdout, /foreground/);
  });

  it('exits 2 naming an unknown command or option', async () => {
    const unknown = await run(['launch']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "launch"/);
    const option = await run(['create-client', '--name', 'X', '--colour', 'red']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /colour/);
  });
});

describe('call-ribbon-server create-client', () => {
  it('creates the client in DATABASE_PATH and prints its id and working key once', async () => {
    const path = freshDatabase();
    const result = await run(
      [
        'create-client',
        '--name',
        'Acme CRM',
        '--timezone',
        'Europe/London',
        '--limit',
        '250',
        '--origin',
        'https://crm.acme.example/',
        '--origin',
        'http://localhost:5173',
      ],
      { DATABASE_PATH: path },
    );
    assert.equal(result.code, 0, result.stderr);
    const id = /id:\s+(\S+)/.exec(result.stdout)?.[1];
    const apiKey = /api key:\s+(\S+)/.exec(result.stdout)?.[1];
    assert.ok(id && apiKey, result.stdout);
    const db = openDatabase(path);
    try {
      const tenant = await sqliteEngine(db).stores.tenants.byApiKey(apiKey);
      assert.equal(tenant?.id, id);
      assert.equal(tenant?.name, 'Acme CRM');
      assert.equal(tenant?.timezone, 'Europe/London');
      assert.equal(tenant?.monthlyCallLimit, 250);
      assert.deepEqual(tenant?.allowedOrigins, ['https://crm.acme.example', 'http://localhost:5173']);
    } finally {
      db.close();
    }
  });

  it('exits 2 with the reason for a missing name or bad values, creating nothing', async () => {
    const path = freshDatabase();
    const noName = await run(['create-client'], { DATABASE_PATH: path });
    assert.equal(noName.code, 2);
    assert.match(noName.stderr, /--name is required/);
    const bad = await run(['create-client', '--name', 'X', '--limit', 'lots', '--timezone', 'Mars/Base'], {
      DATABASE_PATH: path,
    });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /monthlyCallLimit/);
    assert.match(bad.stderr, /timezone/);
    const origin = await run(['create-client', '--name', 'X', '--origin', 'not a url'], {
      DATABASE_PATH: path,
    });
    assert.equal(origin.code, 2);
    assert.match(origin.stderr, /allowedOrigins/);
    assert.deepEqual(await readTenants(path), []);
  });
});

describe('call-ribbon-server seed-demo', () => {
  it('seeds the demo tenant into an empty database, and says so when it is not empty', async () => {
    const path = freshDatabase();
    const first = await run(['seed-demo'], { DATABASE_PATH: path, DEMO_API_KEY: 'cli-demo-key' });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Seeded the demo tenant/);
    const db = openDatabase(path);
    try {
      assert.equal((await sqliteEngine(db).stores.tenants.byApiKey('cli-demo-key'))?.id, 'demo');
      const customers = db.prepare("SELECT count(*) AS n FROM customers WHERE tenant_id = 'demo'").get() as {
        n: number;
      };
      assert.equal(customers.n, 40);
    } finally {
      db.close();
    }
    const second = await run(['seed-demo'], { DATABASE_PATH: path });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /already has clients: nothing seeded/);
    assert.equal((await readTenants(path)).length, 1);
  });
});

/** Starts the CLI's server and resolves with its URL and banner once it listens. */
const startCli = (env: Record<string, string>) => {
  const child = spawn(process.execPath, [CLI], {
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const listening = new Promise<{ url: string; banner: string }>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      if (url && /database: .+\n/.test(output)) resolve({ url, banner: output });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${output}`)));
  });
  const stop = async (): Promise<number | null> => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  };
  return { listening, stop };
};

describe('call-ribbon-server start', () => {
  it('serves until SIGTERM, then exits 0', async () => {
    const server = startCli({ DATABASE_PATH: freshDatabase(), SEED_DEMO: '0' });
    const { url } = await server.listening;
    const health = await fetch(`${url}/health`);
    assert.equal(health.status, 200);
    assert.equal(await server.stop(), 0);
  });

  it('seeds the demo tenant by default in development, and prints its default key', async () => {
    const path = freshDatabase();
    const env: Record<string, string> = { DATABASE_PATH: path, SEED_DEMO: '', DEMO_API_KEY: '' };
    const server = startCli({ ...env, NODE_ENV: 'development' });
    const { banner } = await server.listening;
    assert.equal(await server.stop(), 0);
    assert.match(banner, /demo key demo-api-key/);
    assert.deepEqual(
      (await readTenants(path)).map((tenant) => tenant.id),
      ['demo'],
    );
  });

  it('never creates the demo tenant with NODE_ENV=production, nor mentions it', async () => {
    const path = freshDatabase();
    const server = startCli({ DATABASE_PATH: path, SEED_DEMO: '', NODE_ENV: 'production' });
    const { banner } = await server.listening;
    assert.equal(await server.stop(), 0);
    assert.doesNotMatch(banner, /demo/);
    assert.deepEqual(await readTenants(path), []);
  });

  it('refuses SEED_DEMO=1 with NODE_ENV=production, creating nothing', async () => {
    const path = freshDatabase();
    const refused = await run(['start'], {
      DATABASE_PATH: path,
      SEED_DEMO: '1',
      NODE_ENV: 'production',
      PORT: '0',
    });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /SEED_DEMO=1 with NODE_ENV=production/);
    assert.deepEqual(await readTenants(path), []);
  });

  it('never prints a demo key that was configured', async () => {
    const server = startCli({
      DATABASE_PATH: freshDatabase(),
      SEED_DEMO: '1',
      NODE_ENV: 'development',
      DEMO_API_KEY: 'k-configured-7c1d9e',
    });
    const { banner } = await server.listening;
    assert.equal(await server.stop(), 0);
    assert.doesNotMatch(banner, /k-configured-7c1d9e/);
    assert.match(banner, /the key in DEMO_API_KEY/);
  });
});
