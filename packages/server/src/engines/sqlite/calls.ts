import type { CallStore } from '../../stores/calls.ts';
import {
  type CallStoreOptions,
  filterParams,
  filterSql,
  MAX_MS,
  MIN_MS,
  SEEK_AFTER_ROWS,
  type SeekReads,
  seekOffset,
  toCall,
  totalOfCells,
} from '../call-pages.ts';
import type { CallRow } from './call-rollups.ts';
import { rollupZones } from './call-rollups.ts';
import { rangeCells } from './call-stats.ts';
import type { Db } from './open.ts';

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

  const seekReads: SeekReads = {
    days: (sql, params) => cached(sql).iterate(params) as Iterable<{ key: string; n: number }>,
    hours: (sql, params) => cached(sql).iterate(params) as Iterable<{ key: number; n: number }>,
    count: (sql, params) => (cached(sql).get(params) as { n: number }).n,
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
          ? await seekOffset(seekReads, zoneOf(tenantId), tenantId, filters, offset)
          : { before: MAX_MS, skip: offset };
      // Page through the index alone, then read only the rows of the page.
      const rows = cached(
        `SELECT * FROM calls WHERE id IN (SELECT id FROM calls WHERE ${where}
           ORDER BY start_ms DESC, id DESC LIMIT @limit OFFSET @offset)
         ORDER BY start_ms DESC, id DESC`,
        // One upper bound, so the index range starts right at the seek point.
      ).all({ ...params, to: Math.min(params.to, before), limit: pageSize, offset: skip }) as CallRow[];
      let total: number;
      if (filters.customerId === undefined) total = totalOfCells(cellsIn(tenantId, filters), filters);
      else total = (cached(`SELECT COUNT(*) AS n FROM calls WHERE ${where}`).get(params) as { n: number }).n;
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
