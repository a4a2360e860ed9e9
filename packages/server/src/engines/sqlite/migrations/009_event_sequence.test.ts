import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { callEventStore } from '../call-events.ts';
import { sqliteTenantStore as tenantStore } from '../index.ts';
import { migrate } from '../open.ts';
import { migrations } from './index.ts';

/** A database as version 8 left it, with the events of two tenants stored the old way. */
const databaseBefore009 = () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  for (const [index, migration] of migrations.slice(0, 8).entries()) {
    db.exec(migration.up);
    db.pragma(`user_version = ${index + 1}`);
  }
  const insertTenant = db.prepare(
    `INSERT INTO tenants (id, name, api_key_hash, timezone, monthly_call_limit, allowed_origins, widget, created_at)
     VALUES (?, ?, ?, 'Asia/Kolkata', 100, '[]', '{}', '2025-10-01T00:00:00.000Z')`,
  );
  insertTenant.run('t1', 'One', 'hash-1');
  insertTenant.run('t2', 'Two', 'hash-2');
  const insertEvent = db.prepare(
    `INSERT INTO call_events (tenant_id, event_id, call_id, event, ts_ms, received_ms, payload) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const stored = [
    ['t1', 'e2', 'c1', 'connected', 2000, 20],
    ['t2', 'f1', 'd1', 'dialing', 1500, 15],
    ['t1', 'e1', 'c1', 'dialing', 1000, 10],
  ] as const;
  for (const [tenant, eventId, callId, event, ts, received] of stored) {
    const payload = {
      eventId,
      event,
      callId,
      timestamp: new Date(ts).toISOString(),
      direction: 'outbound',
      phoneNumber: '+919876543210',
    };
    insertEvent.run(tenant, eventId, callId, event, ts, received, JSON.stringify(payload));
  }
  return db;
};

describe('migration 009: call event sequence numbers', () => {
  it('numbers the stored events in the order they were received, keeping every one', async () => {
    const db = databaseBefore009();
    migrate(db);
    assert.equal(db.pragma('user_version', { simple: true }), migrations.length);
    const rows = db.prepare('SELECT seq, tenant_id, event_id FROM call_events ORDER BY seq').all();
    assert.deepEqual(rows, [
      { seq: 1, tenant_id: 't1', event_id: 'e1' },
      { seq: 2, tenant_id: 't2', event_id: 'f1' },
      { seq: 3, tenant_id: 't1', event_id: 'e2' },
    ]);

    const events = callEventStore(db);
    assert.deepEqual(
      (await events.after('t1', 0, 10)).map((stored) => [stored.seq, stored.event.eventId]),
      [
        [1, 'e1'],
        [3, 'e2'],
      ],
    );
    assert.equal(await events.lastSeq('t2'), 2);
    assert.equal(await events.lastSeq('nobody'), 0);
    assert.equal((await tenantStore(db).get('t1'))?.keyVersion, 0);
  });

  it('gives new events higher numbers, still once per (tenant, eventId)', async () => {
    const db = databaseBefore009();
    migrate(db);
    const events = callEventStore(db);
    const event = {
      eventId: 'e3',
      event: 'callEnded' as const,
      callId: 'c1',
      timestamp: '1970-01-01T00:00:03.000Z',
      direction: 'outbound' as const,
      phoneNumber: '+919876543210',
    };
    const batch = { tenantId: 't1', events: [event, { ...event, eventId: 'e1' }], receivedAt: new Date(30) };
    assert.deepEqual(await events.append([batch]), [{ accepted: 1, duplicates: 1 }]);
    assert.deepEqual(
      (await events.after('t1', 1, 10)).map((stored) => [stored.seq, stored.event.eventId]),
      [
        [3, 'e2'],
        [4, 'e3'],
      ],
    );
    assert.deepEqual(
      (await events.after('t1', 0, 1)).map((stored) => stored.seq),
      [1],
    );
  });
});
