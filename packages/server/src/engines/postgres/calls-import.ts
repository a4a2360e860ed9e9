import type { CallEvent } from '@call-ribbon/contract';
import { deriveCall } from '../../calls/derive.ts';
import { RollupChanges } from '../../calls/rollup-cells.ts';
import { isValidTimeZone } from '../../calls/time-zone.ts';
import { type CallRow, callRowOf, rolledCallOf } from '../sqlite/call-rollups.ts';
import type { ImportOptions } from '../sqlite/calls-import.ts';
import { callUpsert, lockTenants, writeRollups } from './call-rollups.ts';
import { bulkUpserts, inTransaction, type Pool } from './pool.ts';

export type { ImportOptions };

/**
 * Bulk loading of whole calls into a tenant that has none yet, for benchmarks and large
 * fixtures: the same `call_events`, `calls` and rollup cells `callEventStore(pool).append`
 * writes for the same events (calls-import.test.ts proves it), through the same cell
 * description, with a chunk of calls per transaction, each table written by one statement
 * per chunk, and rollup cells merged across chunks.
 */
export const importCalls = async (
  pool: Pool,
  tenantId: string,
  calls: Iterable<readonly CallEvent[]>,
  options: ImportOptions,
): Promise<number> => {
  const { rows: tenants } = await pool.query<{ timezone: string }>(
    'SELECT timezone FROM tenants WHERE id = $1',
    [tenantId],
  );
  if (tenants.length === 0) throw new Error(`importCalls: no tenant ${tenantId}`);
  const { rows: existing } = await pool.query<{ n: number }>(
    'SELECT count(*) AS n FROM (SELECT 1 FROM calls WHERE tenant_id = $1 LIMIT 1) AS any_call',
    [tenantId],
  );
  if (existing[0]!.n > 0) throw new Error(`importCalls: tenant ${tenantId} already has calls`);
  const timeZone = isValidTimeZone(tenants[0]!.timezone) ? tenants[0]!.timezone : 'Asia/Kolkata';

  const { rows: indexes } = options.rebuildIndexes
    ? await pool.query<{ name: string; definition: string }>(
        `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename IN ('calls', 'call_events')
           AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
      )
    : { rows: [] };
  for (const index of indexes) await pool.query(`DROP INDEX ${index.name}`);

  const changes = new RollupChanges(timeZone);
  const byTenant = new Map([[tenantId, changes]]);
  await inTransaction(pool, async (client) => {
    await lockTenants(client, [tenantId]);
    await client.query(
      `INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES ($1, $2, 0, NULL)
       ON CONFLICT (tenant_id) DO UPDATE SET timezone = excluded.timezone, calls = 0, last_activity_ms = NULL`,
      [tenantId, timeZone],
    );
  });

  const chunkSize = options.chunkSize ?? 20_000;
  const maxHeldCells = options.maxHeldCells ?? 300_000;
  const receivedMs = options.receivedAt.getTime();
  const iterator = calls[Symbol.iterator]();
  let callCount = 0;
  let done = false;
  while (!done) {
    const chunk: (readonly CallEvent[])[] = [];
    while (chunk.length < chunkSize) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      chunk.push(next.value);
    }
    if (chunk.length === 0) break;
    const columns: [string[], string[], string[], number[]] = [[], [], [], []];
    const payloads: CallEvent[] = [];
    for (const events of chunk) {
      for (const event of events) {
        columns[0].push(event.eventId);
        columns[1].push(event.callId);
        columns[2].push(event.event);
        columns[3].push(Date.parse(event.timestamp));
        payloads.push(event);
      }
    }
    await inTransaction(pool, async (client) => {
      await lockTenants(client, [tenantId]);
      const inserted = await client.query<{ event_id: string }>(
        `INSERT INTO call_events (tenant_id, event_id, call_id, event, ts_ms, received_ms, payload)
         SELECT $1, e.event_id, e.call_id, e.event, e.ts_ms, $2, p.payload::text
         FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[]) WITH ORDINALITY AS e(event_id, call_id, event, ts_ms, n)
         JOIN json_array_elements($7::json) WITH ORDINALITY AS p(payload, n) USING (n)
         ORDER BY n
         ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING event_id`,
        [tenantId, receivedMs, ...columns, JSON.stringify(payloads)],
      );
      const stored = new Set(inserted.rows.map((row) => row.event_id));
      const rows: Omit<CallRow, 'id'>[] = [];
      for (const events of chunk) {
        // As ingest: an event id already stored (or repeated) is a duplicate and does not count.
        const kept = events.filter((event) => stored.delete(event.eventId));
        if (kept.length === 0) continue;
        const row = callRowOf(tenantId, deriveCall(kept), timeZone);
        rows.push(row);
        changes.add(rolledCallOf({ ...row, id: 0 }), 1);
      }
      const write = bulkUpserts([callUpsert(rows)]);
      if (write) await client.query(write);
      callCount += rows.length;
      // Cells are merged across chunks and written once, unless holding them would cost too much memory.
      if (changes.size >= maxHeldCells) await writeRollups(client, byTenant);
    });
    options.onProgress?.(callCount);
  }
  for (const index of indexes) await pool.query(index.definition);
  await inTransaction(pool, async (client) => {
    await lockTenants(client, [tenantId]);
    await writeRollups(client, byTenant);
  });
  await pool.query('ANALYZE calls, call_events');
  return callCount;
};
