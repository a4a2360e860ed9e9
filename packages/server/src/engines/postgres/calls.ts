import { dayStart, offsetMs, planRange } from '../../calls/time-zone.ts';
import type { CallFilters, CallStore } from '../../stores/calls.ts';
import type { CallRow } from '../sqlite/call-rollups.ts';
import { toCall } from '../sqlite/calls.ts';
import { rollupZone } from './call-rollups.ts';
import { rangeCells } from './call-stats.ts';
import { named, type Pool } from './pool.ts';

/** From this offset on, call-logs finds its page through the rollups instead of OFFSET. */
const SEEK_AFTER_ROWS = 1000;
const MIN_MS = -8_640_000_000_000_000;
const MAX_MS = 8_640_000_000_000_000;

export interface CallStoreOptions {
  /** Offsets from which call-logs seeks through the rollups (default 1000; tests lower it). */
  seekAfterRows?: number | undefined;
}

/** UTC ms of the start of a local day given as `YYYY-MM-DD`. */
const localDayStart = (timeZone: string, day: string): number => {
  const wall = Date.parse(`${day}T00:00:00Z`);
  return dayStart(timeZone, wall - offsetMs(timeZone, wall) + 3 * 3_600_000);
};

/** The WHERE clause of call-logs and the export for the filters given; `lower` names the start bound. */
const filterSql = (filters: CallFilters, lower = '@from') =>
  [
    `tenant_id = @tenantId AND start_ms >= ${lower} AND start_ms < @to`,
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

/** Calls on PostgreSQL: read from `calls` (kept by the call event store) through its indexes. */
export const callStore = (pool: Pool, options: CallStoreOptions = {}): CallStore => {
  const seekAfterRows = options.seekAfterRows ?? SEEK_AFTER_ROWS;
  const cellsIn = rangeCells(pool);

  const select = async <T>(text: string, params: Record<string, unknown>): Promise<T[]> =>
    (await pool.query(named(text, params))).rows as T[];

  /**
   * Where the `offset`-th newest matching call is, found from the rollups instead of by
   * stepping over `offset` index entries: walk whole days (newest first), then the hours of
   * the day that holds it. Returns a start time bound and the few rows left to skip below it.
   */
  const seek = async (
    tenantId: string,
    filters: CallFilters,
    offset: number,
  ): Promise<{ before: number; skip: number }> => {
    const timeZone = await rollupZone(pool, tenantId);
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
    const days = (first: string, last: string) =>
      select<{ key: string; n: number }>(
        `SELECT day_key AS key, SUM(calls) AS n FROM call_stats_daily
         WHERE tenant_id = @tenantId AND day_key >= @first AND day_key <= @last ${cells}
         GROUP BY day_key ORDER BY day_key DESC`,
        { ...cellParams, first, last },
      );
    const hours = (from: number, to: number) =>
      select<{ key: number; n: number }>(
        `SELECT hour_key AS key, SUM(calls) AS n FROM call_stats_hourly
         WHERE tenant_id = @tenantId AND hour_key >= @from AND hour_key < @to ${cells}
         GROUP BY hour_key ORDER BY hour_key DESC`,
        { ...cellParams, from, to },
      );
    const countRaw = async (a: number, b: number) =>
      (
        await select<{ n: number }>(
          `SELECT COUNT(*) AS n FROM calls WHERE ${filterSql(filters)} AND start_ms >= @a AND start_ms < @b`,
          { ...filterParams(tenantId, filters), a, b },
        )
      )[0]!.n;
    const segments: { kind: 'raw' | 'hours' | 'days'; span: [number, number]; index: number }[] = [
      ...plan.raw.map((span, index) => ({ kind: 'raw' as const, span, index })),
      ...plan.hours.map((span, index) => ({ kind: 'hours' as const, span, index })),
      ...plan.daySpans.map((span, index) => ({ kind: 'days' as const, span, index })),
    ].sort((x, y) => y.span[1] - x.span[1]);

    let remaining = offset;
    let before = MAX_MS;
    // Skips whole hours of [from, to) newest first; the hour that holds the row ends the walk.
    const walkHours = async (from: number, to: number): Promise<boolean> => {
      for (const row of await hours(from, to)) {
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
        const n = await countRaw(from, to);
        if (remaining < n) return { before, skip: remaining };
        remaining -= n;
        before = from;
      } else if (segment.kind === 'hours') {
        if (await walkHours(from, to)) return { before, skip: remaining };
        before = from;
      } else {
        const keys = plan.days[segment.index]!;
        let found: string | undefined;
        for (const row of await days(keys.first ?? '', keys.last ?? '9999-12-31')) {
          if (remaining < row.n) {
            found = row.key;
            break;
          }
          remaining -= row.n;
          before = localDayStart(timeZone, row.key);
        }
        if (found !== undefined) {
          await walkHours(localDayStart(timeZone, found), before);
          return { before, skip: remaining };
        }
        if (Number.isFinite(from)) before = from;
      }
    }
    return { before, skip: remaining };
  };

  return {
    async get(tenantId, callId) {
      const { rows } = await pool.query<CallRow>({
        name: 'calls-get',
        text: 'SELECT * FROM calls WHERE tenant_id = $1 AND call_id = $2',
        values: [tenantId, callId],
      });
      return rows[0] && toCall(rows[0]);
    },

    async list(tenantId, filters, page, pageSize) {
      const params = filterParams(tenantId, filters);
      const where = filterSql(filters);
      const offset = (page - 1) * pageSize;
      const { before, skip } =
        offset >= seekAfterRows && filters.customerId === undefined
          ? await seek(tenantId, filters, offset)
          : { before: MAX_MS, skip: offset };
      const rows = await select<CallRow>(
        `SELECT * FROM calls WHERE ${where} ORDER BY start_ms DESC, id DESC LIMIT @limit OFFSET @offset`,
        // One upper bound, so the index range starts right at the seek point.
        { ...params, to: Math.min(params.to, before), limit: pageSize, offset: skip },
      );
      let total: number;
      if (filters.customerId === undefined) {
        total = 0;
        for (const cell of await cellsIn(tenantId, filters)) {
          if (
            (filters.direction === undefined || cell.direction === filters.direction) &&
            (filters.status === undefined || cell.status === filters.status)
          ) {
            total += cell.calls;
          }
        }
      } else
        total = (await select<{ n: number }>(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`, params))[0]!.n;
      return { calls: rows.map(toCall), total };
    },

    async *chunks(tenantId, filters, chunkSize) {
      // Keyset on (start_ms, id): each chunk seeks to the row after the last one sent, so a
      // chunk deep in the table costs what the first one does.
      const text = `SELECT * FROM calls WHERE ${filterSql(filters)} AND (start_ms, id) > (@afterStart, @afterId)
         ORDER BY start_ms, id LIMIT @limit`;
      const params = filterParams(tenantId, filters);
      let afterStart = MIN_MS - 1;
      let afterId = 0;
      for (;;) {
        const rows = await select<CallRow>(text, { ...params, afterStart, afterId, limit: chunkSize });
        if (rows.length > 0) {
          const last = rows[rows.length - 1]!;
          afterStart = last.start_ms;
          afterId = last.id;
          yield rows.map(toCall);
        }
        if (rows.length < chunkSize) return;
      }
    },

    async active(tenantId, since) {
      const { rows } = await pool.query<CallRow>({
        name: 'calls-active',
        text: `SELECT * FROM calls WHERE tenant_id = $1 AND ended = 0 AND last_event_ms >= $2
               ORDER BY start_ms DESC, id DESC`,
        values: [tenantId, since.getTime()],
      });
      return rows.map(toCall);
    },

    async recent(tenantId, limit, range) {
      const { rows } = await pool.query<CallRow>({
        name: 'calls-recent',
        text: `SELECT * FROM calls WHERE tenant_id = $1 AND start_ms >= $2 AND start_ms < $3
               ORDER BY start_ms DESC, id DESC LIMIT $4`,
        values: [tenantId, range?.from ?? MIN_MS, range?.to ?? MAX_MS, limit],
      });
      return rows.map(toCall);
    },

    async listForCustomer(tenantId, customerId, limit) {
      const { rows } = await pool.query<CallRow>({
        name: 'calls-for-customer',
        text: `SELECT * FROM calls WHERE tenant_id = $1 AND customer_id = $2
               ORDER BY start_ms DESC, id DESC LIMIT $3`,
        values: [tenantId, customerId, limit],
      });
      return rows.map(toCall);
    },
  };
};
