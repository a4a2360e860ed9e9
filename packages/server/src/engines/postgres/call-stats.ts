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
import { rollupZone } from './call-rollups.ts';
import { named, type Pool } from './pool.ts';

/**
 * Reads of the call rollups for a range: whole local days from the daily table, whole local
 * hours from the hourly one, only the partial hours at the edges from `calls`.
 */
const rangeReads = (pool: Pool) => {
  const rows = async <T>(name: string, text: string, values: unknown[]): Promise<T[]> =>
    (await pool.query({ name, text, values })).rows as T[];
  const totals = (tenantId: string) =>
    rows<CellRow & Record<string, number>>(
      'stats-totals',
      `SELECT * FROM ${ROLLUPS.totals.table} WHERE tenant_id = $1`,
      [tenantId],
    );
  const dayCells = (tenantId: string, first: string, last: string) =>
    rows<CellRow>(
      'stats-day-cells',
      `SELECT direction, status, SUM(calls) AS calls, SUM(talk_ms) AS talk_ms FROM ${ROLLUPS.daily.table}
       WHERE tenant_id = $1 AND day_key >= $2 AND day_key <= $3 GROUP BY direction, status`,
      [tenantId, first, last],
    );
  const daySpread = (tenantId: string, first: string, last: string) =>
    rows<Record<string, number>>(
      'stats-day-spread',
      `SELECT day_of_week, SUM(calls) AS calls, ${sums([...TALK_BUCKET_COLUMNS, ...HOUR_COLUMNS])}
       FROM ${ROLLUPS.daily.table} WHERE tenant_id = $1 AND day_key >= $2 AND day_key <= $3 GROUP BY day_of_week`,
      [tenantId, first, last],
    );
  const hourCells = (tenantId: string, from: number, to: number) =>
    rows<CellRow>(
      'stats-hour-cells',
      `SELECT direction, status, SUM(calls) AS calls, SUM(talk_ms) AS talk_ms FROM ${ROLLUPS.hourly.table}
       WHERE tenant_id = $1 AND hour_key >= $2 AND hour_key < $3 GROUP BY direction, status`,
      [tenantId, from, to],
    );
  const hourSpread = (tenantId: string, from: number, to: number) =>
    rows<Record<string, number>>(
      'stats-hour-spread',
      `SELECT hour_of_day, day_of_week, SUM(calls) AS calls, ${sums(TALK_BUCKET_COLUMNS)}
       FROM ${ROLLUPS.hourly.table} WHERE tenant_id = $1 AND hour_key >= $2 AND hour_key < $3
       GROUP BY hour_of_day, day_of_week`,
      [tenantId, from, to],
    );
  const rawCalls = (tenantId: string, from: number, to: number) =>
    rows<RawCallRow>(
      'stats-raw-calls',
      'SELECT direction, status, start_ms, duration FROM calls WHERE tenant_id = $1 AND start_ms >= $2 AND start_ms < $3',
      [tenantId, from, to],
    );

  const cells = async (tenantId: string, range: TimeRange): Promise<StatusCell[]> => {
    const timeZone = await rollupZone(pool, tenantId);
    const sum = new CellSums();
    if (isAllTime(range)) {
      sum.addRows(await totals(tenantId));
      return sum.list();
    }
    const plan = planRange(timeZone, range);
    const reads = await Promise.all([
      ...plan.days.map((days) => dayCells(tenantId, days.first ?? FIRST_DAY, days.last ?? LAST_DAY)),
      ...plan.hours.map(([from, to]) => hourCells(tenantId, from, to)),
    ]);
    for (const read of reads) sum.addRows(read);
    for (const [from, to] of plan.raw) sum.addRaw(await rawCalls(tenantId, from, to));
    return sum.list();
  };

  const detail = async (tenantId: string, range: TimeRange): Promise<RangeStats> => {
    const timeZone = await rollupZone(pool, tenantId);
    const spread = new Spread();
    if (isAllTime(range)) {
      spread.addTotals(await totals(tenantId));
      return spread.stats(await cells(tenantId, range));
    }
    const plan = planRange(timeZone, range);
    for (const days of plan.days)
      spread.addDays(await daySpread(tenantId, days.first ?? FIRST_DAY, days.last ?? LAST_DAY));
    for (const [from, to] of plan.hours) spread.addHours(await hourSpread(tenantId, from, to));
    for (const [from, to] of plan.raw) spread.addRaw(timeZone, await rawCalls(tenantId, from, to));
    return spread.stats(await cells(tenantId, range));
  };

  return { cells, detail };
};

/** The (direction, status) cells of a range, for other PostgreSQL stores (call-logs' total). */
export const rangeCells = (pool: Pool): ((tenantId: string, range: TimeRange) => Promise<StatusCell[]>) =>
  rangeReads(pool).cells;

/** Call stats on PostgreSQL: every read from the rollups `CallEventStore.append` keeps current. */
export const callStatsStore = (pool: Pool): CallStatsStore => {
  const { cells, detail } = rangeReads(pool);

  /** Whole local months and days from their tables, the partial days at the edges from the calls. */
  const topInRange = async (tenantId: string, range: TimeRange, limit: number) => {
    const plan = planRange(await rollupZone(pool, tenantId), range, { months: true });
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
    plan.raw.forEach(([from, to], i) => {
      parts.push(`SELECT customer_id, 1 AS calls, round(duration * 1000)::bigint AS talk_ms FROM calls
        WHERE tenant_id = @tenantId AND start_ms >= @r${i}a AND start_ms < @r${i}b AND customer_id IS NOT NULL`);
      params[`r${i}a`] = from;
      params[`r${i}b`] = to;
    });
    if (parts.length === 0) return [];
    // One statement, so only the winners cross the wire.
    const { rows } = await pool.query<{ customerId: string; calls: number; talkMs: number }>(
      named(
        // A cell's calls fit in INTEGER, whose sum is a BIGINT (cheaper to add than NUMERIC).
        `SELECT customer_id AS "customerId", SUM(calls::integer) AS calls, SUM(talk_ms) AS "talkMs"
         FROM (${parts.join(' UNION ALL ')}) AS parts
         GROUP BY customer_id HAVING SUM(calls::integer) > 0 ORDER BY calls DESC, "talkMs" DESC, customer_id LIMIT @limit`,
        params,
      ),
    );
    return rows;
  };

  return {
    cells,
    detail,

    async topCustomers(tenantId, range, limit): Promise<CustomerCalls[]> {
      let top: { customerId: string; calls: number; talkMs: number }[];
      if (range.from === undefined && range.to === undefined) {
        await rollupZone(pool, tenantId);
        top = (
          await pool.query({
            name: 'stats-top-all-time',
            text: `SELECT customer_id AS "customerId", calls, talk_ms AS "talkMs" FROM ${ROLLUPS.customers.table}
                   WHERE tenant_id = $1 AND calls > 0 ORDER BY calls DESC, talk_ms DESC, customer_id LIMIT $2`,
            values: [tenantId, limit],
          })
        ).rows;
      } else top = await topInRange(tenantId, range, limit);
      if (top.length === 0) return [];
      // The name from the call rollups, else from the customer record.
      const { rows } = await pool.query<{ customer_id: string; name: string | null }>({
        name: 'stats-customer-names',
        text: `SELECT k.customer_id, COALESCE(s.customer_name, c.name) AS name
               FROM unnest($2::text[]) AS k(customer_id)
               LEFT JOIN ${ROLLUPS.customers.table} s ON s.tenant_id = $1 AND s.customer_id = k.customer_id
               LEFT JOIN customers c ON c.tenant_id = $1 AND c.customer_id = k.customer_id`,
        values: [tenantId, top.map((row) => row.customerId)],
      });
      const names = new Map(rows.map((row) => [row.customer_id, row.name]));
      return top.map((row) => ({
        customerId: row.customerId,
        customerName: names.get(row.customerId) ?? null,
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
      const plan = planRange(await rollupZone(pool, tenantId), range, {});
      for (const days of plan.days) {
        const { rows } = await pool.query({
          name: 'stats-agent-days',
          text: `SELECT agent_id, SUM(calls) AS calls, SUM(connected) AS connected FROM ${ROLLUPS.agentsDaily.table}
                 WHERE tenant_id = $1 AND day_key >= $2 AND day_key <= $3 GROUP BY agent_id`,
          values: [tenantId, days.first ?? FIRST_DAY, days.last ?? LAST_DAY],
        });
        rows.forEach(add);
      }
      for (const [from, to] of plan.raw) {
        const { rows } = await pool.query({
          name: 'stats-agent-raw',
          text: `SELECT agent_id, COUNT(*) AS calls, COUNT(answer_ms) AS connected FROM calls
                 WHERE tenant_id = $1 AND start_ms >= $2 AND start_ms < $3 AND agent_id IS NOT NULL GROUP BY agent_id`,
          values: [tenantId, from, to],
        });
        rows.forEach(add);
      }
      for (const [agentId, entry] of result) if (entry.calls === 0) result.delete(agentId);
      return result;
    },

    async forCustomer(tenantId, customerId) {
      const { rows } = await pool.query<{ calls: number; talk_ms: number }>({
        name: 'stats-for-customer',
        text: `SELECT calls, talk_ms FROM ${ROLLUPS.customers.table} WHERE tenant_id = $1 AND customer_id = $2`,
        values: [tenantId, customerId],
      });
      return { calls: rows[0]?.calls ?? 0, talkMs: rows[0]?.talk_ms ?? 0 };
    },

    async activity(tenantId) {
      await rollupZone(pool, tenantId);
      const { rows } = await pool.query<{ calls: number; last_activity_ms: number | null }>({
        name: 'stats-activity',
        text: `SELECT calls, last_activity_ms FROM ${ROLLUPS.tenant.table} WHERE tenant_id = $1`,
        values: [tenantId],
      });
      const lastActivityMs = rows[0]?.last_activity_ms ?? null;
      return {
        totalCalls: rows[0]?.calls ?? 0,
        lastActivityAt: lastActivityMs === null ? null : new Date(lastActivityMs).toISOString(),
      };
    },
  };
};
