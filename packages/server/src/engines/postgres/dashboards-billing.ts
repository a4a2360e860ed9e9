import type {
  BillingAging,
  BillingCustomerRow,
  BillingInvoiceRow,
  BillingMonthRow,
  BillingTeamRow,
} from '../../stores/dashboards.ts';
import { atLeastZero, namedQuery } from './dashboards-sql.ts';
import type { Pool } from './pool.ts';

const DAYS_OVERDUE = '(:todayDay::integer - due_day)';
const IS_OVERDUE = '(outstanding > 0 AND due_day < :todayDay::integer)';

/** The day number of a `YYYY-MM-DD` date, as `crm_day_number` (SQLite's julianday) gives it. */
const dayNumber = (date: string): number =>
  Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000) + 2_440_587;

const ROW_COLUMNS = `id, invoice_no AS "invoiceNo", customer, coalesce(customer_type, 'SMB') AS "customerType",
  invoice_date AS "invoiceDate", due_date AS "dueDate", amount, taxable, place_of_supply AS "placeOfSupply", gstin,
  paid, outstanding, CASE WHEN ${IS_OVERDUE} THEN ${DAYS_OVERDUE} ELSE 0 END AS "daysOverdue"`;

const months = namedQuery<BillingMonthRow>(
  `SELECT invoice_month AS month, sum(amount) AS invoiced, sum(amount - taxable) AS gst,
     sum(outstanding) AS outstanding
   FROM crm_invoices
   WHERE tenant_id = :tenantId AND invoice_month >= substr(:since, 1, 7) AND invoice_date >= :since
   GROUP BY invoice_month ORDER BY invoice_month`,
);
const overdueRows = namedQuery<BillingInvoiceRow>(
  `SELECT ${ROW_COLUMNS} FROM crm_invoices WHERE tenant_id = :tenantId AND ${IS_OVERDUE}
   ORDER BY due_date, invoice_no LIMIT :limit`,
);
const periodRows = namedQuery<BillingInvoiceRow>(
  `SELECT ${ROW_COLUMNS} FROM crm_invoices
   WHERE tenant_id = :tenantId AND invoice_date >= :from AND invoice_date < :to
   ORDER BY invoice_date DESC, id LIMIT :limit`,
);
const productTotals = namedQuery<{ productLine: string; invoiced: number }>(
  `SELECT product_line AS "productLine", sum(amount) AS invoiced FROM crm_invoices
   WHERE tenant_id = :tenantId AND invoice_date >= :from AND invoice_date < :to
   GROUP BY product_line ORDER BY product_line NULLS FIRST`,
);
const team = namedQuery<BillingTeamRow>(
  `SELECT created_by AS "repId", count(*) AS invoices, sum(amount) AS amount,
     sum(coalesce(reminders, 0)) AS reminders, sum(coalesce(had_error, 0)) AS errors,
     avg(${atLeastZero('crm_day_number(invoice_date) - crm_day_number(order_date)')}::double precision) AS "invoiceDays",
     avg(CASE WHEN outstanding = 0 AND last_paid IS NOT NULL
         THEN ${atLeastZero('paid_day - crm_day_number(invoice_date)')}::double precision END) AS "paymentDays"
   FROM crm_invoices
   WHERE tenant_id = :tenantId AND invoice_date >= :from AND invoice_date < :to AND created_by IS NOT NULL
   GROUP BY created_by ORDER BY created_by`,
);
const aging = namedQuery<BillingAging>(
  `SELECT coalesce(sum(outstanding), 0) AS outstanding,
     coalesce(sum(CASE WHEN due_day < :todayDay::integer THEN outstanding END), 0) AS overdue,
     coalesce(sum(CASE WHEN due_day < :todayDay::integer AND ${DAYS_OVERDUE} <= 30 THEN outstanding END), 0) AS d30,
     coalesce(sum(CASE WHEN ${DAYS_OVERDUE} BETWEEN 31 AND 60 THEN outstanding END), 0) AS d60,
     coalesce(sum(CASE WHEN ${DAYS_OVERDUE} BETWEEN 61 AND 90 THEN outstanding END), 0) AS d90,
     coalesce(sum(CASE WHEN ${DAYS_OVERDUE} > 90 THEN outstanding END), 0) AS older
   FROM crm_invoices WHERE tenant_id = :tenantId AND outstanding > 0`,
);
const customers = namedQuery<BillingCustomerRow>(
  `SELECT customer, max(account_id) AS "accountId",
     coalesce(sum(CASE WHEN invoice_date >= :recent THEN taxable END), 0) AS "recentTaxable",
     coalesce(sum(CASE WHEN ${IS_OVERDUE} THEN outstanding END), 0) AS overdue,
     max(CASE WHEN ${IS_OVERDUE} THEN ${DAYS_OVERDUE} END) AS "maxDaysOverdue",
     avg(CASE WHEN outstanding = 0 AND last_paid IS NOT NULL THEN ${atLeastZero('paid_day - due_day')}
              WHEN ${IS_OVERDUE} THEN ${DAYS_OVERDUE} END::double precision) AS "avgDelay"
   FROM crm_invoices
   WHERE tenant_id = :tenantId AND (invoice_date >= :since OR outstanding > 0)
   GROUP BY customer ORDER BY customer`,
);

/** The billing dashboard's aggregates over invoices and their payments, in SQL. */
export const billingQueries = (pool: Pool) => ({
  /** Per invoice month since `since`: invoiced, GST charged, still outstanding. */
  billingMonths: (tenantId: string, since: string) => months(pool, { tenantId, since }),
  /** Overdue invoices, oldest due date first. */
  overdueInvoices: (tenantId: string, today: string, limit: number) =>
    overdueRows(pool, { tenantId, todayDay: dayNumber(today), limit }),
  /** Invoices dated in [from, to), newest first. */
  invoicesBetween: (tenantId: string, from: string, to: string, today: string, limit: number) =>
    periodRows(pool, { tenantId, from, to, todayDay: dayNumber(today), limit }),
  productInvoiced: (tenantId: string, from: string, to: string) =>
    productTotals(pool, { tenantId, from, to }),
  billingTeam: (tenantId: string, from: string, to: string) => team(pool, { tenantId, from, to }),
  /** What all customers owe, and its overdue part by age. */
  billingAging: async (tenantId: string, today: string) =>
    (await aging(pool, { tenantId, todayDay: dayNumber(today) }))[0]!,
  /** Customers billed since `since` or still owing: what is overdue, delays and recent billing. */
  billingCustomers: (tenantId: string, since: string, recent: string, today: string) =>
    customers(pool, { tenantId, since, recent, todayDay: dayNumber(today) }),
});
