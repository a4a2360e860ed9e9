import type { Call } from '@call-ribbon/contract';
import { dayStart, offsetMs, planRange } from '../../calls/time-zone.ts';
import type { CallFilters, CallStore } from '../../stores/calls.ts';
import type { CallRow } from './call-rollups.ts';
import { rollupZones } from './call-rollups.ts';
import { rangeCells } from './call-stats.ts';
import type { Db } from './open.ts';

/** From this offset on, call-logs finds its page through the rollups instead of OFFSET. */
const SEEK_AFTER_ROWS = 1000;
const MIN_MS = -8_640_000_000_000_000;
const MAX_MS = 8_640_000_000_000_000;

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

/** Calls on SQLite: read from `calls` (kept by the call event store) through its indexes. */
export const callStore = (db: Db, options: CallStoreOptions = {}): CallStore => {
  const seekAfterRows = options.seekAfterRows ?? SEEK_AFTER_ROWS;
  const zoneOf = rollupZones(db);
  const cellsIn = rangeCells(db);

  const callRow = db.prepare<[string, string], CallRow>(
    'SELECT * FROM calls WHERE tenant_id = ? AND call_id = ?',
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
  // One statement per combination of optional filters, prepared on first use.
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const cached = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  /**
   * Where the `offset`-th newest matching call is, found from the rollups instead of by
   * stepping over `offset` index entries: walk whole days (newest first), then the hours of
   * the day that holds it. Returns a start time bound and the few rows left to skip below it.
   */
  const seek = (tenantId: string, filters: CallFilters, offset: number): { before: number; skip: number } => {
    const timeZone = zoneOf(tenantId);
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
        const { n } = countRaw.get({ ...filterParams(tenantId, filters), a: from, b: to }) as { n: number };
        if (remaining < n) return { before, skip: remaining };
        remaining -= n;
        before = from;
      } else if (segment.kind === 'hours') {
        if (walkHours(from, to)) return { before, skip: remaining };
        before = from;
      } else {
        const keys = plan.days[segment.index]!;
        let found: string | undefined;
        const dayRows = days.iterate({
          ...cellParams,
          first: keys.first ?? '',
          last: keys.last ?? '9999-12-31',
        }) as Iterable<{ key: string; n: number }>;
        for (const row of dayRows) {
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

  return {
    async get(tenantId, callId) {
      const row = callRow.get(tenantId, callId);
      return row && toCall(row);
    },

    async list(tenantId, filters, page, pageSize) {
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
      let total: number;
      if (filters.customerId === undefined) {
        total = 0;
        for (const cell of cellsIn(tenantId, filters)) {
          if (
            (filters.direction === undefined || cell.direction === filters.direction) &&
            (filters.status === undefined || cell.status === filters.status)
          ) {
            total += cell.calls;
          }
        }
      } else
        total = (cached(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`).get(params) as { n: number }).n;
      return { calls: rows.map(toCall), total };
    },

    async *chunks(tenantId, filters, chunkSize) {
      // Keyset on (start_ms, id): the range seek starts at the last row sent, so a chunk deep in
      // the table costs what the first one does; only rows sharing that start time are re-read.
      const statement = cached(
        `SELECT * FROM calls WHERE ${filterSql(filters, '@lower')}
           AND (start_ms > @afterStart OR id > @afterId)
         ORDER BY start_ms, id LIMIT @limit`,
      );
      const params = filterParams(tenantId, filters);
      let afterStart = MIN_MS - 1;
      let afterId = 0;
      for (;;) {
        const rows = statement.all({
          ...params,
          lower: Math.max(params.from, afterStart),
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
        // Other requests run between two chunks.
        await new Promise(setImmediate);
      }
    },

    async active(tenantId, since) {
      return liveCalls.all(tenantId, since.getTime()).map(toCall);
    },

    async recent(tenantId, limit, range) {
      return recentBetween.all(tenantId, range?.from ?? MIN_MS, range?.to ?? MAX_MS, limit).map(toCall);
    },

    async listForCustomer(tenantId, customerId, limit) {
      return customerCalls.all(tenantId, customerId, limit).map(toCall);
    },
  };
};
