import type {
  AnalyticsSummary,
  Call,
  CallDirection,
  CallEvent,
  CallStatus,
  StoredCallEvent,
  TopCustomer,
} from '@call-ribbon/contract';
import { ANSWERED_STATUSES, type DerivedCall, deriveCall, MISSED_STATUSES } from '../../calls/derive.ts';
import {
  dayStart,
  hourStart,
  isValidTimeZone,
  localTime,
  offsetMs,
  planRange,
  type TimeRange,
} from '../../calls/time-zone.ts';
import type { Db } from './open.ts';

export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';
/** A call with no event for this long is stale: no longer listed as active. */
export const DEFAULT_STALE_CALL_MS = 2 * 3_600_000;

/** Upper bounds (exclusive, seconds) of the talk-time buckets "0-30s" .. "5m-15m"; the rest is "15m+". */
const BUCKET_LIMITS = [30, 120, 300, 900] as const;
const MIN_MS = -8_640_000_000_000_000;
/** From this offset on, call-logs finds its page through the aggregates instead of OFFSET. */
const SEEK_AFTER_ROWS = 1000;

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

export interface CallStoreOptions {
  /** A live call with no event for this long is stale (default 2 hours). */
  staleCallMs?: number | undefined;
  /** Offsets from which call-logs seeks through the aggregates (default 1000; tests lower it). */
  seekAfterRows?: number | undefined;
}
const MAX_MS = 8_640_000_000_000_000;
const HOUR_COLUMNS = Array.from({ length: 24 }, (_, hour) => `h${hour}`);
const DAY_COLUMNS = Array.from({ length: 7 }, (_, day) => `d${day}`);
const TOTAL_COLUMNS = ['calls', 'talk', 'b0', 'b1', 'b2', 'b3', 'b4', ...HOUR_COLUMNS, ...DAY_COLUMNS];

/**
 * Recomputes a tenant's all-time totals from its daily aggregates (for bulk loads that
 * write the daily table directly).
 */
export const refreshAllTimeTotals = (db: Db, tenantId: string): void => {
  db.prepare('DELETE FROM call_stats_totals WHERE tenant_id = ?').run(tenantId);
  db.prepare(
    `INSERT INTO call_stats_totals (tenant_id, direction, status, ${TOTAL_COLUMNS.join(', ')})
     SELECT tenant_id, direction, status, SUM(calls), SUM(talk), SUM(b0), SUM(b1), SUM(b2), SUM(b3), SUM(b4),
       ${HOUR_COLUMNS.map((column) => `SUM(${column})`).join(', ')},
       ${DAY_COLUMNS.map((_, day) => `SUM(CASE WHEN dow = ${day} THEN calls ELSE 0 END)`).join(', ')}
     FROM call_stats_daily WHERE tenant_id = ? GROUP BY tenant_id, direction, status`,
  ).run(tenantId);
};

interface CallRow {
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

/** Filters shared by call-logs and the export; times are UTC ms, `to` exclusive. */
export interface CallFilters {
  from?: number | undefined;
  to?: number | undefined;
  customerId?: string | undefined;
  direction?: CallDirection | undefined;
  status?: CallStatus | undefined;
}

export interface DetailedAnalytics {
  summary: AnalyticsSummary;
  callsByHour: number[];
  callsByDayOfWeek: number[];
  durationBuckets: number[];
  topCustomers: TopCustomer[];
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const toCall = (row: CallRow): Call => ({
  callId: row.call_id,
  direction: row.direction,
  status: row.status,
  phoneNumber: row.phone_number,
  customerId: row.customer_id,
  customerName: row.customer_name,
  agentId: row.agent_id,
  startTime: new Date(row.start_ms).toISOString(),
  answerTime: iso(row.answer_ms),
  endTime: iso(row.end_ms),
  duration: row.duration,
  disposition: row.disposition,
  notes: row.notes,
  recordingUrl: row.recording_url,
});

/** Index of the talk-time bucket of a call, or -1 when it does not count (not a completed call). */
export const durationBucket = (status: CallStatus, duration: number): number => {
  if (status !== 'completed') return -1;
  const index = BUCKET_LIMITS.findIndex((limit) => duration < limit);
  return index === -1 ? BUCKET_LIMITS.length : index;
};

/** What one call adds to the aggregate tables. */
interface Contribution {
  hourKey: number;
  dayKey: string;
  hour: number;
  dayOfWeek: number;
  direction: CallDirection;
  status: CallStatus;
  talkMs: number;
  bucket: number;
  customerId: string | null;
  customerName: string | null;
  agentId: string | null;
  connected: boolean;
  lastEventMs: number;
}

const talkMsOf = (duration: number) => Math.round(duration * 1000);

const contributionOf = (row: CallRow, timeZone: string): Contribution => {
  const local = localTime(timeZone, row.hour_key);
  return {
    hourKey: row.hour_key,
    dayKey: row.day_key,
    hour: local.hour,
    dayOfWeek: local.dayOfWeek,
    direction: row.direction,
    status: row.status,
    talkMs: talkMsOf(row.duration),
    bucket: durationBucket(row.status, row.duration),
    customerId: row.customer_id,
    customerName: row.customer_name,
    agentId: row.agent_id,
    connected: row.answer_ms !== null,
    lastEventMs: row.last_event_ms,
  };
};

class Totals {
  readonly cells = new Map<string, { direction: string; status: string; calls: number; talkMs: number }>();
  readonly byHour = new Array<number>(24).fill(0);
  readonly byDayOfWeek = new Array<number>(7).fill(0);
  readonly buckets = new Array<number>(5).fill(0);

  addCell(direction: string, status: string, calls: number, talkMs: number): void {
    const key = `${direction}|${status}`;
    const cell = this.cells.get(key);
    if (cell) {
      cell.calls += calls;
      cell.talkMs += talkMs;
    } else this.cells.set(key, { direction, status, calls, talkMs });
  }

  count(direction?: CallDirection, status?: CallStatus): number {
    let total = 0;
    for (const cell of this.cells.values()) {
      if (
        (direction === undefined || cell.direction === direction) &&
        (status === undefined || cell.status === status)
      ) {
        total += cell.calls;
      }
    }
    return total;
  }

  summary(): AnalyticsSummary {
    const summary: AnalyticsSummary = {
      totalCalls: 0,
      totalDuration: 0,
      avgDuration: 0,
      inboundCalls: 0,
      outboundCalls: 0,
      answeredCalls: 0,
      missedCalls: 0,
    };
    let talkMs = 0;
    for (const cell of this.cells.values()) {
      summary.totalCalls += cell.calls;
      talkMs += cell.talkMs;
      if (cell.direction === 'inbound') summary.inboundCalls += cell.calls;
      else summary.outboundCalls += cell.calls;
      if (ANSWERED_STATUSES.has(cell.status as CallStatus)) summary.answeredCalls += cell.calls;
      if (MISSED_STATUSES.has(cell.status as CallStatus)) summary.missedCalls += cell.calls;
    }
    summary.totalDuration = talkMs / 1000;
    summary.avgDuration = summary.answeredCalls > 0 ? Math.round(talkMs / 1000 / summary.answeredCalls) : 0;
    return summary;
  }
}

/**
 * Calls, their events and the analytics aggregates of every tenant. Ingestion recomputes
 * each touched call from all its events and moves the call's contribution between
 * aggregate cells (subtract the old, add the new) in the same transaction.
 */
export const callStore = (db: Db, options: CallStoreOptions = {}) => {
  const staleCallMs = options.staleCallMs ?? DEFAULT_STALE_CALL_MS;
  const seekAfterRows = options.seekAfterRows ?? SEEK_AFTER_ROWS;

  const tenantZone = db.prepare<[string], { timezone: string }>('SELECT timezone FROM tenants WHERE id = ?');
  const statsRow = db.prepare<[string], { timezone: string; calls: number; last_activity_ms: number | null }>(
    'SELECT timezone, calls, last_activity_ms FROM call_stats_tenants WHERE tenant_id = ?',
  );
  const insertStats = db.prepare<[string, string]>(
    'INSERT INTO call_stats_tenants (tenant_id, timezone, calls, last_activity_ms) VALUES (?, ?, 0, NULL)',
  );
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
  const callRow = db.prepare<[string, string], CallRow>(
    'SELECT * FROM calls WHERE tenant_id = ? AND call_id = ?',
  );
  const insertCall = db.prepare(
    `INSERT INTO calls (${CALL_COLUMNS.join(', ')}) VALUES (${CALL_COLUMNS.map((column) => `@${column}`).join(', ')})`,
  );
  const setKeys = db.prepare<[number, string, number]>(
    'UPDATE calls SET hour_key = ?, day_key = ? WHERE id = ?',
  );

  const addHourly = db.prepare(
    `INSERT INTO call_stats_hourly (tenant_id, hour_key, direction, status, hod, dow, calls, talk, b0, b1, b2, b3, b4)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, hour_key, direction, status) DO UPDATE SET calls = calls + excluded.calls,
       talk = talk + excluded.talk, b0 = b0 + excluded.b0, b1 = b1 + excluded.b1, b2 = b2 + excluded.b2,
       b3 = b3 + excluded.b3, b4 = b4 + excluded.b4`,
  );
  const addDaily = db.prepare(
    `INSERT INTO call_stats_daily (tenant_id, day_key, direction, status, dow, calls, talk, b0, b1, b2, b3, b4,
       ${HOUR_COLUMNS.join(', ')})
     VALUES (${Array.from({ length: 36 }, () => '?').join(', ')})
     ON CONFLICT (tenant_id, day_key, direction, status) DO UPDATE SET calls = calls + excluded.calls,
       talk = talk + excluded.talk, b0 = b0 + excluded.b0, b1 = b1 + excluded.b1, b2 = b2 + excluded.b2,
       b3 = b3 + excluded.b3, b4 = b4 + excluded.b4,
       ${HOUR_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`,
  );
  const addTotals = db.prepare(
    `INSERT INTO call_stats_totals (tenant_id, direction, status, ${TOTAL_COLUMNS.join(', ')})
     VALUES (${Array.from({ length: TOTAL_COLUMNS.length + 3 }, () => '?').join(', ')})
     ON CONFLICT (tenant_id, direction, status) DO UPDATE SET
       ${TOTAL_COLUMNS.map((column) => `${column} = ${column} + excluded.${column}`).join(', ')}`,
  );
  const allTimeTotals = db.prepare<[string], Record<string, number | string>>(
    'SELECT * FROM call_stats_totals WHERE tenant_id = ?',
  );
  const addCustomer = db.prepare(
    `INSERT INTO call_stats_customers (tenant_id, customer_id, customer_name, calls, talk) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, customer_id) DO UPDATE SET calls = calls + excluded.calls, talk = talk + excluded.talk,
       customer_name = COALESCE(excluded.customer_name, customer_name)`,
  );
  const addCustomerDay = db.prepare(
    `INSERT INTO call_stats_customers_daily (tenant_id, day_key, customer_id, calls, talk) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, day_key, customer_id) DO UPDATE SET calls = calls + excluded.calls,
       talk = talk + excluded.talk`,
  );
  const addCustomerMonth = db.prepare(
    `INSERT INTO call_stats_customers_monthly (tenant_id, month_key, customer_id, calls, talk) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, month_key, customer_id) DO UPDATE SET calls = calls + excluded.calls,
       talk = talk + excluded.talk`,
  );
  const addAgent = db.prepare(
    `INSERT INTO call_stats_agents_daily (tenant_id, day_key, agent_id, calls, connected) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id, day_key, agent_id) DO UPDATE SET calls = calls + excluded.calls,
       connected = connected + excluded.connected`,
  );
  const addTenant = db.prepare<[{ sign: number; lastEventMs: number | null; tenantId: string }]>(
    `UPDATE call_stats_tenants SET calls = calls + @sign,
       last_activity_ms = MAX(COALESCE(last_activity_ms, @lastEventMs), COALESCE(@lastEventMs, last_activity_ms))
     WHERE tenant_id = @tenantId`,
  );
  const clearStats = [
    db.prepare<[string]>('DELETE FROM call_stats_hourly WHERE tenant_id = ?'),
    db.prepare<[string]>('DELETE FROM call_stats_daily WHERE tenant_id = ?'),
    db.prepare<[string]>('DELETE FROM call_stats_totals WHERE tenant_id = ?'),
    db.prepare<[string]>('DELETE FROM call_stats_customers WHERE tenant_id = ?'),
    db.prepare<[string]>('DELETE FROM call_stats_agents_daily WHERE tenant_id = ?'),
    db.prepare<[string]>('DELETE FROM call_stats_customers_daily WHERE tenant_id = ?'),
    db.prepare<[string]>('DELETE FROM call_stats_customers_monthly WHERE tenant_id = ?'),
  ];
  const resetTenantStats = db.prepare<[string, string]>(
    'UPDATE call_stats_tenants SET timezone = ?, calls = 0 WHERE tenant_id = ?',
  );
  const callsAfter = db.prepare<[string, number, number], CallRow>(
    'SELECT * FROM calls WHERE tenant_id = ? AND id > ? ORDER BY id LIMIT ?',
  );

  // Aggregate reads.
  const daySummary = db.prepare<
    [string, string, string],
    { direction: string; status: string; calls: number; talk: number }
  >(
    `SELECT direction, status, SUM(calls) AS calls, SUM(talk) AS talk FROM call_stats_daily
     WHERE tenant_id = ? AND day_key >= ? AND day_key <= ? GROUP BY direction, status`,
  );
  const dayDetail = db.prepare<[string, string, string], Record<string, number>>(
    `SELECT dow, SUM(calls) AS calls, SUM(b0) AS b0, SUM(b1) AS b1, SUM(b2) AS b2, SUM(b3) AS b3, SUM(b4) AS b4,
       ${HOUR_COLUMNS.map((column) => `SUM(${column}) AS ${column}`).join(', ')}
     FROM call_stats_daily WHERE tenant_id = ? AND day_key >= ? AND day_key <= ? GROUP BY dow`,
  );
  const hourSummary = db.prepare<
    [string, number, number],
    { direction: string; status: string; calls: number; talk: number }
  >(
    `SELECT direction, status, SUM(calls) AS calls, SUM(talk) AS talk FROM call_stats_hourly
     WHERE tenant_id = ? AND hour_key >= ? AND hour_key < ? GROUP BY direction, status`,
  );
  const hourDetail = db.prepare<[string, number, number], Record<string, number>>(
    `SELECT hod, dow, SUM(calls) AS calls, SUM(b0) AS b0, SUM(b1) AS b1, SUM(b2) AS b2, SUM(b3) AS b3, SUM(b4) AS b4
     FROM call_stats_hourly WHERE tenant_id = ? AND hour_key >= ? AND hour_key < ? GROUP BY hod, dow`,
  );
  const rawCalls = db.prepare<
    [string, number, number],
    { direction: string; status: CallStatus; start_ms: number; duration: number }
  >(
    `SELECT direction, status, start_ms, duration FROM calls
     WHERE tenant_id = ? AND start_ms >= ? AND start_ms < ?`,
  );
  const topCustomersAllTime = db.prepare<
    [string],
    { customerId: string; customerName: string | null; callCount: number; talk: number }
  >(
    `SELECT s.customer_id AS customerId, COALESCE(s.customer_name, c.name) AS customerName, s.calls AS callCount,
       s.talk AS talk
     FROM call_stats_customers s
     LEFT JOIN customers c ON c.tenant_id = s.tenant_id AND c.customer_id = s.customer_id
     WHERE s.tenant_id = ? AND s.calls > 0 ORDER BY s.calls DESC, s.talk DESC, s.customer_id LIMIT 10`,
  );
  const customerName = db.prepare<{ tenantId: string; customerId: string }, { name: string | null }>(
    `SELECT COALESCE(
       (SELECT customer_name FROM call_stats_customers WHERE tenant_id = @tenantId AND customer_id = @customerId),
       (SELECT name FROM customers WHERE tenant_id = @tenantId AND customer_id = @customerId)) AS name`,
  );
  const agentDays = db.prepare<
    [string, string, string],
    { agent_id: string; calls: number; connected: number }
  >(
    `SELECT agent_id, SUM(calls) AS calls, SUM(connected) AS connected FROM call_stats_agents_daily
     WHERE tenant_id = ? AND day_key >= ? AND day_key <= ? GROUP BY agent_id`,
  );
  const agentRaw = db.prepare<
    [string, number, number],
    { agent_id: string; calls: number; connected: number }
  >(
    `SELECT agent_id, COUNT(*) AS calls, SUM(answer_ms IS NOT NULL) AS connected FROM calls
     WHERE tenant_id = ? AND start_ms >= ? AND start_ms < ? AND agent_id IS NOT NULL GROUP BY agent_id`,
  );
  const customerTotals = db.prepare<[string, string], { calls: number; talk: number }>(
    'SELECT calls, talk FROM call_stats_customers WHERE tenant_id = ? AND customer_id = ?',
  );
  const customerCalls = db.prepare<[string, string, number], CallRow>(
    'SELECT * FROM calls WHERE tenant_id = ? AND customer_id = ? ORDER BY start_ms DESC, id DESC LIMIT ?',
  );
  const recentBetween = db.prepare<[string, number, number, number], CallRow>(
    `SELECT * FROM calls WHERE tenant_id = ? AND start_ms >= ? AND start_ms < ?
     ORDER BY start_ms DESC, id DESC LIMIT ?`,
  );
  const liveCalls = db.prepare<[string, number], CallRow>(
    `SELECT * FROM calls WHERE tenant_id = ? AND ended = 0 AND last_event_ms >= ?
     ORDER BY start_ms DESC, id DESC`,
  );

  // call-logs and export: one statement per combination of optional filters, prepared on first use.
  const filterSql = (filters: CallFilters) =>
    [
      'tenant_id = @tenantId AND start_ms >= @from AND start_ms < @to',
      filters.customerId !== undefined ? 'customer_id = @customerId' : '',
      filters.direction !== undefined ? 'direction = @direction' : '',
      filters.status !== undefined ? 'status = @status' : '',
    ]
      .filter(Boolean)
      .join(' AND ');
  const filterParams = (tenantId: string, filters: CallFilters) => ({
    tenantId,
    from: filters.from ?? MIN_MS,
    to: filters.to ?? MAX_MS,
    ...(filters.customerId !== undefined && { customerId: filters.customerId }),
    ...(filters.direction !== undefined && { direction: filters.direction }),
    ...(filters.status !== undefined && { status: filters.status }),
  });
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const cached = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const timeZoneOf = (tenantId: string): string => {
    const zone = tenantZone.get(tenantId)?.timezone ?? DEFAULT_TIME_ZONE;
    return isValidTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
  };

  interface Cell {
    statement: { run: (...params: (string | number | null)[]) => unknown };
    key: string;
    /** Key columns, then non-additive columns (a name), then the additive values. */
    args: (string | number | null)[];
    extra: (string | null)[];
    values: number[];
  }

  /** The aggregate cells one call counts in, with its values times `sign`. */
  const cellsOf = (tenantId: string, c: Contribution, sign: 1 | -1): Cell[] => {
    const buckets = [0, 0, 0, 0, 0];
    if (c.bucket >= 0) buckets[c.bucket] = sign;
    const hours = new Array<number>(24).fill(0);
    hours[c.hour] = sign;
    const days = [0, 0, 0, 0, 0, 0, 0];
    days[c.dayOfWeek] = sign;
    const talk = sign * c.talkMs;
    const cells: Cell[] = [
      {
        statement: addHourly,
        key: `h|${c.hourKey}|${c.direction}|${c.status}`,
        args: [tenantId, c.hourKey, c.direction, c.status, c.hour, c.dayOfWeek],
        extra: [],
        values: [sign, talk, ...buckets],
      },
      {
        statement: addDaily,
        key: `d|${c.dayKey}|${c.direction}|${c.status}`,
        args: [tenantId, c.dayKey, c.direction, c.status, c.dayOfWeek],
        extra: [],
        values: [sign, talk, ...buckets, ...hours],
      },
      {
        statement: addTotals,
        key: `t|${c.direction}|${c.status}`,
        args: [tenantId, c.direction, c.status],
        extra: [],
        values: [sign, talk, ...buckets, ...hours, ...days],
      },
    ];
    if (c.customerId !== null) {
      cells.push(
        {
          statement: addCustomer,
          key: `c|${c.customerId}`,
          args: [tenantId, c.customerId],
          extra: [sign > 0 ? c.customerName : null],
          values: [sign, talk],
        },
        {
          statement: addCustomerDay,
          key: `cd|${c.dayKey}|${c.customerId}`,
          args: [tenantId, c.dayKey, c.customerId],
          extra: [],
          values: [sign, talk],
        },
        {
          statement: addCustomerMonth,
          key: `cm|${c.dayKey.slice(0, 7)}|${c.customerId}`,
          args: [tenantId, c.dayKey.slice(0, 7), c.customerId],
          extra: [],
          values: [sign, talk],
        },
      );
    }
    if (c.agentId !== null) {
      cells.push({
        statement: addAgent,
        key: `a|${c.dayKey}|${c.agentId}`,
        args: [tenantId, c.dayKey, c.agentId],
        extra: [],
        values: [sign, c.connected ? sign : 0],
      });
    }
    return cells;
  };

  /** Aggregate changes of one transaction, merged per cell and written once at the end. */
  interface PendingCells {
    cells: Map<string, Cell & { changed: boolean }>;
    newCalls: number;
    lastEventMs: number | null;
  }
  const pendingCells = (): PendingCells => ({ cells: new Map(), newCalls: 0, lastEventMs: null });

  /** Moves a call's contribution from its old cells (subtracted) to its new ones (added). */
  const addChange = (
    pending: PendingCells,
    tenantId: string,
    old: Contribution | null,
    next: Contribution,
  ): void => {
    for (const cell of [...(old ? cellsOf(tenantId, old, -1) : []), ...cellsOf(tenantId, next, 1)]) {
      const existing = pending.cells.get(cell.key);
      if (!existing) {
        pending.cells.set(cell.key, { ...cell, changed: false });
        continue;
      }
      for (let i = 0; i < cell.values.length; i++) existing.values[i]! += cell.values[i]!;
      // The latest call's customer name replaces the one the cell had.
      if (cell.extra.some((value, i) => value !== existing.extra[i])) existing.changed = true;
      if (cell.extra.some((value) => value !== null)) existing.extra = cell.extra;
    }
    if (!old) pending.newCalls++;
    if (!old || next.lastEventMs !== old.lastEventMs) {
      pending.lastEventMs = Math.max(pending.lastEventMs ?? next.lastEventMs, next.lastEventMs);
    }
  };

  /** Writes the merged changes; a cell whose values cancel out is not written. */
  const flushCells = (pending: PendingCells, tenantId: string): void => {
    for (const cell of pending.cells.values()) {
      if (cell.changed || cell.values.some((value) => value !== 0)) {
        cell.statement.run(...cell.args, ...cell.extra, ...cell.values);
      }
    }
    if (pending.newCalls > 0 || pending.lastEventMs !== null) {
      addTenant.run({ sign: pending.newCalls, lastEventMs: pending.lastEventMs, tenantId });
    }
    pending.cells.clear();
    pending.newCalls = 0;
    pending.lastEventMs = null;
  };

  const rebuild = (tenantId: string, timeZone: string): void => {
    for (const statement of clearStats) statement.run(tenantId);
    resetTenantStats.run(timeZone, tenantId);
    const pending = pendingCells();
    let after = 0;
    for (;;) {
      const rows = callsAfter.all(tenantId, after, 5000);
      for (const row of rows) {
        row.hour_key = hourKeyOf(timeZone, row.start_ms);
        row.day_key = localTime(timeZone, row.start_ms).day;
        setKeys.run(row.hour_key, row.day_key, row.id);
        addChange(pending, tenantId, null, contributionOf(row, timeZone));
        after = row.id;
      }
      flushCells(pending, tenantId);
      if (rows.length < 5000) break;
    }
  };

  /** The tenant's zone; rebuilds its aggregates first if they were kept in another zone. */
  const zoneForAggregates = (tenantId: string): string => {
    const timeZone = timeZoneOf(tenantId);
    const stats = statsRow.get(tenantId);
    if (!stats) {
      if (tenantZone.get(tenantId)) insertStats.run(tenantId, timeZone);
    } else if (stats.timezone !== timeZone) {
      db.transaction(() => rebuild(tenantId, timeZone))();
    }
    return timeZone;
  };

  const recompute = (pending: PendingCells, tenantId: string, timeZone: string, callId: string): void => {
    const events = eventsOfCall.all(tenantId, callId).map((row) => JSON.parse(row.payload) as CallEvent);
    const derived = deriveCall(events);
    const old = callRow.get(tenantId, callId);
    const row = rowOf(tenantId, derived, timeZone);
    if (!old) insertCall.run(row);
    else {
      // Only the columns that changed, so indexes on the others are not rewritten.
      const changed = CALL_COLUMNS.filter((column) => row[column] !== old[column]);
      if (changed.length === 0) return;
      cached(
        `UPDATE calls SET ${changed.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`,
      ).run({
        ...Object.fromEntries(changed.map((column) => [column, row[column]])),
        id: old.id,
      });
    }
    addChange(
      pending,
      tenantId,
      old ? contributionOf(old, timeZone) : null,
      contributionOf({ ...row, id: old?.id ?? 0 }, timeZone),
    );
  };

  /** Stores events and recomputes the calls they touch; aggregate changes go to `pending`. */
  const ingestInto = (
    pending: PendingCells,
    tenantId: string,
    events: readonly CallEvent[],
    receivedAt: Date,
  ): IngestResult => {
    const timeZone = zoneForAggregates(tenantId);
    const receivedMs = receivedAt.getTime();
    const touched = new Set<string>();
    let accepted = 0;
    let duplicates = 0;
    for (const event of events) {
      const result = insertEvent.run(
        tenantId,
        event.eventId,
        event.callId,
        event.event,
        Date.parse(event.timestamp),
        receivedMs,
        JSON.stringify(event),
      );
      if (result.changes === 1) {
        accepted++;
        touched.add(event.callId);
      } else duplicates++;
    }
    for (const callId of touched) recompute(pending, tenantId, timeZone, callId);
    return { accepted, duplicates };
  };

  interface QueuedIngest {
    tenantId: string;
    events: readonly CallEvent[];
    receivedAt: Date;
    resolve: (result: IngestResult) => void;
    reject: (error: unknown) => void;
  }
  const queue: QueuedIngest[] = [];
  const drainQueue = (): void => {
    const items = queue.splice(0);
    let results: IngestResult[];
    try {
      results = db.transaction(() => {
        const byTenant = new Map<string, PendingCells>();
        const out = items.map((item) => {
          const pending = byTenant.get(item.tenantId) ?? pendingCells();
          byTenant.set(item.tenantId, pending);
          return ingestInto(pending, item.tenantId, item.events, item.receivedAt);
        });
        for (const [tenantId, pending] of byTenant) flushCells(pending, tenantId);
        return out;
      })();
    } catch {
      // One failing batch must not fail the others it was grouped with: each on its own.
      for (const item of items) {
        try {
          const pending = pendingCells();
          item.resolve(
            db.transaction(() => {
              const result = ingestInto(pending, item.tenantId, item.events, item.receivedAt);
              flushCells(pending, item.tenantId);
              return result;
            })(),
          );
        } catch (error) {
          item.reject(error);
        }
      }
      return;
    }
    items.forEach((item, index) => {
      item.resolve(results[index]!);
    });
  };

  const collect = (tenantId: string, range: TimeRange, detailed: boolean): Totals => {
    const timeZone = zoneForAggregates(tenantId);
    const totals = new Totals();
    if (range.from === undefined && range.to === undefined) {
      // All of history: one row per direction and status, however long the history.
      for (const row of allTimeTotals.all(tenantId)) {
        totals.addCell(
          row.direction as string,
          row.status as string,
          row.calls as number,
          row.talk as number,
        );
        if (!detailed) continue;
        for (let b = 0; b < 5; b++) totals.buckets[b]! += row[`b${b}`] as number;
        for (let h = 0; h < 24; h++) totals.byHour[h]! += row[`h${h}`] as number;
        for (let d = 0; d < 7; d++) totals.byDayOfWeek[d]! += row[`d${d}`] as number;
      }
      return totals;
    }
    const plan = planRange(timeZone, range);
    for (const days of plan.days) {
      const first = days.first ?? '';
      const last = days.last ?? '9999-12-31';
      for (const row of daySummary.all(tenantId, first, last))
        totals.addCell(row.direction, row.status, row.calls, row.talk);
      if (detailed) {
        for (const row of dayDetail.all(tenantId, first, last)) {
          totals.byDayOfWeek[row.dow!]! += row.calls!;
          for (let b = 0; b < 5; b++) totals.buckets[b]! += row[`b${b}`]!;
          for (let h = 0; h < 24; h++) totals.byHour[h]! += row[`h${h}`]!;
        }
      }
    }
    for (const [from, to] of plan.hours) {
      for (const row of hourSummary.all(tenantId, from, to))
        totals.addCell(row.direction, row.status, row.calls, row.talk);
      if (detailed) {
        for (const row of hourDetail.all(tenantId, from, to)) {
          totals.byDayOfWeek[row.dow!]! += row.calls!;
          totals.byHour[row.hod!]! += row.calls!;
          for (let b = 0; b < 5; b++) totals.buckets[b]! += row[`b${b}`]!;
        }
      }
    }
    for (const [from, to] of plan.raw) {
      for (const row of rawCalls.all(tenantId, from, to)) {
        totals.addCell(row.direction, row.status, 1, talkMsOf(row.duration));
        if (detailed) {
          const local = localTime(timeZone, row.start_ms);
          totals.byDayOfWeek[local.dayOfWeek]! += 1;
          totals.byHour[local.hour]! += 1;
          const bucket = durationBucket(row.status, row.duration);
          if (bucket >= 0) totals.buckets[bucket]! += 1;
        }
      }
    }
    return totals;
  };

  /** Top 10 customers of a range: whole local months and days from their tables, the edges from the calls. */
  const topCustomersIn = (tenantId: string, range: TimeRange) => {
    const timeZone = zoneForAggregates(tenantId);
    const plan = planRange(timeZone, range, { months: true });
    const parts: string[] = [];
    const params: Record<string, string | number> = { tenantId };
    if (plan.months) {
      parts.push(`SELECT customer_id, calls, talk FROM call_stats_customers_monthly
        WHERE tenant_id = @tenantId AND month_key >= @m0 AND month_key <= @m1`);
      params.m0 = plan.months.first ?? '';
      params.m1 = plan.months.last ?? '9999-12';
    }
    plan.days.forEach((days, i) => {
      parts.push(`SELECT customer_id, calls, talk FROM call_stats_customers_daily
        WHERE tenant_id = @tenantId AND day_key >= @d${i}a AND day_key <= @d${i}b`);
      params[`d${i}a`] = days.first ?? '';
      params[`d${i}b`] = days.last ?? '9999-12-31';
    });
    plan.raw.forEach(([from, to], i) => {
      parts.push(`SELECT customer_id, 1 AS calls, CAST(round(duration * 1000) AS INTEGER) AS talk FROM calls
        WHERE tenant_id = @tenantId AND start_ms >= @r${i}a AND start_ms < @r${i}b AND customer_id IS NOT NULL`);
      params[`r${i}a`] = from;
      params[`r${i}b`] = to;
    });
    if (parts.length === 0) return [];
    // One statement, so only the ten winners cross into JavaScript.
    const rows = cached(
      `SELECT customer_id AS customerId, SUM(calls) AS callCount, SUM(talk) AS talk
       FROM (${parts.join(' UNION ALL ')})
       GROUP BY customer_id HAVING SUM(calls) > 0 ORDER BY callCount DESC, talk DESC, customer_id LIMIT 10`,
    ).all(params) as { customerId: string; callCount: number; talk: number }[];
    return rows.map((row) => ({
      ...row,
      customerName: customerName.get({ tenantId, customerId: row.customerId })?.name ?? null,
    }));
  };

  /**
   * Where the `offset`-th newest matching call is, found from the aggregates instead of by
   * stepping over `offset` index entries: walk whole days (newest first), then the hours of
   * the day that holds it. Returns a start time bound and the few rows left to skip below it.
   */
  const seek = (tenantId: string, filters: CallFilters, offset: number): { before: number; skip: number } => {
    const timeZone = zoneForAggregates(tenantId);
    const plan = planRange(timeZone, { from: filters.from, to: filters.to });
    const cells = [
      filters.direction !== undefined ? 'AND direction = @direction' : '',
      filters.status !== undefined ? 'AND status = @status' : '',
    ].join(' ');
    const cellParams = {
      tenantId,
      ...(filters.direction !== undefined && { direction: filters.direction }),
      ...(filters.status !== undefined && { status: filters.status }),
    };
    const days = cached(
      `SELECT day_key AS key, SUM(calls) AS n FROM call_stats_daily
       WHERE tenant_id = @tenantId AND day_key >= @first AND day_key <= @last ${cells}
       GROUP BY day_key ORDER BY day_key DESC`,
    );
    const hours = cached(
      `SELECT hour_key AS key, SUM(calls) AS n FROM call_stats_hourly
       WHERE tenant_id = @tenantId AND hour_key >= @from AND hour_key < @to ${cells}
       GROUP BY hour_key ORDER BY hour_key DESC`,
    );
    const countRaw = cached(
      `SELECT COUNT(*) AS n FROM calls WHERE ${filterSql(filters)} AND start_ms >= @a AND start_ms < @b`,
    );
    const segments: { kind: 'raw' | 'hours' | 'days'; span: [number, number]; index: number }[] = [
      ...plan.raw.map((span, index) => ({ kind: 'raw' as const, span, index })),
      ...plan.hours.map((span, index) => ({ kind: 'hours' as const, span, index })),
      ...plan.daySpans.map((span, index) => ({ kind: 'days' as const, span, index })),
    ].sort((x, y) => y.span[1] - x.span[1]);

    let remaining = offset;
    let before = MAX_MS;
    // Skips whole hours of [from, to) newest first; the hour that holds the row ends the walk.
    const walkHours = (from: number, to: number): boolean => {
      for (const row of hours.iterate({ ...cellParams, from, to }) as Iterable<{ key: number; n: number }>) {
        if (remaining < row.n) return true;
        remaining -= row.n;
        before = row.key;
      }
      return false;
    };
    for (const segment of segments) {
      const [from, to] = segment.span;
      if (Number.isFinite(to)) before = Math.min(before, to);
      if (segment.kind === 'raw') {
        const { n } = countRaw.get({ ...filterParams(tenantId, filters), ...cellParams, a: from, b: to }) as {
          n: number;
        };
        if (remaining < n) return { before, skip: remaining };
        remaining -= n;
        before = from;
      } else if (segment.kind === 'hours') {
        if (walkHours(from, to)) return { before, skip: remaining };
        before = from;
      } else {
        const keys = plan.days[segment.index]!;
        let found: string | undefined;
        for (const row of days.iterate({
          ...cellParams,
          first: keys.first ?? '',
          last: keys.last ?? '9999-12-31',
        }) as Iterable<{
          key: string;
          n: number;
        }>) {
          if (remaining < row.n) {
            found = row.key;
            break;
          }
          remaining -= row.n;
          before = localDayStart(timeZone, row.key);
        }
        if (found !== undefined) {
          walkHours(localDayStart(timeZone, found), before);
          return { before, skip: remaining };
        }
        if (Number.isFinite(from)) before = from;
      }
    }
    return { before, skip: remaining };
  };

  const toRange = (range?: { from?: string | undefined; to?: string | undefined }): TimeRange => ({
    from: range?.from === undefined ? undefined : Date.parse(range.from),
    to: range?.to === undefined ? undefined : Date.parse(range.to),
  });

  return {
    /** How long without an event before a live call is stale. */
    staleCallMs,

    /**
     * Stores events idempotently by (tenant, eventId) and brings each touched call and the
     * aggregates up to date, all in one transaction. Duplicates change nothing.
     */
    ingest(tenantId: string, events: readonly CallEvent[], receivedAt: Date): IngestResult {
      return db.transaction(() => {
        const pending = pendingCells();
        const result = ingestInto(pending, tenantId, events, receivedAt);
        flushCells(pending, tenantId);
        return result;
      })();
    },

    /**
     * `ingest` for concurrent requests: batches that arrive in the same turn of the event loop
     * share one transaction (group commit), so one commit serves many requests. Resolves once
     * the batch is committed.
     */
    ingestSoon(tenantId: string, events: readonly CallEvent[], receivedAt: Date): Promise<IngestResult> {
      return new Promise((resolve, reject) => {
        queue.push({ tenantId, events, receivedAt, resolve, reject });
        if (queue.length === 1) setImmediate(drainQueue);
      });
    },

    /** Calls that started in [fromIso, toIso). */
    countStartedBetween(tenantId: string, fromIso: string, toIso: string): number {
      return collect(tenantId, toRange({ from: fromIso, to: toIso }), false).count();
    },

    /** One page of calls, newest first, and how many match in all. */
    list(
      tenantId: string,
      filters: CallFilters,
      page: number,
      pageSize: number,
    ): { calls: Call[]; total: number } {
      const params = filterParams(tenantId, filters);
      const where = filterSql(filters);
      const offset = (page - 1) * pageSize;
      const { before, skip } =
        offset >= seekAfterRows && filters.customerId === undefined
          ? seek(tenantId, filters, offset)
          : { before: MAX_MS, skip: offset };
      // Page through the index alone, then read only the rows of the page.
      const rows = cached(
        `SELECT * FROM calls WHERE id IN (SELECT id FROM calls WHERE ${where}
           ORDER BY start_ms DESC, id DESC LIMIT @limit OFFSET @offset)
         ORDER BY start_ms DESC, id DESC`,
        // One upper bound, so the index range starts right at the seek point.
      ).all({ ...params, to: Math.min(params.to, before), limit: pageSize, offset: skip }) as CallRow[];
      const total =
        filters.customerId === undefined
          ? collect(tenantId, { from: filters.from, to: filters.to }, false).count(
              filters.direction,
              filters.status,
            )
          : (cached(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`).get(params) as { n: number }).n;
      return { calls: rows.map(toCall), total };
    },

    /** Every matching call, oldest first, read in keyset chunks so memory stays flat. */
    *iterate(tenantId: string, filters: CallFilters, chunkSize = 1000): Generator<Call[]> {
      const statement = cached(
        `SELECT * FROM calls WHERE ${filterSql(filters)}
           AND (start_ms > @afterStart OR (start_ms = @afterStart AND id > @afterId))
         ORDER BY start_ms, id LIMIT @limit`,
      );
      let afterStart = MIN_MS - 1;
      let afterId = 0;
      for (;;) {
        const rows = statement.all({
          ...filterParams(tenantId, filters),
          afterStart,
          afterId,
          limit: chunkSize,
        }) as CallRow[];
        if (rows.length > 0) {
          const last = rows[rows.length - 1]!;
          afterStart = last.start_ms;
          afterId = last.id;
          yield rows.map(toCall);
        }
        if (rows.length < chunkSize) return;
      }
    },

    get(tenantId: string, callId: string): Call | undefined {
      const row = callRow.get(tenantId, callId);
      return row && toCall(row);
    },

    /** Calls not ended that had an event within the stale window. */
    active(tenantId: string, now: Date): Call[] {
      return liveCalls.all(tenantId, now.getTime() - staleCallMs).map(toCall);
    },

    recent(
      tenantId: string,
      limit = 10,
      range?: { from?: string | undefined; to?: string | undefined },
    ): Call[] {
      const { from, to } = toRange(range);
      return recentBetween.all(tenantId, from ?? MIN_MS, to ?? MAX_MS, limit).map(toCall);
    },

    /** The customer's calls, newest first. */
    listForCustomer(tenantId: string, customerId: string, limit: number): Call[] {
      return customerCalls.all(tenantId, customerId, limit).map(toCall);
    },

    totalsForCustomer(tenantId: string, customerId: string): { totalCalls: number; totalDuration: number } {
      const row = customerTotals.get(tenantId, customerId);
      return { totalCalls: row?.calls ?? 0, totalDuration: (row?.talk ?? 0) / 1000 };
    },

    /** The stored events of these calls, by call then time. */
    eventsForCalls(tenantId: string, callIds: readonly string[]): StoredCallEvent[] {
      if (callIds.length === 0) return [];
      return eventsOfCalls.all(tenantId, JSON.stringify(callIds)).map((row) => ({
        ...(JSON.parse(row.payload) as CallEvent),
        receivedAt: new Date(row.received_ms).toISOString(),
      }));
    },

    /** All-time call count and the time of the latest call event. */
    activity(tenantId: string): { totalCalls: number; lastActivityAt: string | null } {
      zoneForAggregates(tenantId);
      const stats = statsRow.get(tenantId);
      return { totalCalls: stats?.calls ?? 0, lastActivityAt: iso(stats?.last_activity_ms ?? null) };
    },

    /** Summary of the calls that started in [from, to) (either end open). */
    summary(
      tenantId: string,
      range?: { from?: string | undefined; to?: string | undefined },
    ): AnalyticsSummary {
      return collect(tenantId, toRange(range), false).summary();
    },

    /** Everything `analytics/detailed` shows except the call lists. */
    detailed(
      tenantId: string,
      range?: { from?: string | undefined; to?: string | undefined },
    ): DetailedAnalytics {
      const timeRange = toRange(range);
      const totals = collect(tenantId, timeRange, true);
      const top =
        timeRange.from === undefined && timeRange.to === undefined
          ? topCustomersAllTime.all(tenantId)
          : topCustomersIn(tenantId, timeRange);
      return {
        summary: totals.summary(),
        callsByHour: totals.byHour,
        callsByDayOfWeek: totals.byDayOfWeek,
        durationBuckets: totals.buckets,
        topCustomers: top.map((row) => ({
          customerId: row.customerId,
          customerName: row.customerName,
          callCount: row.callCount,
          totalDuration: row.talk / 1000,
        })),
      };
    },

    /** Per agent id: calls that started in [from, to) and how many of them connected. */
    countsByAgent(
      tenantId: string,
      range?: { from?: string | undefined; to?: string | undefined },
    ): Map<string, { calls: number; connected: number }> {
      const timeZone = zoneForAggregates(tenantId);
      const result = new Map<string, { calls: number; connected: number }>();
      const add = (row: { agent_id: string; calls: number; connected: number }) => {
        const entry = result.get(row.agent_id) ?? { calls: 0, connected: 0 };
        entry.calls += row.calls;
        entry.connected += row.connected;
        result.set(row.agent_id, entry);
      };
      const plan = planRange(timeZone, toRange(range), {});
      for (const days of plan.days)
        agentDays.all(tenantId, days.first ?? '', days.last ?? '9999-12-31').forEach(add);
      for (const [from, to] of plan.raw) agentRaw.all(tenantId, from, to).forEach(add);
      for (const [agentId, entry] of result) if (entry.calls === 0) result.delete(agentId);
      return result;
    },
  };
};
export type CallStore = ReturnType<typeof callStore>;

const hourKeyOf = hourStart;

/** Every column of `calls` that derivation sets (all but `id`). */
const CALL_COLUMNS = [
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

/** UTC ms of the start of a local day given as `YYYY-MM-DD`. */
const localDayStart = (timeZone: string, day: string): number => {
  const wall = Date.parse(`${day}T00:00:00Z`);
  return dayStart(timeZone, wall - offsetMs(timeZone, wall) + 3 * 3_600_000);
};

const rowOf = (tenantId: string, call: DerivedCall, timeZone: string) => ({
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
  hour_key: hourKeyOf(timeZone, call.startMs),
  day_key: localTime(timeZone, call.startMs).day,
});
