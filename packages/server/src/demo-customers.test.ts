import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from './app.ts';
import { seedDemoTenant } from './demo.ts';
import { demoCustomers } from './demo-customers.ts';
import { sqliteEngine } from './engines/sqlite/index.ts';
import { openDatabase } from './engines/sqlite/open.ts';
import { normalizePhone } from './phone.ts';
import { call } from './test-support/tenants.ts';

describe('demo customers', () => {
  it('are CUST001..CUST040 with distinct Indian mobile numbers already in E.164', () => {
    assert.deepEqual(
      demoCustomers.map((customer) => customer.customerId),
      Array.from({ length: 40 }, (_, i) => `CUST${String(i + 1).padStart(3, '0')}`),
    );
    for (const customer of demoCustomers) {
      assert.match(customer.phone, /^\+91[6-9]\d{9}$/, customer.customerId);
      assert.equal(normalizePhone(customer.phone), customer.phone);
      assert.match(customer.email, /^[a-z]+\.[a-z]+@[a-z]+\.in$/);
    }
    assert.equal(new Set(demoCustomers.map((customer) => customer.phone)).size, 40);
  });

  it('are seeded with the demo tenant, and the demo calls name them', async () => {
    const db = openDatabase(':memory:');
    const now = new Date('2025-10-20T09:00:00Z');
    const engine = sqliteEngine(db);
    await seedDemoTenant(engine.stores, { apiKey: 'demo-api-key', now });
    const app = createApp({ engine, clock: () => now });
    const first = await call(app, '/api/ribbon/customer/CUST001', { key: 'demo-api-key' });
    assert.equal(first.status, 200);
    assert.equal(first.json.customer.name, demoCustomers[0]?.name);
    assert.ok(first.json.totalCalls > 0, 'CUST001 has demo calls');
    const screenPop = await call(app, `/api/ribbon/customers?phone=0${demoCustomers[4]?.phone.slice(3)}`, {
      key: 'demo-api-key',
    });
    assert.deepEqual(
      screenPop.json.customers.map((customer: { customerId: string }) => customer.customerId),
      ['CUST005'],
    );
    const named = db
      .prepare("SELECT DISTINCT customer_id FROM calls WHERE tenant_id = 'demo' AND customer_id IS NOT NULL")
      .pluck()
      .all() as string[];
    const known = new Set(demoCustomers.map((customer) => customer.customerId));
    assert.ok(named.length > 10);
    assert.deepEqual(
      named.filter((id) => !known.has(id)),
      [],
    );
  });
});
