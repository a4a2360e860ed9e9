/**
 * Apps wired to the fake Exotel for the telephony tests: one or several instances on one
 * database (SQLite file, or PostgreSQL under `CALL_RIBBON_TEST_ENGINE=postgres`), a clock
 * the test moves, two tenants, and helpers that speak to the server as the admin, the
 * ribbon and Exotel do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallLogsResponse } from '@call-ribbon/contract';
import { type App, createApp } from '../app.ts';
import { openPostgresEngine } from '../engines/postgres/index.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { openDatabase } from '../engines/sqlite/open.ts';
import type { Engine } from '../stores/index.ts';
import { FakeExotel } from '../telephony/fake-exotel.ts';
import { freshPostgresUrl } from './postgres.ts';
import { testEngineName } from './tenants.ts';

export const EXOTEL_ACCOUNT = { accountSid: 'acme1', apiKey: 'exo-key-7f3a9c', apiToken: 'exo-token-5be21d' };
/** 32 bytes as 64 hex characters: tests only. */
export const TEST_SECRETS_KEY = '4f'.repeat(16) + '9a'.repeat(16);
export const TEST_PUBLIC_URL = 'https://calls.acme.example';

export interface ExotelAppOptions {
  rateLimitPerMinute?: number;
  monthlyCallLimit?: number;
  /** `null`: no PUBLIC_URL. */
  publicUrl?: string | null;
  /** `null`: no SECRETS_KEY. */
  secretsKey?: string | null;
  /** Server instances sharing the one database (default 1). */
  instances?: number;
  /** Keep SQLite in a file even for one instance (to read its bytes). */
  sqliteFile?: boolean;
}

/** `count` engines on one fresh database, and how to close them and remove what they left. */
const sharedEngines = async (
  count: number,
  sqliteFile: boolean,
): Promise<{ engines: Engine[]; path: string | undefined; close(): Promise<void> }> => {
  if (testEngineName === 'postgres') {
    const url = await freshPostgresUrl();
    const engines = await Promise.all(
      Array.from({ length: count }, async () => {
        const engine = await openPostgresEngine(url, { max: 4 });
        (engine.pool.options as { allowExitOnIdle?: boolean }).allowExitOnIdle = true;
        return engine;
      }),
    );
    return {
      engines,
      path: undefined,
      close: async () => void (await Promise.all(engines.map((e) => e.close()))),
    };
  }
  if (count === 1 && !sqliteFile) {
    const engine = sqliteEngine(openDatabase(':memory:'));
    return { engines: [engine], path: undefined, close: () => engine.close() };
  }
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-exotel-'));
  const path = join(dir, 'shared.sqlite');
  const engines = Array.from({ length: count }, () => sqliteEngine(openDatabase(path)));
  return {
    engines,
    path,
    close: async () => {
      await Promise.all(engines.map((engine) => engine.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

export const exotelApp = async (options: ExotelAppOptions = {}) => {
  let now = new Date('2025-10-13T05:00:00Z');
  const clock = () => now;
  const database = await sharedEngines(options.instances ?? 1, options.sqliteFile ?? false);
  let apps: App[] = [];
  const fake = new FakeExotel({
    account: EXOTEL_ACCOUNT,
    clock,
    rateLimitPerMinute: options.rateLimitPerMinute,
    // Exotel reaches the first instance; the request's path carries the secret.
    deliver: async (url, init) => apps[0]!.request(url, init),
  });
  apps = database.engines.map((engine) =>
    createApp({
      engine,
      clock,
      adminToken: 'admin-secret',
      publicUrl: options.publicUrl === null ? undefined : (options.publicUrl ?? TEST_PUBLIC_URL),
      secretsKey: options.secretsKey === null ? undefined : (options.secretsKey ?? TEST_SECRETS_KEY),
      exotel: {
        baseUrl: 'http://fake.exotel',
        fetch: async (input, init) => fake.app.request(String(input), init),
      },
    }),
  );
  const app = apps[0]!;
  const { stores } = app.deps;
  const { tenant } = await stores.tenants.create(
    { name: 'Acme Collections', apiKey: 'tenant-key', monthlyCallLimit: options.monthlyCallLimit },
    now,
  );
  const { tenant: other } = await stores.tenants.create({ name: 'Other', apiKey: 'other-key' }, now);
  const adminHeaders = { authorization: 'Bearer admin-secret', 'content-type': 'application/json' };
  const configure = (tenantId: string, overrides: Record<string, unknown> = {}) =>
    app.request(`/api/admin/clients/${tenantId}/telephony`, {
      method: 'PUT',
      headers: adminHeaders,
      body: JSON.stringify({
        accountSid: EXOTEL_ACCOUNT.accountSid,
        apiKey: EXOTEL_ACCOUNT.apiKey,
        apiToken: EXOTEL_ACCOUNT.apiToken,
        callerId: '08047112233',
        agents: { 'agent-priya': { phone: '+919812345678' } },
        record: true,
        ...overrides,
      }),
    });
  const admin = (path: string, method = 'POST') =>
    app.request(`/api/admin${path}`, { method, headers: { authorization: 'Bearer admin-secret' } });
  const dial = (
    body: Record<string, unknown>,
    options: { key?: string; instance?: number; headers?: Record<string, string>; url?: string } = {},
  ) =>
    apps[options.instance ?? 0]!.request(options.url ?? '/api/ribbon/calls', {
      method: 'POST',
      headers: {
        'x-api-key': options.key ?? 'tenant-key',
        'content-type': 'application/json',
        ...options.headers,
      },
      body: JSON.stringify(body),
    });
  const callLog = async (key = 'tenant-key') =>
    CallLogsResponse.parse(
      await (await app.request('/api/ribbon/call-logs', { headers: { 'x-api-key': key } })).json(),
    );
  return {
    app,
    apps,
    fake,
    tenant,
    other,
    configure,
    admin,
    dial,
    callLog,
    /** The SQLite file, when the database is one. */
    databasePath: database.path,
    close: database.close,
    advance: (seconds: number) => {
      now = new Date(now.getTime() + seconds * 1000);
    },
  };
};
