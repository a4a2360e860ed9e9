import type { CallDirection, CallStatus } from '@call-ribbon/contract';
import type { DerivedCall } from '../../calls/derive.ts';
import {
  DEFAULT_TIME_ZONE,
  type MergedCell,
  placeCall,
  ROLLUPS,
  type RolledCall,
  type Rollup,
  RollupChanges,
} from '../../calls/rollup-cells.ts';
import { isValidTimeZone } from '../../calls/time-zone.ts';
import type { Db } from './open.ts';

/** A row of `calls`, as SQLite returns it. */
export interface CallRow {
  id: number;
  tenant_id: string;
  call_id: string;
  direction: CallDirection;
  status: CallStatus;
  ended: number;
  phone_number: string;
  customer_id: string | null;
  customer_name: string | null;
  agent_id: string | null;
  start_ms: number;
  answer_ms: number | null;
  end_ms: number | null;
  last_event_ms: number;
  duration: number;
  disposition: string | null;
  notes: string | null;
  recording_url: string | null;
  hour_key: number;
  day_key: string;
}

/** Every column of `calls` that derivation sets (all but `id`). */
export const CALL_COLUMNS = [
  'tenant_id',
  'call_id',
  'direction',
  'status',
  'ended',
  'phone_number',
  'customer_id',
  'customer_name',
  'agent_id',
  'start_ms',
  'answer_ms',
  'end_ms',
  'last_event_ms',
  'duration',
  'disposition',
  'notes',
  'recording_url',
  'hour_key',
  'day_key',
] as const satisfies readonly Exclude<keyof CallRow, 'id'>[];

/** The `calls` row of a derived call, placed in its tenant's time zone (both engines write this). */
export const callRowOf = (tenantId: string, call: DerivedCall, timeZone: string): Omit<CallRow, 'id'> => {
  const placement = placeCall(timeZone, call.startMs);
  return {
    tenant_id: tenantId,
    call_id: call.callId,
    direction: call.direction,
    status: call.status,
    ended: call.ended ? 1 : 0,
    phone_number: call.phoneNumber,
    customer_id: call.customerId,
    customer_name: call.customerName,
    agent_id: call.agentId,
    start_ms: call.startMs,
    answer_ms: call.answerMs,
    end_ms: call.endMs,
    last_event_ms: call.lastEventMs,
    duration: call.duration,
    disposition: call.disposition,
    notes: call.notes,
    recording_url: call.recordingUrl,
    hour_key: placement.hourKey,
    day_key: placement.dayKey,
  };
};

/** What a stored call contributes to the rollups, under the keys it was counted with. */
export const rolledCallOf = (row: CallRow): RolledCall => ({
  hourKey: row.hour_key,
  dayKey: row.day_key,
  direction: row.direction,
  status: row.status,
  duration: row.duration,
  customerId: row.customer_id,
  customerName: row.customer_name,
  agentId: row.agent_id,
  connected: row.answer_ms !== null,
  lastEventMs: row.last_event_ms,
});

/** `INSERT ... ON CONFLICT DO UPDATE` of one rollup cell, from its description. */
const upsertSql = (rollup: Rollup): string => {
  const columns = [
    'tenant_id',
    ...rollup.key,
    ...rollup.fixed,
    ...rollup.latest,
    ...rollup.greatest,
    ...rollup.counts,
  ];
  const updates = [
    ...rollup.counts.map((column) => `${column} = ${column} + excluded.${column}`),
    ...rollup.latest.map((column) => `${column} = COALESCE(excluded.${column}, ${column})`),
    ...rollup.greatest.map(
      (column) =>
        `${column} = MAX(COALESCE(${column}, excluded.${column}), COALESCE(excluded.${column}, ${column}))`,
    ),
  ];
  return `INSERT INTO ${rollup.table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
    ON CONFLICT (${['tenant_id', ...rollup.key].join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
};

/** Writes merged rollup changes, one prepared upsert per rollup table. */
export const rollupWriter = (db: Db) => {
  const upserts = new Map(Object.values(ROLLUPS).map((rollup) => [rollup, db.prepare(upsertSql(rollup))]));
  const write = (tenantId: string, cell: MergedCell): void => {
    upserts
      .get(cell.rollup)!
      .run(tenantId, ...cell.key, ...cell.fixed, ...cell.latest, ...cell.greatest, ...cell.counts);
  };
  return (tenantId: string, changes: RollupChanges): void => {
    for (const cell of changes.cells()) write(tenantId, cell);
    changes.clear();
  };
};

const REBUILD_CHUNK = 5000;

/**
 * Keeps each tenant's rollups in the tenant's time zone: the zone to count in, after
 * recounting every rollup from the calls when the tenant moved to another zone.
 */
export const rollupZones = (db: Db) => {
  const tenantZone = db.prepare<[string], { timezone: string }>('SELECT timezone FROM tenants WHERE id = ?');
  const keptZone = db.prepare<[string], { timezone: string }>(
    'SELECT timezone FROM call_stats_tenants WHERE tenant_id = ?',
  );
  const insertTenantRow = db.prepare<[string, string]>(
    'INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES (?, ?, 0, NULL)',
  );
  const rebuild = rollupRebuild(db);

  return (tenantId: string): string => {
    const stored = tenantZone.get(tenantId)?.timezone ?? DEFAULT_TIME_ZONE;
    const timeZone = isValidTimeZone(stored) ? stored : DEFAULT_TIME_ZONE;
    const kept = keptZone.get(tenantId);
    if (!kept) {
      if (tenantZone.get(tenantId)) insertTenantRow.run(tenantId, timeZone);
    } else if (kept.timezone !== timeZone) {
      db.transaction(() => rebuild(tenantId, timeZone))();
    }
    return timeZone;
  };
};

/**
 * Recounts every rollup of a tenant from its calls in `timeZone` (placing each call anew):
 * the same cells ingest keeps, written a third way only through the same description.
 */
export const rollupRebuild = (db: Db) => {
  const clear = Object.values(ROLLUPS).map((rollup) =>
    db.prepare<[string]>(`DELETE FROM ${rollup.table} WHERE tenant_id = ?`),
  );
  const callsAfter = db.prepare<[string, number, number], CallRow>(
    'SELECT * FROM calls WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
  );
  const setPlacement = db.prepare<[number, string, number]>(
    'UPDATE calls SET hour_key = ?, day_key = ? WHERE id = ?',
  );
  const insertTenantRow = db.prepare<[string, string]>(
    'INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES (?, ?, 0, NULL)',
  );
  const write = rollupWriter(db);

  return (tenantId: string, timeZone: string): void => {
    for (const statement of clear) statement.run(tenantId);
    insertTenantRow.run(tenantId, timeZone);
    const changes = new RollupChanges(timeZone);
    let after = 0;
    for (;;) {
      const rows = callsAfter.all(tenantId, after, REBUILD_CHUNK);
      for (const row of rows) {
        const placement = placeCall(timeZone, row.start_ms);
        setPlacement.run(placement.hourKey, placement.dayKey, row.id);
        changes.add({ ...rolledCallOf(row), ...placement }, 1);
        after = row.id;
      }
      write(tenantId, changes);
      if (rows.length < REBUILD_CHUNK) break;
    }
  };
};

/**
 * Recounts a tenant's rollups from its calls in the tenant's zone, in one transaction
 * (after a bulk load, or to check the rollups kept on write).
 */
export const rebuildCallRollups = (db: Db, tenantId: string): void => {
  const stored = db
    .prepare<[string], { timezone: string }>('SELECT timezone FROM tenants WHERE id = ?')
    .get(tenantId);
  const timeZone = stored && isValidTimeZone(stored.timezone) ? stored.timezone : DEFAULT_TIME_ZONE;
  const rebuild = rollupRebuild(db);
  db.transaction(() => rebuild(tenantId, timeZone))();
};
