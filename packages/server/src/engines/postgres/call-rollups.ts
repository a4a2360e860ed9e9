import {
  DEFAULT_TIME_ZONE,
  placeCall,
  ROLLUPS,
  type Rollup,
  RollupChanges,
} from '../../calls/rollup-cells.ts';
import { isValidTimeZone } from '../../calls/time-zone.ts';
import { CALL_COLUMNS, type CallRow, rolledCallOf } from '../sqlite/call-rollups.ts';
import {
  type BulkColumn,
  type BulkUpsert,
  bulkUpserts,
  inTransaction,
  type Pool,
  type Queryable,
} from './pool.ts';

/** PostgreSQL types of the rollup columns that are not counts (counts are BIGINT). */
const ROLLUP_TYPES: Record<string, string> = {
  tenant_id: 'text',
  hour_key: 'bigint',
  direction: 'text',
  status: 'text',
  day_key: 'text',
  month_key: 'text',
  customer_id: 'text',
  agent_id: 'text',
  hour_of_day: 'int',
  day_of_week: 'int',
  timezone: 'text',
  customer_name: 'text',
  last_activity_ms: 'bigint',
};

/** PostgreSQL types of the columns of `calls` that derivation sets. */
const CALL_TYPES: Record<(typeof CALL_COLUMNS)[number], string> = {
  tenant_id: 'text',
  call_id: 'text',
  direction: 'text',
  status: 'text',
  ended: 'smallint',
  phone_number: 'text',
  customer_id: 'text',
  customer_name: 'text',
  agent_id: 'text',
  start_ms: 'bigint',
  answer_ms: 'bigint',
  end_ms: 'bigint',
  last_event_ms: 'bigint',
  duration: 'float8',
  disposition: 'text',
  notes: 'text',
  recording_url: 'text',
  hour_key: 'bigint',
  day_key: 'text',
};

/**
 * The upserts that write merged rollup changes, one per rollup table for every tenant given:
 * counts are added, `latest` columns keep the last non-null value, `greatest` the largest.
 */
export const rollupUpserts = (changesByTenant: ReadonlyMap<string, RollupChanges>): BulkUpsert[] => {
  const byTable = new Map<Rollup, unknown[][]>();
  for (const [tenantId, changes] of changesByTenant) {
    for (const cell of changes.cells()) {
      let columns = byTable.get(cell.rollup);
      if (!columns) {
        const width = 1 + cell.key.length + cell.fixed.length + cell.latest.length + cell.greatest.length;
        columns = Array.from({ length: width + cell.counts.length }, () => []);
        byTable.set(cell.rollup, columns);
      }
      const row = [tenantId, ...cell.key, ...cell.fixed, ...cell.latest, ...cell.greatest, ...cell.counts];
      for (let i = 0; i < row.length; i++) columns[i]!.push(row[i]);
    }
  }
  return [...byTable].map(([rollup, values]) => {
    const names = [
      'tenant_id',
      ...rollup.key,
      ...rollup.fixed,
      ...rollup.latest,
      ...rollup.greatest,
      ...rollup.counts,
    ];
    return {
      table: rollup.table,
      columns: names.map((name, i) => ({ name, type: ROLLUP_TYPES[name] ?? 'bigint', values: values[i]! })),
      conflict: ['tenant_id', ...rollup.key],
      updates: [
        ...rollup.counts.map((column) => `${column} = t.${column} + excluded.${column}`),
        ...rollup.latest.map((column) => `${column} = COALESCE(excluded.${column}, t.${column})`),
        ...rollup.greatest.map((column) => `${column} = GREATEST(t.${column}, excluded.${column})`),
      ],
    };
  });
};

/** The upsert of derived call rows (all columns replaced on conflict). */
export const callUpsert = (rows: readonly Omit<CallRow, 'id'>[]): BulkUpsert => ({
  table: 'calls',
  columns: CALL_COLUMNS.map(
    (name): BulkColumn => ({ name, type: CALL_TYPES[name], values: rows.map((row) => row[name]) }),
  ),
  conflict: ['tenant_id', 'call_id'],
  updates: CALL_COLUMNS.filter((name) => name !== 'tenant_id' && name !== 'call_id').map(
    (name) => `${name} = excluded.${name}`,
  ),
});

/**
 * Takes the call-event lock of each tenant until the transaction ends, in one order so two
 * transactions never wait on each other. Every writer of a tenant's call events and rollups
 * holds it, so a tenant's writes commit one after the other and `seq` grows in commit order.
 */
export const lockTenants = async (client: Queryable, tenantIds: readonly string[]): Promise<void> => {
  await client.query(lockQuery(tenantIds));
};

/** The statement of `lockTenants` (sent ahead by a pipelined append). */
export const lockQuery = (tenantIds: readonly string[]) => ({
  name: 'call-tenant-locks',
  text: `SELECT pg_advisory_xact_lock(hashtextextended('call-ribbon:calls:' || id, 0))
         FROM unnest($1::text[]) WITH ORDINALITY AS k(id, n) ORDER BY n`,
  values: [[...new Set(tenantIds)].sort()],
});

const zoneOrDefault = (stored: string | null | undefined): string =>
  stored && isValidTimeZone(stored) ? stored : DEFAULT_TIME_ZONE;

/** What `settleZones` needs to know of each tenant: its zone and the zone its rollups are in. */
export interface ZoneRow {
  id: string;
  timezone: string;
  kept: string | null;
}

/** The query whose rows `settleZones` takes (sent ahead by a pipelined append). */
export const zonesQuery = (tenantIds: readonly string[]) => ({
  name: 'call-zones',
  text: `SELECT t.id, t.timezone, s.timezone AS kept FROM tenants t
         LEFT JOIN call_stats_tenants s ON s.tenant_id = t.id WHERE t.id = ANY($1::text[])`,
  values: [tenantIds],
});

/**
 * The zone each tenant's rollups are counted in, after recounting the rollups of a tenant
 * that moved to another zone (`rebuilt` then says so). Refuses an unknown tenant. The caller
 * holds the tenants' locks, inside a transaction.
 */
export const settleZones = async (
  client: Queryable,
  tenantIds: readonly string[],
  rows: readonly ZoneRow[],
): Promise<{ zones: Map<string, string>; rebuilt: boolean }> => {
  const zones = new Map<string, string>();
  const missing: [string, string][] = [];
  let rebuilt = false;
  for (const row of rows) {
    const timeZone = zoneOrDefault(row.timezone);
    zones.set(row.id, timeZone);
    if (row.kept === null) missing.push([row.id, timeZone]);
    else if (row.kept !== timeZone) {
      await rebuildLocked(client, row.id, timeZone);
      rebuilt = true;
    }
  }
  // The tables have no foreign key to `tenants` (it would cost ingest a check per row): this is it.
  const unknown = tenantIds.filter((id) => !zones.has(id));
  if (unknown.length > 0) throw new Error(`No such tenant: ${unknown.join(', ')}`);
  if (missing.length > 0) {
    await client.query(
      `INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms)
       SELECT id, zone, 0, NULL FROM unnest($1::text[], $2::text[]) AS k(id, zone) ON CONFLICT DO NOTHING`,
      [missing.map(([id]) => id), missing.map(([, zone]) => zone)],
    );
  }
  return { zones, rebuilt };
};

/** `settleZones` after reading the zones. */
export const rollupZonesLocked = async (
  client: Queryable,
  tenantIds: readonly string[],
): Promise<Map<string, string>> => {
  const { rows } = await client.query<ZoneRow>(zonesQuery(tenantIds));
  return (await settleZones(client, tenantIds, rows)).zones;
};

/**
 * The zone a tenant's rollups are in, for reads: one query when they are current, a
 * recount under the tenant's lock when the tenant moved to another zone.
 */
export const rollupZone = async (pool: Pool, tenantId: string): Promise<string> => {
  const { rows } = await pool.query<{ timezone: string; kept: string | null }>(
    `SELECT t.timezone, s.timezone AS kept FROM tenants t
     LEFT JOIN call_stats_tenants s ON s.tenant_id = t.id WHERE t.id = $1`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return DEFAULT_TIME_ZONE;
  const timeZone = zoneOrDefault(row.timezone);
  if (row.kept === timeZone) return timeZone;
  return inTransaction(pool, async (client) => {
    await lockTenants(client, [tenantId]);
    return (await rollupZonesLocked(client, [tenantId])).get(tenantId)!;
  });
};

const REBUILD_CHUNK = 5000;

/**
 * Recounts every rollup of a tenant from its calls in `timeZone` (placing each call anew),
 * through the same cell description ingest uses. The caller holds the tenant's lock.
 */
const rebuildLocked = async (client: Queryable, tenantId: string, timeZone: string): Promise<void> => {
  for (const rollup of Object.values(ROLLUPS)) {
    await client.query(`DELETE FROM ${rollup.table} WHERE tenant_id = $1`, [tenantId]);
  }
  await client.query(
    'INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES ($1, $2, 0, NULL)',
    [tenantId, timeZone],
  );
  const changes = new RollupChanges(timeZone);
  let after = 0;
  for (;;) {
    const { rows } = await client.query<CallRow>(
      'SELECT * FROM calls WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3',
      [tenantId, after, REBUILD_CHUNK],
    );
    const ids: number[] = [];
    const hourKeys: number[] = [];
    const dayKeys: string[] = [];
    for (const row of rows) {
      const placement = placeCall(timeZone, row.start_ms);
      ids.push(row.id);
      hourKeys.push(placement.hourKey);
      dayKeys.push(placement.dayKey);
      changes.add({ ...rolledCallOf(row), ...placement }, 1);
      after = row.id;
    }
    if (ids.length > 0) {
      await client.query(
        `UPDATE calls SET hour_key = p.hour_key, day_key = p.day_key
         FROM unnest($2::bigint[], $3::bigint[], $4::text[]) AS p(id, hour_key, day_key)
         WHERE calls.tenant_id = $1 AND calls.id = p.id`,
        [tenantId, ids, hourKeys, dayKeys],
      );
    }
    await writeRollups(client, new Map([[tenantId, changes]]));
    if (rows.length < REBUILD_CHUNK) break;
  }
};

/** Writes merged rollup changes in one statement, then forgets them. */
export const writeRollups = async (
  client: Queryable,
  changesByTenant: ReadonlyMap<string, RollupChanges>,
): Promise<void> => {
  const statement = bulkUpserts(rollupUpserts(changesByTenant));
  if (statement) await client.query(statement);
  for (const changes of changesByTenant.values()) changes.clear();
};

/**
 * Recounts a tenant's rollups from its calls in the tenant's zone, in one transaction
 * (after a bulk load, or to check the rollups kept on write).
 */
export const rebuildCallRollups = (pool: Pool, tenantId: string): Promise<void> =>
  inTransaction(pool, async (client) => {
    await lockTenants(client, [tenantId]);
    const { rows } = await client.query<{ timezone: string }>('SELECT timezone FROM tenants WHERE id = $1', [
      tenantId,
    ]);
    await rebuildLocked(client, tenantId, zoneOrDefault(rows[0]?.timezone));
  });
