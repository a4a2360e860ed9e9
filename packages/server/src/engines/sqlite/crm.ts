import { CRM_ENTITY_NAMES, type CrmEntity } from '@call-ribbon/contract';
import type { CrmRecord, CrmRecordStore } from '../../stores/crm-records.ts';
import type { Db } from './open.ts';

const tableOf = (entity: CrmEntity): string => `crm_${entity.replace(/-/g, '_')}`;

interface EntityStatements {
  exists: { get(tenantId: string, id: string): unknown };
  upsert: { run(tenantId: string, id: string, data: string, updatedAt: string): unknown };
  page: { all(tenantId: string, limit: number, offset: number): { data: string }[] };
  count: { get(tenantId: string): { n: number } | undefined };
  remove: { run(tenantId: string, id: string): { changes: number } };
  one: { get(tenantId: string, id: string): { data: string } | undefined };
}

/** CRM records per tenant and entity, keyed by the CRM's own id. */
export const crmStore = (db: Db): CrmRecordStore => {
  const statements = new Map<CrmEntity, EntityStatements>();
  for (const entity of CRM_ENTITY_NAMES) {
    const table = tableOf(entity);
    statements.set(entity, {
      exists: db.prepare(`SELECT 1 FROM ${table} WHERE tenant_id = ? AND id = ?`),
      upsert: db.prepare(
        `INSERT INTO ${table} (tenant_id, id, data, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (tenant_id, id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      ),
      page: db.prepare(`SELECT data FROM ${table} WHERE tenant_id = ? ORDER BY id LIMIT ? OFFSET ?`),
      count: db.prepare(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ?`),
      remove: db.prepare(`DELETE FROM ${table} WHERE tenant_id = ? AND id = ?`),
      one: db.prepare(`SELECT data FROM ${table} WHERE tenant_id = ? AND id = ?`),
    } as EntityStatements);
  }
  const of = (entity: CrmEntity): EntityStatements => statements.get(entity)!;
  const homeState = db.prepare<[string], { home_state: string }>(
    'SELECT home_state FROM crm_settings WHERE tenant_id = ?',
  );
  const setHomeState = db.prepare<[string, string]>(
    `INSERT INTO crm_settings (tenant_id, home_state) VALUES (?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET home_state = excluded.home_state`,
  );

  const paymentInvoice = db.prepare<[string, string], { invoiceId: string }>(
    'SELECT invoice_id AS invoiceId FROM crm_payments WHERE tenant_id = ? AND id = ?',
  );
  const refreshBalance = db.prepare<{ tenantId: string; invoiceId: string }>(
    `UPDATE crm_invoices SET
       paid = coalesce((SELECT sum(amount) FROM crm_payments WHERE tenant_id = :tenantId AND invoice_id = :invoiceId), 0),
       last_paid = (SELECT max(paid_at) FROM crm_payments WHERE tenant_id = :tenantId AND invoice_id = :invoiceId)
     WHERE tenant_id = :tenantId AND id = :invoiceId`,
  );
  const refreshPaymentInvoices = db.prepare<{ tenantId: string; invoiceId: string }>(
    `UPDATE crm_payments SET
       net_amount = amount * coalesce(
         (SELECT i.taxable / nullif(i.amount, 0) FROM crm_invoices i WHERE i.tenant_id = :tenantId AND i.id = :invoiceId), 1),
       (invoice_product_line, invoice_created_by) = (
         SELECT i.product_line, i.created_by FROM crm_invoices i WHERE i.tenant_id = :tenantId AND i.id = :invoiceId)
     WHERE tenant_id = :tenantId AND invoice_id = :invoiceId`,
  );
  /**
   * Recomputes what was paid on invoices whose payments changed, or that were (re)written or
   * deleted, and what their payments copy of them (net of GST, product line, author).
   */
  const refreshBalances = (tenantId: string, invoiceIds: Iterable<string>) => {
    for (const invoiceId of invoiceIds) {
      refreshBalance.run({ tenantId, invoiceId });
      refreshPaymentInvoices.run({ tenantId, invoiceId });
    }
  };

  const upsertAll = db.transaction(
    (tenantId: string, entity: CrmEntity, records: readonly CrmRecord[], now: string) => {
      const s = of(entity);
      const touched = new Set<string>();
      let created = 0;
      for (const record of records) {
        if (entity === 'payments') {
          const before = paymentInvoice.get(tenantId, record.id);
          if (before) touched.add(before.invoiceId);
          touched.add(String(record.invoiceId));
        }
        // Payments may arrive before their invoice.
        if (entity === 'invoices') touched.add(record.id);
        if (s.exists.get(tenantId, record.id) === undefined) created++;
        s.upsert.run(tenantId, record.id, JSON.stringify(record), now);
      }
      refreshBalances(tenantId, touched);
      return { created, updated: records.length - created };
    },
  );
  const deleteOne = db.transaction((tenantId: string, entity: CrmEntity, id: string): boolean => {
    const before = entity === 'payments' ? paymentInvoice.get(tenantId, id) : undefined;
    const deleted = of(entity).remove.run(tenantId, id).changes > 0;
    if (before) refreshBalances(tenantId, [before.invoiceId]);
    if (entity === 'invoices' && deleted) refreshBalances(tenantId, [id]);
    return deleted;
  });

  return {
    /** Stores validated records in one transaction; counts new ones and replaced ones. */
    async upsert(tenantId: string, entity: CrmEntity, records: readonly CrmRecord[], now: Date) {
      return upsertAll(tenantId, entity, records, now.toISOString());
    },

    async get(tenantId: string, entity: CrmEntity, id: string) {
      const row = of(entity).one.get(tenantId, id);
      return row && (JSON.parse(row.data) as CrmRecord);
    },

    async list(tenantId: string, entity: CrmEntity, page: number, pageSize: number) {
      const s = of(entity);
      return {
        records: s.page
          .all(tenantId, pageSize, (page - 1) * pageSize)
          .map((row) => JSON.parse(row.data) as CrmRecord),
        total: s.count.get(tenantId)?.n ?? 0,
      };
    },

    async delete(tenantId: string, entity: CrmEntity, id: string) {
      return deleteOne(tenantId, entity, id);
    },

    async homeState(tenantId: string) {
      return homeState.get(tenantId)?.home_state ?? 'Maharashtra';
    },

    async setHomeState(tenantId: string, state: string) {
      setHomeState.run(tenantId, state);
    },
  };
};
