/**
 * What the SQLite and PostgreSQL call stores share: a `calls` row as a `Call`, the WHERE clause
 * of call-logs and the export, the walk through the rollups that finds a deep page, and the
 * total from the rollup cells. Each engine supplies only its own reads (both take `@name`
 * parameters: better-sqlite3 natively, PostgreSQL through `named`).
 */
import type { Call } from '@call-ribbon/contract';
import { dayStart, offsetMs, planRange } from '../calls/time-zone.ts';
import type { StatusCell } from '../stores/call-stats.ts';
import type { CallFilters } from '../stores/calls.ts';
import type { CallRow } from './sqlite/call-rollups.ts';

/** From this offset on, call-logs finds its page through the rollups instead of OFFSET. */
export const SEEK_AFTER_ROWS = 1000;
export const MIN_MS = -8_640_000_000_000_000;
export const MAX_MS = 8_640_000_000_000_000;

export interface CallStoreOptions {
  /** Offsets from which call-logs seeks through the rollups (default 1000; tests lower it). */
  seekAfterRows?: number | undefined;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const toCall = (row: CallRow): Call => ({
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

/** UTC ms of the start of a local day given as `YYYY-MM-DD`. */
const localDayStart = (timeZone: string, day: string): number => {
  const wall = Date.parse(`${day}T00:00:00Z`);
  return dayStart(timeZone, wall - offsetMs(timeZone, wall) + 3 * 3_600_000);
};

/** The WHERE clause of call-logs and the export for the filters given; `lower` names the start bound. */
export const filterSql = (filters: CallFilters, lower = '@from') =>
  [
    `tenant_id = @tenantId AND start_ms >= ${lower} AND start_ms < @to`,
    filters.customerId !== undefined ? 'customer_id = @customerId' : '',
    filters.direction !== undefined ? 'direction = @direction' : '',
    filters.status !== undefined ? 'status = @status' : '',
  ]
    .filter(Boolean)
    .join(' AND ');

/** The parameters of `filterSql`. */
export const filterParams = (tenantId: string, filters: CallFilters) => ({
  tenantId,
  from: filters.from ?? MIN_MS,
  to: filters.to ?? MAX_MS,
  ...(filters.customerId !== undefined && { customerId: filters.customerId }),
  ...(filters.direction !== undefined && { direction: filters.direction }),
  ...(filters.status !== undefined && { status: filters.status }),
});

/** The matching calls counted from the rollup cells of the range (no customer filter). */
export const totalOfCells = (cells: readonly StatusCell[], filters: CallFilters): number => {
  let total = 0;
  for (const cell of cells) {
    if (
      (filters.direction === undefined || cell.direction === filters.direction) &&
      (filters.status === undefined || cell.status === filters.status)
    )
      total += cell.calls;
  }
  return total;
};

type Counted<K> = { key: K; n: number };
type Rows<T> = Iterable<T> | Promise<Iterable<T>>;

/** The three reads the seek makes; the SQL is given, the engine runs it with the parameters. */
export interface SeekReads {
  /** Calls per local day in [first, last], newest first: the SQL's `@first`, `@last`. */
  days(sql: string, params: Record<string, unknown>): Rows<Counted<string>>;
  /** Calls per hour in [from, to), newest first: the SQL's `@from`, `@to`. */
  hours(sql: string, params: Record<string, unknown>): Rows<Counted<number>>;
  /** Matching calls that started in [a, b), from `calls` itself. */
  count(sql: string, params: Record<string, unknown>): number | Promise<number>;
}

/**
 * Where the `offset`-th newest matching call is, found from the rollups instead of by stepping
 * over `offset` index entries: walk whole days (newest first), then the hours of the day that
 * holds it. Returns a start time bound and the few rows left to skip below it. `days` and
 * `hours` may be lazy: the walk stops reading at the cell that holds the row.
 */
export const seekOffset = async (
  reads: SeekReads,
  timeZone: string,
  tenantId: string,
  filters: CallFilters,
  offset: number,
): Promise<{ before: number; skip: number }> => {
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
  const daysSql = `SELECT day_key AS key, SUM(calls) AS n FROM call_stats_daily
     WHERE tenant_id = @tenantId AND day_key >= @first AND day_key <= @last ${cells}
     GROUP BY day_key ORDER BY day_key DESC`;
  const hoursSql = `SELECT hour_key AS key, SUM(calls) AS n FROM call_stats_hourly
     WHERE tenant_id = @tenantId AND hour_key >= @from AND hour_key < @to ${cells}
     GROUP BY hour_key ORDER BY hour_key DESC`;
  const countSql = `SELECT COUNT(*) AS n FROM calls WHERE ${filterSql(filters)} AND start_ms >= @a AND start_ms < @b`;
  const segments: { kind: 'raw' | 'hours' | 'days'; span: [number, number]; index: number }[] = [
    ...plan.raw.map((span, index) => ({ kind: 'raw' as const, span, index })),
    ...plan.hours.map((span, index) => ({ kind: 'hours' as const, span, index })),
    ...plan.daySpans.map((span, index) => ({ kind: 'days' as const, span, index })),
  ].sort((x, y) => y.span[1] - x.span[1]);

  let remaining = offset;
  let before = MAX_MS;
  // Skips whole hours of [from, to) newest first; the hour that holds the row ends the walk.
  const walkHours = async (from: number, to: number): Promise<boolean> => {
    for (const row of await reads.hours(hoursSql, { ...cellParams, from, to })) {
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
      const n = await reads.count(countSql, { ...filterParams(tenantId, filters), a: from, b: to });
      if (remaining < n) return { before, skip: remaining };
      remaining -= n;
      before = from;
    } else if (segment.kind === 'hours') {
      if (await walkHours(from, to)) return { before, skip: remaining };
      before = from;
    } else {
      const keys = plan.days[segment.index]!;
      let found: string | undefined;
      const dayRows = await reads.days(daysSql, {
        ...cellParams,
        first: keys.first ?? '',
        last: keys.last ?? '9999-12-31',
      });
      for (const row of dayRows) {
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
