import type {
  BillingAging,
  BillingCustomerRow,
  BillingInvoiceRow,
  BillingMonthRow,
  BillingTeamRow,
} from '../../stores/dashboards.ts';
import type { Db } from './open.ts';

/** A tenant's invoices; `paid`, `last_paid` and `outstanding` are kept current by db/crm.ts. */
const INVOICES = `WITH inv AS (SELECT * FROM crm_invoices WHERE tenant_id = ?)`;

const DAYS_OVERDUE = `(:todayDay - due_day)`;
const IS_OVERDUE = `(outstanding > 0 AND due_day < :todayDay)`;

/** The day number SQLite's `CAST(julianday(date) AS INTEGER)` gives a `YYYY-MM-DD` date. */
const dayNumber = (date: string): number =>
  Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000) + 2_440_587;

const ROW_COLUMNS = `id, invoice_no AS invoiceNo, customer, coalesce(customer_type, 'SMB') AS customerType,
  invoice_date AS invoiceDate, due_date AS dueDate, amount, taxable, place_of_supply AS placeOfSupply, gstin, paid,
  outstanding, CASE WHEN ${IS_OVERDUE} THEN ${DAYS_OVERDUE} ELSE 0 END AS daysOverdue`;

/** The billing dashboard's aggregates over invoices and their payments, in SQL. */
export const billingQueries = (db: Db) => {
  const months = db.prepare(
    `SELECT invoice_month AS month, sum(amount) AS invoiced, sum(amount - taxable) AS gst,
       sum(outstanding) AS outstanding
     FROM crm_invoices INDEXED BY crm_invoices_monthly
     WHERE tenant_id = ? AND invoice_month >= substr(:since, 1, 7) AND invoice_date >= :since GROUP BY invoice_month`,
  );
  const overdueRows = db.prepare(
    `SELECT ${ROW_COLUMNS} FROM crm_invoices INDEXED BY crm_invoices_overdue WHERE tenant_id = ? AND ${IS_OVERDUE}
     ORDER BY due_date, invoice_no LIMIT :limit`,
  );
  const periodRows = db.prepare(
    `${INVOICES} SELECT ${ROW_COLUMNS} FROM inv WHERE invoice_date >= :from AND invoice_date < :to
     ORDER BY invoice_date DESC, id LIMIT :limit`,
  );
  const productTotals = db.prepare(
    `SELECT product_line AS productLine, sum(amount) AS invoiced FROM crm_invoices
     WHERE tenant_id = ? AND invoice_date >= :from AND invoice_date < :to GROUP BY product_line`,
  );
  const team = db.prepare(
    `SELECT created_by AS repId, count(*) AS invoices, sum(amount) AS amount,
       sum(coalesce(reminders, 0)) AS reminders, sum(coalesce(had_error, 0)) AS errors,
       avg(max(0, julianday(invoice_date) - julianday(order_date))) AS invoiceDays,
       avg(CASE WHEN outstanding = 0 AND last_paid IS NOT NULL
           THEN max(0, julianday(last_paid) - julianday(invoice_date)) END) AS paymentDays
     FROM crm_invoices INDEXED BY crm_invoices_team
     WHERE tenant_id = ? AND invoice_date >= :from AND invoice_date < :to AND created_by IS NOT NULL GROUP BY created_by`,
  );
  const aging = db.prepare(
    `SELECT coalesce(sum(outstanding), 0) AS outstanding,
       coalesce(sum(CASE WHEN due_day < :todayDay THEN outstanding END), 0) AS overdue,
       coalesce(sum(CASE WHEN due_day < :todayDay AND ${DAYS_OVERDUE} <= 30 THEN outstanding END), 0) AS d30,
       coalesce(sum(CASE WHEN ${DAYS_OVERDUE} BETWEEN 31 AND 60 THEN outstanding END), 0) AS d60,
       coalesce(sum(CASE WHEN ${DAYS_OVERDUE} BETWEEN 61 AND 90 THEN outstanding END), 0) AS d90,
       coalesce(sum(CASE WHEN ${DAYS_OVERDUE} > 90 THEN outstanding END), 0) AS older
     FROM crm_invoices INDEXED BY crm_invoices_1 WHERE tenant_id = ? AND outstanding > 0`,
  );
  const customers = db.prepare(
    `SELECT customer, max(account_id) AS accountId,
       coalesce(sum(CASE WHEN invoice_date >= :recent THEN taxable END), 0) AS recentTaxable,
       coalesce(sum(CASE WHEN ${IS_OVERDUE} THEN outstanding END), 0) AS overdue,
       max(CASE WHEN ${IS_OVERDUE} THEN ${DAYS_OVERDUE} END) AS maxDaysOverdue,
       avg(CASE WHEN outstanding = 0 AND last_paid IS NOT NULL THEN max(0, paid_day - due_day)
                WHEN ${IS_OVERDUE} THEN ${DAYS_OVERDUE} END) AS avgDelay
     FROM crm_invoices INDEXED BY crm_invoices_2
     WHERE tenant_id = ? AND (invoice_date >= :since OR outstanding > 0) GROUP BY customer`,
  );

  return {
    /** Per invoice month since `since`: invoiced, GST charged, still outstanding. */
    billingMonths: async (tenantId: string, since: string) =>
      months.all(tenantId, { since }) as BillingMonthRow[],
    /** Overdue invoices, oldest due date first. */
    overdueInvoices: async (tenantId: string, today: string, limit: number) =>
      overdueRows.all(tenantId, { todayDay: dayNumber(today), limit }) as BillingInvoiceRow[],
    /** Invoices dated in [from, to), newest first. */
    invoicesBetween: async (tenantId: string, from: string, to: string, today: string, limit: number) =>
      periodRows.all(tenantId, { from, to, todayDay: dayNumber(today), limit }) as BillingInvoiceRow[],
    productInvoiced: async (tenantId: string, from: string, to: string) =>
      productTotals.all(tenantId, { from, to }) as { productLine: string; invoiced: number }[],
    billingTeam: async (tenantId: string, from: string, to: string) =>
      team.all(tenantId, { from, to }) as BillingTeamRow[],
    /** What all customers owe, and its overdue part by age. */
    billingAging: async (tenantId: string, today: string) =>
      aging.get(tenantId, { todayDay: dayNumber(today) }) as BillingAging,
    /** Customers billed since `since` or still owing: what is overdue, delays and recent billing. */
    billingCustomers: async (tenantId: string, since: string, recent: string, today: string) =>
      customers.all(tenantId, { since, recent, todayDay: dayNumber(today) }) as BillingCustomerRow[],
  };
};
