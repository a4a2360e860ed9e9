import type { CallEvent, CallStatus } from '@call-ribbon/contract';
import { deriveCall } from '../../calls/derive.ts';
import { hourStart, isValidTimeZone, localTime } from '../../calls/time-zone.ts';
import { DEFAULT_TIME_ZONE, durationBucket, refreshAllTimeTotals } from './calls.ts';
import type { Db } from './open.ts';

/**
 * Bulk loading of whole calls into a tenant that has none yet, for benchmarks and large
 * fixtures: writes `call_events`, `calls` and every aggregate table with the same values
 * `callStore(db).ingest` would give for the same events (calls-import.test.ts proves it),
 * but accumulates the aggregates in memory and writes each cell once, and can rebuild the
 * secondary indexes after the load instead of maintaining them row by row.
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
  /** Called after each committed chunk with the number of calls loaded so far. */
  onProgress?: (calls: number) => void;
}

interface Cell {
  calls: number;
  talk: number;
  buckets: number[];
}

const HOUR_COLUMNS = Array.from({ length: 24 }, (_, hour) => `h${hour}`);

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
    `INSERT INTO calls (tenant_id, call_id, direction, status, ended, phone_number, customer_id, customer_name,
       agent_id, start_ms, answer_ms, end_ms, last_event_ms, duration, disposition, notes, recording_url, hour_key, day_key)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const hourly = new Map<string, Cell & { hod: number; dow: number }>();
  const daily = new Map<string, Cell & { dow: number; hours: number[] }>();
  const customers = new Map<string, { name: string | null; calls: number; talk: number }>();
  const customerDays = new Map<string, { calls: number; talk: number }>();
  const customerMonths = new Map<string, { calls: number; talk: number }>();
  const agents = new Map<string, { calls: number; connected: number }>();
  let callCount = 0;
  let lastActivity: number | null = null;
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
    const hourKey = hourStart(timeZone, call.startMs);
    const local = localTime(timeZone, hourKey);
    const day = localTime(timeZone, call.startMs).day;
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
      hourKey,
      day,
    );
    const talk = Math.round(call.duration * 1000);
    const bucket = durationBucket(call.status as CallStatus, call.duration);

    const hourCellKey = `${hourKey}|${call.direction}|${call.status}`;
    let hourCell = hourly.get(hourCellKey);
    if (!hourCell) {
      hourCell = { hod: local.hour, dow: local.dayOfWeek, calls: 0, talk: 0, buckets: [0, 0, 0, 0, 0] };
      hourly.set(hourCellKey, hourCell);
    }
    hourCell.calls++;
    hourCell.talk += talk;
    if (bucket >= 0) hourCell.buckets[bucket]!++;

    const dayCellKey = `${day}|${call.direction}|${call.status}`;
    let dayCell = daily.get(dayCellKey);
    if (!dayCell) {
      dayCell = {
        dow: local.dayOfWeek,
        calls: 0,
        talk: 0,
        buckets: [0, 0, 0, 0, 0],
        hours: new Array<number>(24).fill(0),
      };
      daily.set(dayCellKey, dayCell);
    }
    dayCell.calls++;
    dayCell.talk += talk;
    if (bucket >= 0) dayCell.buckets[bucket]!++;
    dayCell.hours[local.hour]!++;

    if (call.customerId !== null) {
      const customer = customers.get(call.customerId) ?? { name: null, calls: 0, talk: 0 };
      customer.calls++;
      customer.talk += talk;
      // As ingest's COALESCE: the latest call that names the customer wins.
      if (call.customerName !== null) customer.name = call.customerName;
      customers.set(call.customerId, customer);
      for (const [cells, period] of [
        [customerDays, day],
        [customerMonths, day.slice(0, 7)],
      ] as const) {
        const key = `${period}|${call.customerId}`;
        const cell = cells.get(key) ?? { calls: 0, talk: 0 };
        cell.calls++;
        cell.talk += talk;
        cells.set(key, cell);
      }
    }
    if (call.agentId !== null) {
      const key = `${day}|${call.agentId}`;
      const agent = agents.get(key) ?? { calls: 0, connected: 0 };
      agent.calls++;
      if (call.answerMs !== null) agent.connected++;
      agents.set(key, agent);
    }
    callCount++;
    lastActivity = lastActivity === null ? call.lastEventMs : Math.max(lastActivity, call.lastEventMs);
  };

  const chunkSize = options.chunkSize ?? 20_000;
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
  });
  while (!done) {
    loadChunk();
    options.onProgress?.(callCount);
  }
  for (const index of indexes) db.exec(index.sql);

  db.transaction(() => {
    const addHourly = db.prepare(
      `INSERT INTO call_stats_hourly (tenant_id, hour_key, direction, status, hod, dow, calls, talk, b0, b1, b2, b3, b4)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const [key, cell] of hourly) {
      const [hourKey, direction, status] = key.split('|');
      addHourly.run(
        tenantId,
        Number(hourKey),
        direction,
        status,
        cell.hod,
        cell.dow,
        cell.calls,
        cell.talk,
        ...cell.buckets,
      );
    }
    const addDaily = db.prepare(
      `INSERT INTO call_stats_daily (tenant_id, day_key, direction, status, dow, calls, talk, b0, b1, b2, b3, b4,
         ${HOUR_COLUMNS.join(', ')})
       VALUES (${Array.from({ length: 36 }, () => '?').join(', ')})`,
    );
    for (const [key, cell] of daily) {
      const [day, direction, status] = key.split('|');
      addDaily.run(
        tenantId,
        day,
        direction,
        status,
        cell.dow,
        cell.calls,
        cell.talk,
        ...cell.buckets,
        ...cell.hours,
      );
    }
    refreshAllTimeTotals(db, tenantId);
    const addCustomer = db.prepare<[string, string, string | null, number, number]>(
      'INSERT INTO call_stats_customers (tenant_id, customer_id, customer_name, calls, talk) VALUES (?, ?, ?, ?, ?)',
    );
    for (const [customerId, customer] of customers) {
      addCustomer.run(tenantId, customerId, customer.name, customer.calls, customer.talk);
    }
    for (const [table, column, cells] of [
      ['call_stats_customers_daily', 'day_key', customerDays],
      ['call_stats_customers_monthly', 'month_key', customerMonths],
    ] as const) {
      const addPeriod = db.prepare<[string, string, string, number, number]>(
        `INSERT INTO ${table} (tenant_id, ${column}, customer_id, calls, talk) VALUES (?, ?, ?, ?, ?)`,
      );
      for (const [key, cell] of cells) {
        const split = key.indexOf('|');
        addPeriod.run(tenantId, key.slice(0, split), key.slice(split + 1), cell.calls, cell.talk);
      }
    }
    const addAgent = db.prepare<[string, string, string, number, number]>(
      'INSERT INTO call_stats_agents_daily (tenant_id, day_key, agent_id, calls, connected) VALUES (?, ?, ?, ?, ?)',
    );
    for (const [key, agent] of agents) {
      const split = key.indexOf('|');
      addAgent.run(tenantId, key.slice(0, split), key.slice(split + 1), agent.calls, agent.connected);
    }
    db.prepare<[string, string, number, number | null]>(
      `INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET timezone = excluded.timezone, calls = excluded.calls,
         last_activity_ms = excluded.last_activity_ms`,
    ).run(tenantId, timeZone, callCount, lastActivity);
  })();
  return callCount;
};

/**
 * The naive answer to analytics, for benchmarks to compare against: one pass over the
 * tenant's calls in [from, to) grouped by direction and status, with no aggregate tables.
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
