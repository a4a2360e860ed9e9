import type { CrmEntity } from '@call-ribbon/contract';
import type { CrmRecord, CrmRecordStore } from '../../stores/crm-records.ts';
import { inTransaction, type Pool, type PoolClient } from './pool.ts';

const tableOf = (entity: CrmEntity): string => `crm_${entity.replace(/-/g, '_')}`;

/** Records written by one statement: a request holds at most MAX_CRM_BATCH of them. */
const CHUNK = 500;

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** Invoices and payments may both change an invoice's balance: their writes take turns per tenant. */
const lockBilling = (client: PoolClient, tenantId: string) =>
  client.query(`SELECT pg_advisory_xact_lock(hashtextextended('crm-billing:' || $1, 0))`, [tenantId]);

/**
 * Recomputes what was paid on invoices whose payments changed, or that were (re)written or
 * deleted, and what their payments copy of them (net of GST, product line, author). It runs
 * after this transaction's writes and under the billing lock, so it sees every committed payment.
 */
const refreshBalances = async (client: PoolClient, tenantId: string, invoiceIds: readonly string[]) => {
  if (invoiceIds.length === 0) return;
  await client.query(
    `UPDATE crm_invoices i SET paid = coalesce(p.total, 0), last_paid = p.last
     FROM (SELECT ids.id, sum(pay.amount) AS total, max(pay.paid_at) AS last
           FROM unnest($2::text[]) AS ids (id)
           LEFT JOIN crm_payments pay ON pay.tenant_id = $1 AND pay.invoice_id = ids.id
           GROUP BY ids.id) p
     WHERE i.tenant_id = $1 AND i.id = p.id`,
    [tenantId, invoiceIds],
  );
  await client.query(
    `UPDATE crm_payments pay SET
       net_amount = pay.amount * coalesce(i.taxable / nullif(i.amount, 0), 1),
       invoice_product_line = i.product_line, invoice_created_by = i.created_by
     FROM unnest($2::text[]) AS ids (id)
     LEFT JOIN crm_invoices i ON i.tenant_id = $1 AND i.id = ids.id
     WHERE pay.tenant_id = $1 AND pay.invoice_id = ids.id`,
    [tenantId, invoiceIds],
  );
};

/** CRM records per tenant and entity on PostgreSQL, keyed by the CRM's own id. */
export const crmStore = (pool: Pool): CrmRecordStore => ({
  /** Stores validated records in one transaction; counts new ones and replaced ones. */
  upsert: (tenantId: string, entity: CrmEntity, records: readonly CrmRecord[], now: Date) =>
    inTransaction(pool, async (client) => {
      const table = tableOf(entity);
      const billing = entity === 'payments' || entity === 'invoices';
      if (billing) await lockBilling(client, tenantId);
      // A record repeated in the batch: the last one is stored and the others count as updates, as one by one.
      const latest = [...new Map(records.map((record) => [record.id, record])).values()];
      const touched = new Set<string>();
      if (entity === 'payments') {
        const { rows } = await client.query<{ invoice_id: string }>(
          'SELECT invoice_id FROM crm_payments WHERE tenant_id = $1 AND id = ANY($2::text[])',
          [tenantId, latest.map((record) => record.id)],
        );
        for (const row of rows) touched.add(row.invoice_id);
        for (const record of records) touched.add(String(record.invoiceId));
      }
      // Payments may arrive before their invoice.
      if (entity === 'invoices') for (const record of latest) touched.add(record.id);
      let created = 0;
      for (const chunk of chunks(latest)) {
        const { rows } = await client.query<{ inserted: boolean }>(
          `INSERT INTO ${table} (tenant_id, id, data, updated_at)
           SELECT $1, r ->> 'id', r, $3 FROM jsonb_array_elements($2::jsonb) AS r
           ON CONFLICT (tenant_id, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at
           RETURNING (xmax = 0) AS inserted`,
          [tenantId, JSON.stringify(chunk), now.toISOString()],
        );
        for (const row of rows) if (row.inserted) created++;
      }
      await refreshBalances(client, tenantId, [...touched]);
      return { created, updated: records.length - created };
    }),

  async get(tenantId: string, entity: CrmEntity, id: string) {
    const { rows } = await pool.query<{ data: CrmRecord }>(
      `SELECT data FROM ${tableOf(entity)} WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows[0]?.data;
  },

  async list(tenantId: string, entity: CrmEntity, page: number, pageSize: number) {
    const table = tableOf(entity);
    const [records, total] = await Promise.all([
      pool.query<{ data: CrmRecord }>(
        `SELECT data FROM ${table} WHERE tenant_id = $1 ORDER BY id LIMIT $2 OFFSET $3`,
        [tenantId, pageSize, (page - 1) * pageSize],
      ),
      pool.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [tenantId]),
    ]);
    return { records: records.rows.map((row) => row.data), total: total.rows[0]?.n ?? 0 };
  },

  delete: (tenantId: string, entity: CrmEntity, id: string) =>
    inTransaction(pool, async (client) => {
      const billing = entity === 'payments' || entity === 'invoices';
      if (billing) await lockBilling(client, tenantId);
      const { rows } = await client.query<{ invoice_id: string }>(
        `DELETE FROM ${tableOf(entity)} WHERE tenant_id = $1 AND id = $2
         RETURNING ${entity === 'payments' ? 'invoice_id' : 'id AS invoice_id'}`,
        [tenantId, id],
      );
      if (billing && rows[0] !== undefined) await refreshBalances(client, tenantId, [rows[0].invoice_id]);
      return rows.length > 0;
    }),

  async homeState(tenantId: string) {
    const { rows } = await pool.query<{ home_state: string }>(
      'SELECT home_state FROM crm_settings WHERE tenant_id = $1',
      [tenantId],
    );
    return rows[0]?.home_state ?? 'Maharashtra';
  },

  async setHomeState(tenantId: string, state: string) {
    await pool.query(
      `INSERT INTO crm_settings (tenant_id, home_state) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET home_state = excluded.home_state`,
      [tenantId, state],
    );
  },
});
