// The stores written once with Kysely (tenants, customers, sessions) against the hand-written
// statements they replaced, on SQLite (a file, WAL) and on PostgreSQL (a throwaway cluster, fsync off),
// in one process: the tenant lookup by API key that every request makes, and a customer
// saved then found by phone. Each pair runs in alternating rounds; the median round counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresEngine } from '../packages/server/src/engines/postgres/index.ts';
import { openPostgres } from '../packages/server/src/engines/postgres/open.ts';
import type { Pool } from '../packages/server/src/engines/postgres/pool.ts';
import { sqliteEngine } from '../packages/server/src/engines/sqlite/index.ts';
import { type Db, openDatabase } from '../packages/server/src/engines/sqlite/open.ts';
import { normalizePhone } from '../packages/server/src/phone.ts';
import type { Stores } from '../packages/server/src/stores/index.ts';
import { hashApiKey } from '../packages/server/src/stores/sql/tenants.ts';
import { DEFAULT_WIDGET } from '../packages/server/src/stores/tenants.ts';
import { createDatabase, startThrowawayPostgres } from '../packages/server/src/test-support/postgres.ts';
import type { Figure } from './figure.ts';

const KEY = 'bench-stores-key';
const TENANT = 'bench-stores';
const CUSTOMERS = 2_000;
const ROUNDS = 7;
const ROUND_MS = Number(process.env.BENCH_STORES_ROUND_MS ?? 300);
const NOW = new Date('2026-01-01T00:00:00Z');
const MAX_EXTRA_US = 30;

/** What one engine is measured on: the same two operations, through Kysely and by hand. */
interface Operations {
  byApiKey(): Promise<unknown>;
  saveAndFind(index: number): Promise<unknown>;
}

const phoneOf = (index: number) => `98${String(10_000_000 + (index % CUSTOMERS)).padStart(8, '0')}`;

/** Microseconds per call of `work`, run back to back for about `ms`. */
const microsPerCall = async (work: (index: number) => Promise<unknown>, ms: number): Promise<number> => {
  let calls = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let batch = 0; batch < 50; batch++) await work(calls++);
    elapsed = performance.now() - started;
  }
  return (elapsed * 1000) / calls;
};

const signed = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** Both implementations of one operation, in alternating rounds: [kysely, hand-written] µs. */
const pair = async (
  kysely: (index: number) => Promise<unknown>,
  byHand: (index: number) => Promise<unknown>,
): Promise<[number, number]> => {
  await microsPerCall(kysely, 100);
  await microsPerCall(byHand, 100);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(await microsPerCall(kysely, ROUND_MS));
    b.push(await microsPerCall(byHand, ROUND_MS));
  }
  return [median(a), median(b)];
};

const figures = async (engine: string, kysely: Operations, byHand: Operations): Promise<Figure[]> => {
  const [keyKysely, keyByHand] = await pair(kysely.byApiKey, byHand.byApiKey);
  const [saveKysely, saveByHand] = await pair(kysely.saveAndFind, byHand.saveAndFind);
  process.stdout.write(
    `  ${engine}: with Kysely, API key ${signed(keyKysely - keyByHand)} µs, customer save+find ${signed(saveKysely - saveByHand)} µs per call\n`,
  );
  return [
    {
      name: `stores: tenant by API key, ${engine}, Kysely`,
      value: keyKysely,
      unit: 'µs/call',
      baseline: { name: 'hand-written statement', value: keyByHand },
      target: `<= baseline + ${MAX_EXTRA_US} µs`,
    },
    {
      name: `stores: customer save + find by phone, ${engine}, Kysely`,
      value: saveKysely,
      unit: 'µs/call',
      baseline: { name: 'hand-written statements', value: saveByHand },
    },
  ];
};

const seed = async (stores: Stores): Promise<void> => {
  await stores.tenants.create(
    { id: TENANT, name: 'Bench', apiKey: KEY, allowedOrigins: ['https://crm.example'] },
    NOW,
  );
  for (let index = 0; index < CUSTOMERS; index++) {
    await stores.customers.save(
      TENANT,
      {
        customerId: `c${index}`,
        name: `Customer ${index}`,
        phone: phoneOf(index),
        customFields: { tier: 'gold' },
      },
      NOW,
      '+91',
    );
  }
};

const kyselyOperations = (stores: Stores): Operations => ({
  byApiKey: () => stores.tenants.byApiKey(KEY),
  async saveAndFind(index: number) {
    const phone = phoneOf(index);
    await stores.customers.save(
      TENANT,
      {
        customerId: `c${index % CUSTOMERS}`,
        name: `Customer ${index}`,
        phone,
        customFields: { tier: 'gold' },
      },
      NOW,
      '+91',
    );
    return stores.customers.findByPhone(TENANT, phone, '+91');
  },
});

// The SQLite statements the tenant and customer stores ran before Kysely (the baseline).
const sqliteByHand = (db: Db): Operations => {
  const byKeyHash = db.prepare<[string], Record<string, unknown>>(
    'SELECT * FROM tenants WHERE api_key_hash = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO customers (tenant_id, customer_id, name, email, phone, phone_e164, company, custom_fields, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
       name = excluded.name, email = excluded.email, phone = excluded.phone,
       phone_e164 = excluded.phone_e164, company = excluded.company,
       custom_fields = excluded.custom_fields, updated_at = excluded.updated_at`,
  );
  const byId = db.prepare<[string, string], Record<string, unknown>>(
    'SELECT * FROM customers WHERE tenant_id = ? AND customer_id = ?',
  );
  const byPhone = db.prepare<[string, string, number], Record<string, unknown>>(
    `SELECT * FROM customers WHERE tenant_id = ? AND phone_e164 = ?
     ORDER BY updated_at DESC, customer_id LIMIT ?`,
  );
  const toCustomer = (row: Record<string, unknown>) => ({
    ...row,
    customFields: JSON.parse(row.custom_fields as string) as Record<string, unknown>,
  });
  return {
    async byApiKey() {
      const row = byKeyHash.get(hashApiKey(KEY));
      return (
        row && {
          ...row,
          allowedOrigins: JSON.parse(row.allowed_origins as string) as string[],
          widget: { ...DEFAULT_WIDGET, ...(JSON.parse(row.widget as string) as object) },
        }
      );
    },
    async saveAndFind(index: number) {
      const phone = phoneOf(index);
      const at = NOW.toISOString();
      const id = `c${index % CUSTOMERS}`;
      upsert.run(
        TENANT,
        id,
        `Customer ${index}`,
        null,
        phone,
        normalizePhone(phone, '+91'),
        null,
        '{"tier":"gold"}',
        at,
        at,
      );
      toCustomer(byId.get(TENANT, id)!);
      return byPhone.all(TENANT, normalizePhone(phone, '+91')!, 50).map(toCustomer);
    },
  };
};

// The PostgreSQL queries the two stores ran before Kysely (the key lookup was a named statement).
const postgresByHand = (pool: Pool): Operations => ({
  async byApiKey() {
    const { rows } = await pool.query({
      name: 'bench-tenant-by-key',
      text: 'SELECT id, name, timezone, monthly_call_limit, allowed_origins, widget, created_at, key_version FROM tenants WHERE api_key_hash = $1',
      values: [hashApiKey(KEY)],
    });
    return rows[0];
  },
  async saveAndFind(index: number) {
    const phone = phoneOf(index);
    const columns =
      'customer_id, name, email, phone, phone_e164, company, custom_fields, created_at, updated_at';
    await pool.query(
      `INSERT INTO customers (tenant_id, customer_id, name, email, phone, phone_e164, company, custom_fields, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::json, $9, $9)
       ON CONFLICT (tenant_id, customer_id) DO UPDATE SET
         name = excluded.name, email = excluded.email, phone = excluded.phone,
         phone_e164 = excluded.phone_e164, company = excluded.company,
         custom_fields = excluded.custom_fields, updated_at = excluded.updated_at
       RETURNING ${columns}`,
      [
        TENANT,
        `c${index % CUSTOMERS}`,
        `Customer ${index}`,
        null,
        phone,
        normalizePhone(phone, '+91'),
        null,
        '{"tier":"gold"}',
        NOW.toISOString(),
      ],
    );
    const { rows } = await pool.query(
      `SELECT ${columns} FROM customers WHERE tenant_id = $1 AND phone_e164 = $2
       ORDER BY updated_at DESC, customer_id LIMIT $3`,
      [TENANT, normalizePhone(phone, '+91'), 50],
    );
    return rows;
  },
});

export const run = async (): Promise<Figure[]> => {
  const out: Figure[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'call-ribbon-bench-stores-'));
  // synchronous = NORMAL: the figures are the statements' own cost, not fsync's.
  const db = openDatabase(join(folder, 'stores.sqlite'), { synchronous: 'normal' });
  try {
    const engine = sqliteEngine(db);
    await seed(engine.stores);
    out.push(...(await figures('SQLite', kyselyOperations(engine.stores), sqliteByHand(db))));
  } finally {
    db.close();
    rmSync(folder, { recursive: true, force: true });
  }

  // Without fsync: the figures are the query's own cost, not the disk's.
  const cluster = await startThrowawayPostgres();
  try {
    const pool = await openPostgres(await createDatabase(cluster.url, 'bench_stores'));
    const engine = postgresEngine(pool);
    try {
      await seed(engine.stores);
      out.push(...(await figures('PostgreSQL', kyselyOperations(engine.stores), postgresByHand(pool))));
    } finally {
      await engine.close();
    }
  } finally {
    cluster.stop();
  }
  return out;
};
