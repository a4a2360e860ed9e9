import type { CallEvent, StoredCallEvent } from '@call-ribbon/contract';
import { deriveCall } from '../../calls/derive.ts';
import { RollupChanges } from '../../calls/rollup-cells.ts';
import type {
  CallEventStore,
  IngestBatch,
  IngestResult,
  SequencedCallEvent,
} from '../../stores/call-events.ts';
import { CALL_COLUMNS, type CallRow, callRowOf, rolledCallOf } from '../sqlite/call-rollups.ts';
import {
  callUpsert,
  lockQuery,
  rollupUpserts,
  settleZones,
  type ZoneRow,
  zonesQuery,
} from './call-rollups.ts';
import { bulkUpserts, type Pool, type PoolClient } from './pool.ts';

/** A touched call: its stored row (absent when new) and, for a stored call, all its events' JSON. */
interface TouchedCall extends Partial<CallRow> {
  key_tenant: string;
  key_call: string;
  payloads: string[] | null;
}

/** The stored rows of these calls and, only for calls stored before, all their events. */
const touchedQuery = (keys: readonly { tenantId: string; callId: string }[]) => ({
  name: 'call-events-touched',
  text: `SELECT k.tenant_id AS key_tenant, k.call_id AS key_call, c.*,
           CASE WHEN c.id IS NULL THEN NULL ELSE
             (SELECT array_agg(e.payload) FROM call_events e WHERE e.tenant_id = k.tenant_id AND e.call_id = k.call_id)
           END AS payloads
         FROM unnest($1::text[], $2::text[]) AS k(tenant_id, call_id)
         LEFT JOIN calls c ON c.tenant_id = k.tenant_id AND c.call_id = k.call_id`,
  values: [keys.map((key) => key.tenantId), keys.map((key) => key.callId)],
});

/**
 * Call events on PostgreSQL. `append` runs every batch in one transaction under the locks of
 * their tenants: stores each event once per (tenant, eventId) (`ON CONFLICT DO NOTHING`, so
 * the same event reaching two instances at once is stored once), re-derives each touched call
 * from all its events and moves it between rollup cells, each cell written once.
 *
 * `writer` (see `writerPool`) runs the appends: its connections pipeline, so a transaction costs two
 * round trips (lock, zones, insert and reads sent at once; then the writes and the commit),
 * which is also how long it holds its tenants' locks.
 */
export const callEventStore = (pool: Pool, writer: Pool): CallEventStore => {
  const appendAll = async (client: PoolClient, batches: readonly IngestBatch[]): Promise<IngestResult[]> => {
    const tenantIds = [...new Set(batches.map((batch) => batch.tenantId))];

    // An event id seen earlier in these batches is a duplicate, as one stored before.
    const seen = new Set<string>();
    const calls = new Map<string, { tenantId: string; callId: string; accepted: CallEvent[] }>();
    const candidates = batches.map(({ tenantId, events }) =>
      events.filter((event) => {
        const key = `${tenantId}\u0000${event.eventId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        const callKey = `${tenantId}\u0000${event.callId}`;
        if (!calls.has(callKey)) calls.set(callKey, { tenantId, callId: event.callId, accepted: [] });
        return true;
      }),
    );
    const columns: [string[], string[], string[], string[], number[], number[]] = [[], [], [], [], [], []];
    const payloads: CallEvent[] = [];
    batches.forEach(({ tenantId, receivedAt }, b) => {
      const receivedMs = receivedAt.getTime();
      for (const event of candidates[b]!) {
        columns[0].push(tenantId);
        columns[1].push(event.eventId);
        columns[2].push(event.callId);
        columns[3].push(event.event);
        columns[4].push(Date.parse(event.timestamp));
        columns[5].push(receivedMs);
        payloads.push(event);
      }
    });

    // Sent together on a pipelined connection; each runs after the one before, in this transaction.
    const keys = [...calls.values()];
    const [, zoneRows, inserted, firstRead] = await Promise.all([
      client.query(lockQuery(tenantIds)),
      client.query<ZoneRow>(zonesQuery(tenantIds)),
      client.query<{ tenant_id: string; event_id: string }>({
        name: 'call-events-insert',
        // The events' JSON goes as one array (no per-element escaping), each element stored as sent.
        text: `INSERT INTO call_events (tenant_id, event_id, call_id, event, ts_ms, received_ms, payload)
               SELECT e.tenant_id, e.event_id, e.call_id, e.event, e.ts_ms, e.received_ms, p.payload::text
               FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
                 WITH ORDINALITY AS e(tenant_id, event_id, call_id, event, ts_ms, received_ms, n)
               JOIN json_array_elements($7::json) WITH ORDINALITY AS p(payload, n) USING (n)
               ORDER BY n
               ON CONFLICT (tenant_id, event_id) DO NOTHING RETURNING tenant_id, event_id`,
        values: [...columns, JSON.stringify(payloads)],
      }),
      client.query<TouchedCall>(touchedQuery(keys)),
    ]);
    const { zones, rebuilt } = await settleZones(client, tenantIds, zoneRows.rows);
    const stored = new Set(inserted.rows.map((row) => `${row.tenant_id}\u0000${row.event_id}`));

    const results = batches.map(({ tenantId, events }, b) => {
      let accepted = 0;
      for (const event of candidates[b]!) {
        if (!stored.has(`${tenantId}\u0000${event.eventId}`)) continue;
        accepted++;
        calls.get(`${tenantId}\u0000${event.callId}`)!.accepted.push(event);
      }
      return { accepted, duplicates: events.length - accepted };
    });
    // A recount moved the stored calls to other cells: read them again.
    const { rows } = rebuilt ? await client.query<TouchedCall>(touchedQuery(keys)) : firstRead;
    const foundByKey = new Map(rows.map((row) => [`${row.key_tenant}\u0000${row.key_call}`, row]));

    const changesByTenant = new Map<string, RollupChanges>();
    const callRows: Omit<CallRow, 'id'>[] = [];
    // In the order the calls were first seen, so new calls get ids in that order (as in SQLite).
    for (const [key, { tenantId, accepted }] of calls) {
      if (accepted.length === 0) continue;
      const found = foundByKey.get(key)!;
      const old = found.id === null || found.id === undefined ? undefined : (found as CallRow);
      const events = old ? found.payloads!.map((payload) => JSON.parse(payload) as CallEvent) : accepted;
      let changes = changesByTenant.get(tenantId);
      if (!changes) {
        changes = new RollupChanges(zones.get(tenantId)!);
        changesByTenant.set(tenantId, changes);
      }
      const row = callRowOf(tenantId, deriveCall(events), changes.timeZone);
      if (old && CALL_COLUMNS.every((column) => row[column] === old[column])) continue;
      callRows.push(row);
      changes.move(old ? rolledCallOf(old) : null, rolledCallOf({ ...row, id: old?.id ?? 0 }));
    }
    // The calls and every rollup cell they move, in one statement, sent with the commit.
    const write = bulkUpserts([callUpsert(callRows), ...rollupUpserts(changesByTenant)]);
    await Promise.all([write && client.query(write), client.query('COMMIT')]);
    return results;
  };

  /** One transaction, begun and committed in the same flights as its statements. */
  const appendInTransaction = async (batches: readonly IngestBatch[]): Promise<IngestResult[]> => {
    const client = await writer.connect();
    try {
      const [, results] = await Promise.all([client.query('BEGIN'), appendAll(client, batches)]);
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  return {
    async append(batches) {
      if (batches.length === 0) return [];
      return appendInTransaction(batches);
    },

    async forCalls(tenantId, callIds): Promise<StoredCallEvent[]> {
      if (callIds.length === 0) return [];
      const { rows } = await pool.query<{ payload: string; received_ms: number }>(
        `SELECT payload, received_ms FROM call_events
         WHERE tenant_id = $1 AND call_id = ANY($2::text[]) ORDER BY call_id, ts_ms, event_id`,
        [tenantId, callIds],
      );
      return rows.map((row) => ({
        ...(JSON.parse(row.payload) as CallEvent),
        receivedAt: new Date(row.received_ms).toISOString(),
      }));
    },

    async after(tenantId, afterSeq, limit): Promise<SequencedCallEvent[]> {
      const { rows } = await pool.query<{ seq: number; payload: string }>(
        'SELECT seq, payload FROM call_events WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [tenantId, afterSeq, limit],
      );
      return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.payload) as CallEvent }));
    },

    async lastSeq(tenantId) {
      const { rows } = await pool.query<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM call_events WHERE tenant_id = $1',
        [tenantId],
      );
      return rows[0]?.seq ?? 0;
    },
  };
};
