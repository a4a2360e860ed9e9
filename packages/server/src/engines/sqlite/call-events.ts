import type { CallEvent, StoredCallEvent } from '@call-ribbon/contract';
import { deriveCall } from '../../calls/derive.ts';
import { RollupChanges } from '../../calls/rollup-cells.ts';
import type {
  CallEventStore,
  IngestBatch,
  IngestResult,
  SequencedCallEvent,
} from '../../stores/call-events.ts';
import {
  CALL_COLUMNS,
  type CallRow,
  callRowOf,
  rolledCallOf,
  rollupWriter,
  rollupZones,
} from './call-rollups.ts';
import type { Db } from './open.ts';

/**
 * Call events on SQLite. `append` stores events once per (tenant, eventId), re-derives each
 * touched call from all its events and moves the call between rollup cells (its old self
 * out, its new self in), all batches in one transaction with each cell written once.
 */
export const callEventStore = (db: Db): CallEventStore => {
  const insertEvent = db.prepare<[string, string, string, string, number, number, string]>(
    `INSERT INTO call_events (tenant_id, event_id, call_id, event, ts_ms, received_ms, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, event_id) DO NOTHING`,
  );
  const eventsOfCall = db.prepare<[string, string], { payload: string }>(
    'SELECT payload FROM call_events WHERE tenant_id = ? AND call_id = ?',
  );
  const eventsOfCalls = db.prepare<[string, string], { payload: string; received_ms: number }>(
    `SELECT payload, received_ms FROM call_events
     WHERE tenant_id = ? AND call_id IN (SELECT value FROM json_each(?))
     ORDER BY call_id, ts_ms, event_id`,
  );
  const eventsAfter = db.prepare<[string, number, number], { seq: number; payload: string }>(
    'SELECT seq, payload FROM call_events WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  );
  const newestSeq = db.prepare<[string], { seq: number }>(
    'SELECT seq FROM call_events WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1',
  );
  const callRow = db.prepare<[string, string], CallRow>(
    'SELECT * FROM calls WHERE tenant_id = ? AND call_id = ?',
  );
  const insertCall = db.prepare(
    `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map((column) => `@${column}`).join(', ')})`,
  );
  // One UPDATE per set of changed columns, prepared on first use.
  const updates = new Map<string, ReturnType<Db['prepare']>>();
  const updateCall = (columns: readonly string[]) => {
    const sql = `UPDATE calls SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`;
    let statement = updates.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      updates.set(sql, statement);
    }
    return statement;
  };
  const zoneOf = rollupZones(db);
  const writeRollups = rollupWriter(db);

  /** Re-derives one call from its stored events and records how its rollup cells move. */
  const rederive = (tenantId: string, accepted: readonly CallEvent[], changes: RollupChanges): void => {
    const callId = accepted[0]!.callId;
    const old = callRow.get(tenantId, callId);
    // Every stored event has its call row, so a call without one has only the events just accepted.
    const events = old
      ? eventsOfCall.all(tenantId, callId).map((row) => JSON.parse(row.payload) as CallEvent)
      : accepted;
    const row = callRowOf(tenantId, deriveCall(events), changes.timeZone);
    if (!old) insertCall.run(row);
    else {
      // Only the columns that changed, so indexes on the others are not rewritten.
      const changed = CALL_COLUMNS.filter((column) => row[column] !== old[column]);
      if (changed.length === 0) return;
      updateCall(changed).run({
        ...Object.fromEntries(changed.map((column) => [column, row[column]])),
        id: old.id,
      });
    }
    changes.move(old ? rolledCallOf(old) : null, rolledCallOf({ ...row, id: old?.id ?? 0 }));
  };

  const appendAll = db.transaction((batches: readonly IngestBatch[]): IngestResult[] => {
    const changesByTenant = new Map<string, RollupChanges>();
    const results = batches.map(({ tenantId, events, receivedAt }) => {
      let changes = changesByTenant.get(tenantId);
      if (!changes) {
        changes = new RollupChanges(zoneOf(tenantId));
        changesByTenant.set(tenantId, changes);
      }
      const receivedMs = receivedAt.getTime();
      const acceptedByCall = new Map<string, CallEvent[]>();
      let accepted = 0;
      for (const event of events) {
        const stored = insertEvent.run(
          tenantId,
          event.eventId,
          event.callId,
          event.event,
          Date.parse(event.timestamp),
          receivedMs,
          JSON.stringify(event),
        );
        if (stored.changes === 1) {
          accepted++;
          const ofCall = acceptedByCall.get(event.callId);
          if (ofCall) ofCall.push(event);
          else acceptedByCall.set(event.callId, [event]);
        }
      }
      for (const ofCall of acceptedByCall.values()) rederive(tenantId, ofCall, changes);
      return { accepted, duplicates: events.length - accepted };
    });
    for (const [tenantId, changes] of changesByTenant) writeRollups(tenantId, changes);
    return results;
  });

  return {
    async append(batches) {
      if (batches.length === 0) return [];
      return appendAll(batches);
    },

    async forCalls(tenantId, callIds): Promise<StoredCallEvent[]> {
      if (callIds.length === 0) return [];
      return eventsOfCalls.all(tenantId, JSON.stringify(callIds)).map((row) => ({
        ...(JSON.parse(row.payload) as CallEvent),
        receivedAt: new Date(row.received_ms).toISOString(),
      }));
    },

    async after(tenantId, afterSeq, limit): Promise<SequencedCallEvent[]> {
      return eventsAfter.all(tenantId, afterSeq, limit).map((row) => ({
        seq: row.seq,
        event: JSON.parse(row.payload) as CallEvent,
      }));
    },

    async lastSeq(tenantId) {
      return newestSeq.get(tenantId)?.seq ?? 0;
    },
  };
};
