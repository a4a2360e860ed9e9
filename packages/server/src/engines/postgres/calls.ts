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
import type { CallRow } from '../sqlite/call-rollups.ts';
import { rollupZone } from './call-rollups.ts';
import { rangeCells } from './call-stats.ts';
import { named, type Pool } from './pool.ts';

/** Calls on PostgreSQL: read from `calls` (kept by the call event store) through its indexes. */
export const callStore = (pool: Pool, options: CallStoreOptions = {}): CallStore => {
  const seekAfterRows = options.seekAfterRows ?? SEEK_AFTER_ROWS;
  const cellsIn = rangeCells(pool);

  const select = async <T>(text: string, params: Record<string, unknown>): Promise<T[]> =>
    (await pool.query(named(text, params))).rows as T[];

  const seekReads: SeekReads = {
    days: (sql, params) => select<{ key: string; n: number }>(sql, params),
    hours: (sql, params) => select<{ key: number; n: number }>(sql, params),
    count: async (sql, params) => (await select<{ n: number }>(sql, params))[0]!.n,
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
          ? await seekOffset(seekReads, await rollupZone(pool, tenantId), tenantId, filters, offset)
          : { before: MAX_MS, skip: offset };
      const rows = await select<CallRow>(
        `SELECT * FROM calls WHERE ${where} ORDER BY start_ms DESC, id DESC LIMIT @limit OFFSET @offset`,
        // One upper bound, so the index range starts right at the seek point.
        { ...params, to: Math.min(params.to, before), limit: pageSize, offset: skip },
      );
      let total: number;
      if (filters.customerId === undefined) total = totalOfCells(await cellsIn(tenantId, filters), filters);
      else
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
