import { type App, createApp } from '../app.ts';
import { sqliteEngine } from '../engines/sqlite/index.ts';
import { type Db, openDatabase } from '../engines/sqlite/open.ts';
import type { Stores, Tenant } from '../stores/index.ts';

export const ACME_KEY = 'acme-test-key';
export const GLOBEX_KEY = 'globex-test-key';
export const ADMIN_TOKEN = 'admin-test-token';

/**
 * An app on a fresh in-memory database with two tenants, Acme (browser origin
 * https://crm.acme.example) and Globex (no browser origin), and a clock the test moves.
 */
export interface TwoTenants {
  app: App;
  /** The SQLite database underneath, for tests that look at what was stored. */
  db: Db;
  stores: Stores;
  acme: Tenant;
  globex: Tenant;
  setNow(iso: string): void;
}

export const twoTenantApp = async (
  options: {
    now?: string;
    adminToken?: string | undefined;
    maxBodyBytes?: number;
    seekAfterRows?: number;
  } = {},
): Promise<TwoTenants> => {
  const db = openDatabase(':memory:');
  let now = new Date(options.now ?? '2025-10-12T09:00:00Z');
  const engine = sqliteEngine(db, { seekAfterRows: options.seekAfterRows });
  const { stores } = engine;
  const app = createApp({
    engine,
    clock: () => now,
    adminToken: 'adminToken' in options ? options.adminToken : ADMIN_TOKEN,
    ...(options.maxBodyBytes !== undefined && { maxBodyBytes: options.maxBodyBytes }),
  });
  const { tenant: acme } = await stores.tenants.create(
    { id: 'acme', name: 'Acme', apiKey: ACME_KEY, allowedOrigins: ['https://crm.acme.example'] },
    now,
  );
  const { tenant: globex } = await stores.tenants.create(
    { id: 'globex', name: 'Globex', apiKey: GLOBEX_KEY },
    now,
  );
  return {
    app,
    db,
    stores,
    acme,
    globex,
    setNow(iso: string) {
      now = new Date(iso);
    },
  };
};

export interface CallOptions {
  method?: string;
  key?: string;
  admin?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely, then check them.
  json: any;
  text: string;
}

/** One request through `app.request()`; JSON bodies are parsed, others returned as text. */
export const call = async (
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  options: CallOptions = {},
): Promise<CallResult> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['X-API-Key'] = options.key;
  if (options.admin !== undefined) headers.Authorization = `Bearer ${options.admin}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await app.request(path, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    ...(body !== undefined && { body }),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
  const json: unknown = isJson && text !== '' ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, json, text };
};
