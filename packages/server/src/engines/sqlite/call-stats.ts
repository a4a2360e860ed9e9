import {
  type CellRow,
  CellSums,
  FIRST_DAY,
  isAllTime,
  LAST_DAY,
  LAST_MONTH,
  type RawCallRow,
  Spread,
  sums,
} from '../../calls/range-stats.ts';
import { HOUR_COLUMNS, ROLLUPS, TALK_BUCKET_COLUMNS } from '../../calls/rollup-cells.ts';
import { planRange } from '../../calls/time-zone.ts';
import type {
  AgentCalls,
  CallStatsStore,
  CustomerCalls,
  RangeStats,
  StatusCell,
} from '../../stores/call-stats.ts';
import type { TimeRange } from '../../stores/calls.ts';
import { rollupZones } from './call-rollups.ts';
import type { Db } from './open.ts';

/**
 * Reads of the call rollups for a range: whole local days from the daily table, whole local
 * hours from the hourly one, only the partial hours at the edges from `calls`.
 */
const rangeReads = (db: Db) => {
  const zoneOf = rollupZones(db);
  const totals = db.prepare<[string], CellRow & Record<string, number>>(
    `SELECT * FROM ${ROLLUPS.totals.table} WHERE tenant_id = ?`,
  );
  const dayCells = db.prepare<[string, string, string], CellRow>(
    `SELECT direction, status, SUM(calls) AS calls, SUM(talk_ms) AS talk_ms FROM ${ROLLUPS.daily.table}
     WHERE tenant_id = ? AND day_key >= ? AND day_key <= ? GROUP BY direction, status`,
  );
  const daySpread = db.prepare<[string, string, string], Record<string, number>>(
    `SELECT day_of_week, SUM(calls) AS calls, ${sums([...TALK_BUCKET_COLUMNS, ...HOUR_COLUMNS])}
     FROM ${ROLLUPS.daily.table} WHERE tenant_id = ? AND day_key >= ? AND day_key <= ? GROUP BY day_of_week`,
  );
  const hourCells = db.prepare<[string, number, number], CellRow>(
    `SELECT direction, status, SUM(calls) AS calls, SUM(talk_ms) AS talk_ms FROM ${ROLLUPS.hourly.table}
     WHERE tenant_id = ? AND hour_key >= ? AND hour_key < ? GROUP BY direction, status`,
  );
  const hourSpread = db.prepare<[string, number, number], Record<string, number>>(
    `SELECT hour_of_day, day_of_week, SUM(calls) AS calls, ${sums(TALK_BUCKET_COLUMNS)}
     FROM ${ROLLUPS.hourly.table} WHERE tenant_id = ? AND hour_key >= ? AND hour_key < ?
     GROUP BY hour_of_day, day_of_week`,
  );
  const rawCalls = db.prepare<[string, number, number], RawCallRow>(
    'SELECT direction, status, start_ms, duration FROM calls WHERE tenant_id = ? AND start_ms >= ? AND start_ms < ?',
  );

  const cells = (tenantId: string, range: TimeRange): StatusCell[] => {
    const timeZone = zoneOf(tenantId);
    const sum = new CellSums();
    if (isAllTime(range)) {
      sum.addRows(totals.all(tenantId));
      return sum.list();
    }
    const plan = planRange(timeZone, range);
    for (const days of plan.days)
      sum.addRows(dayCells.all(tenantId, days.first ?? FIRST_DAY, days.last ?? LAST_DAY));
    for (const [from, to] of plan.hours) sum.addRows(hourCells.all(tenantId, from, to));
    for (const [from, to] of plan.raw) sum.addRaw(rawCalls.iterate(tenantId, from, to));
    return sum.list();
  };

  const detail = (tenantId: string, range: TimeRange): RangeStats => {
    const timeZone = zoneOf(tenantId);
    const spread = new Spread();
    if (isAllTime(range)) {
      spread.addTotals(totals.all(tenantId));
      return spread.stats(cells(tenantId, range));
    }
    const plan = planRange(timeZone, range);
    for (const days of plan.days)
      spread.addDays(daySpread.all(tenantId, days.first ?? FIRST_DAY, days.last ?? LAST_DAY));
    for (const [from, to] of plan.hours) spread.addHours(hourSpread.all(tenantId, from, to));
    for (const [from, to] of plan.raw) spread.addRaw(timeZone, rawCalls.iterate(tenantId, from, to));
    return spread.stats(cells(tenantId, range));
  };

  return { zoneOf, cells, detail };
};

/** The (direction, status) cells of a range, for other SQLite stores (call-logs' total). */
export const rangeCells = (db: Db): ((tenantId: string, range: TimeRange) => StatusCell[]) =>
  rangeReads(db).cells;

/** Call stats on SQLite: every read from the rollups `CallEventStore.append` keeps current. */
export const callStatsStore = (db: Db): CallStatsStore => {
  const { zoneOf, cells, detail } = rangeReads(db);
  const customerName = db.prepare<{ tenantId: string; customerId: string }, { name: string | null }>(
    `SELECT COALESCE(
       (SELECT customer_name FROM ${ROLLUPS.customers.table} WHERE tenant_id = @tenantId AND customer_id = @customerId),
       (SELECT name FROM customers WHERE tenant_id = @tenantId AND customer_id = @customerId)) AS name`,
  );
  const topAllTime = db.prepare<[string, number], { customerId: string; calls: number; talkMs: number }>(
    `SELECT customer_id AS customerId, calls, talk_ms AS talkMs FROM ${ROLLUPS.customers.table}
     WHERE tenant_id = ? AND calls > 0 ORDER BY calls DESC, talk_ms DESC, customer_id LIMIT ?`,
  );
  const customerTotals = db.prepare<[string, string], { calls: number; talk_ms: number }>(
    `SELECT calls, talk_ms FROM ${ROLLUPS.customers.table} WHERE tenant_id = ? AND customer_id = ?`,
  );
  const agentDays = db.prepare<
    [string, string, string],
    { agent_id: string; calls: number; connected: number }
  >(
    `SELECT agent_id, SUM(calls) AS calls, SUM(connected) AS connected FROM ${ROLLUPS.agentsDaily.table}
     WHERE tenant_id = ? AND day_key >= ? AND day_key <= ? GROUP BY agent_id`,
  );
  const agentRaw = db.prepare<
    [string, number, number],
    { agent_id: string; calls: number; connected: number }
  >(
    `SELECT agent_id, COUNT(*) AS calls, SUM(answer_ms IS NOT NULL) AS connected FROM calls
     WHERE tenant_id = ? AND start_ms >= ? AND start_ms < ? AND agent_id IS NOT NULL GROUP BY agent_id`,
  );
  const tenantRow = db.prepare<[string], { calls: number; last_activity_ms: number | null }>(
    `SELECT calls, last_activity_ms FROM ${ROLLUPS.tenant.table} WHERE tenant_id = ?`,
  );
  // Top customers of a range: one statement per plan shape, prepared on first use.
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const cached = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  /** Whole local months and days from their tables, the partial days at the edges from the calls. */
  const topInRange = (tenantId: string, range: TimeRange, limit: number) => {
    const plan = planRange(zoneOf(tenantId), range, { months: true });
    const parts: string[] = [];
    const params: Record<string, string | number> = { tenantId, limit };
    if (plan.months) {
      parts.push(`SELECT customer_id, calls, talk_ms FROM ${ROLLUPS.customersMonthly.table}
        WHERE tenant_id = @tenantId AND month_key >= @m0 AND month_key <= @m1`);
      params.m0 = plan.months.first ?? '';
      params.m1 = plan.months.last ?? LAST_MONTH;
    }
    plan.days.forEach((days, i) => {
      parts.push(`SELECT customer_id, calls, talk_ms FROM ${ROLLUPS.customersDaily.table}
        WHERE tenant_id = @tenantId AND day_key >= @d${i}a AND day_key <= @d${i}b`);
      params[`d${i}a`] = days.first ?? FIRST_DAY;
      params[`d${i}b`] = days.last ?? LAST_DAY;
    });
    // By start time: the customer index would walk every call of the tenant for a few hours of them.
    plan.raw.forEach(([from, to], i) => {
      parts.push(`SELECT customer_id, 1 AS calls, CAST(round(duration * 1000) AS INTEGER) AS talk_ms
        FROM calls INDEXED BY calls_by_start
        WHERE tenant_id = @tenantId AND start_ms >= @r${i}a AND start_ms < @r${i}b AND customer_id IS NOT NULL`);
      params[`r${i}a`] = from;
      params[`r${i}b`] = to;
    });
    if (parts.length === 0) return [];
    // One statement, so only the winners cross into JavaScript.
    return cached(
      `SELECT customer_id AS customerId, SUM(calls) AS calls, SUM(talk_ms) AS talkMs
       FROM (${parts.join(' UNION ALL ')})
       GROUP BY customer_id HAVING SUM(calls) > 0 ORDER BY calls DESC, talkMs DESC, customer_id LIMIT @limit`,
    ).all(params) as { customerId: string; calls: number; talkMs: number }[];
  };

  return {
    async cells(tenantId, range) {
      return cells(tenantId, range);
    },

    async detail(tenantId, range) {
      return detail(tenantId, range);
    },

    async topCustomers(tenantId, range, limit): Promise<CustomerCalls[]> {
      zoneOf(tenantId);
      const top =
        range.from === undefined && range.to === undefined
          ? topAllTime.all(tenantId, limit)
          : topInRange(tenantId, range, limit);
      return top.map((row) => ({
        customerId: row.customerId,
        customerName: customerName.get({ tenantId, customerId: row.customerId })?.name ?? null,
        calls: row.calls,
        talkMs: row.talkMs,
      }));
    },

    async byAgent(tenantId, range) {
      const result = new Map<string, AgentCalls>();
      const add = (row: { agent_id: string; calls: number; connected: number }) => {
        const entry = result.get(row.agent_id) ?? { calls: 0, connected: 0 };
        entry.calls += row.calls;
        entry.connected += row.connected;
        result.set(row.agent_id, entry);
      };
      const plan = planRange(zoneOf(tenantId), range, {});
      for (const days of plan.days)
        agentDays.all(tenantId, days.first ?? FIRST_DAY, days.last ?? LAST_DAY).forEach(add);
      for (const [from, to] of plan.raw) agentRaw.all(tenantId, from, to).forEach(add);
      for (const [agentId, entry] of result) if (entry.calls === 0) result.delete(agentId);
      return result;
    },

    async forCustomer(tenantId, customerId) {
      const row = customerTotals.get(tenantId, customerId);
      return { calls: row?.calls ?? 0, talkMs: row?.talk_ms ?? 0 };
    },

    async activity(tenantId) {
      zoneOf(tenantId);
      const row = tenantRow.get(tenantId);
      const lastActivityMs = row?.last_activity_ms ?? null;
      return {
        totalCalls: row?.calls ?? 0,
        lastActivityAt: lastActivityMs === null ? null : new Date(lastActivityMs).toISOString(),
      };
    },
  };
};
