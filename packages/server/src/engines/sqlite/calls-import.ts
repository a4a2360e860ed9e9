import type { CallEvent } from '@call-ribbon/contract';
import { deriveCall } from '../../calls/derive.ts';
import { DEFAULT_TIME_ZONE, placeCall, RollupChanges } from '../../calls/rollup-cells.ts';
import { isValidTimeZone } from '../../calls/time-zone.ts';
import { CALL_COLUMNS, rollupWriter } from './call-rollups.ts';
import type { Db } from './open.ts';

/**
 * Bulk loading of whole calls into a tenant that has none yet, for benchmarks and large
 * fixtures: writes `call_events`, `calls` and every rollup cell with the same values
 * `callEventStore(db).append` gives for the same events (calls-import.test.ts proves it),
 * through the same cell description, but merges the cells of the whole load in memory and
 * writes each once, and can rebuild the secondary indexes after the load instead of
 * maintaining them row by row.
 *
 * Events must be valid `CallEvent`s with their keys in schema order (what `CallEvent.parse`
 * returns), because their JSON is stored as given, as ingest stores the parsed event.
 */
export interface ImportOptions {
  /** When the events were received (ingest's `receivedAt`). */
  receivedAt: Date;
  /** Calls per transaction (default 20,000). */
  chunkSize?: number;
  /** Drop the non-unique indexes of `calls` and `call_events` during the load and recreate them after. */
  rebuildIndexes?: boolean;
  /** Merged rollup cells held in memory before they are written (default 300,000; a few hundred bytes each). */
  maxHeldCells?: number;
  /** Called after each committed chunk with the number of calls loaded so far. */
  onProgress?: (calls: number) => void;
}

/** Loads `calls` (each the complete event list of one call) into `tenantId`; returns how many. */
export const importCalls = (
  db: Db,
  tenantId: string,
  calls: Iterable<readonly CallEvent[]>,
  options: ImportOptions,
): number => {
  const tenant = db
    .prepare<[string], { timezone: string }>('SELECT timezone FROM tenants WHERE id = ?')
    .get(tenantId);
  if (!tenant) throw new Error(`importCalls: no tenant ${tenantId}`);
  const existing = db
    .prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM calls WHERE tenant_id = ?')
    .get(tenantId);
  if (existing!.n > 0) throw new Error(`importCalls: tenant ${tenantId} already has calls`);
  const timeZone = isValidTimeZone(tenant.timezone) ? tenant.timezone : DEFAULT_TIME_ZONE;

  const indexes = options.rebuildIndexes
    ? db
        .prepare<[], { name: string; sql: string }>(
          `SELECT name, sql FROM sqlite_master
           WHERE type = 'index' AND tbl_name IN ('calls', 'call_events') AND sql IS NOT NULL
             AND sql NOT LIKE 'CREATE UNIQUE%'`,
        )
        .all()
    : [];
  for (const index of indexes) db.exec(`DROP INDEX ${index.name}`);

  const insertEvent = db.prepare<[string, string, string, string, number, number, string]>(
    `INSERT INTO call_events (tenant_id, event_id, call_id, event, ts_ms, received_ms, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, event_id) DO NOTHING`,
  );
  const insertCall = db.prepare(
    `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map(() => '?').join(', ')})`,
  );
  const changes = new RollupChanges(timeZone);
  const writeRollups = rollupWriter(db);
  db.prepare<[string, string]>(
    `INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES (?, ?, 0, NULL)
     ON CONFLICT (tenant_id) DO UPDATE SET timezone = excluded.timezone, calls = 0, last_activity_ms = NULL`,
  ).run(tenantId, timeZone);
  let callCount = 0;
  const receivedMs = options.receivedAt.getTime();

  const add = (events: readonly CallEvent[]) => {
    // As ingest: an event id already stored is a duplicate and does not count.
    const stored = events.filter(
      (event) =>
        insertEvent.run(
          tenantId,
          event.eventId,
          event.callId,
          event.event,
          Date.parse(event.timestamp),
          receivedMs,
          JSON.stringify(event),
        ).changes === 1,
    );
    if (stored.length === 0) return;
    const call = deriveCall(stored);
    const placement = placeCall(timeZone, call.startMs);
    insertCall.run(
      tenantId,
      call.callId,
      call.direction,
      call.status,
      call.ended ? 1 : 0,
      call.phoneNumber,
      call.customerId,
      call.customerName,
      call.agentId,
      call.startMs,
      call.answerMs,
      call.endMs,
      call.lastEventMs,
      call.duration,
      call.disposition,
      call.notes,
      call.recordingUrl,
      placement.hourKey,
      placement.dayKey,
    );
    changes.add({ ...call, ...placement, connected: call.answerMs !== null }, 1);
    callCount++;
  };

  const chunkSize = options.chunkSize ?? 20_000;
  const maxHeldCells = options.maxHeldCells ?? 300_000;
  const iterator = calls[Symbol.iterator]();
  let done = false;
  const loadChunk = db.transaction(() => {
    for (let n = 0; n < chunkSize; n++) {
      const next = iterator.next();
      if (next.done) {
        done = true;
        return;
      }
      add(next.value);
    }
    // Cells are merged across chunks and written once, unless holding them would cost too much memory.
    if (changes.size >= maxHeldCells) writeRollups(tenantId, changes);
  });
  while (!done) {
    loadChunk();
    options.onProgress?.(callCount);
  }
  for (const index of indexes) db.exec(index.sql);

  db.transaction(() => writeRollups(tenantId, changes))();
  return callCount;
};

/**
 * The naive answer to analytics, for benchmarks to compare against: one pass over the
 * tenant's calls in [from, to) grouped by direction and status, with no rollup tables.
 */
export const fullScanSummary = (
  db: Db,
  tenantId: string,
  from: number,
  to: number,
): { direction: string; status: string; calls: number; talk: number }[] =>
  db
    .prepare<[string, number, number], { direction: string; status: string; calls: number; talk: number }>(
      `SELECT direction, status, COUNT(*) AS calls, SUM(duration) AS talk FROM calls
       WHERE tenant_id = ? AND start_ms >= ? AND start_ms < ? GROUP BY direction, status`,
    )
    .all(tenantId, from, to);
