import type { BillingDashboard } from '@call-ribbon/contract';
import type { BillingCustomerRow, BillingTeamRow, PaymentRow, RefundRow } from '../stores/dashboards.ts';
import { type DashboardContext, repDirectory } from './context.ts';
import {
  compactRupees,
  formatDays,
  formatIndianNumber,
  formatInr,
  formatPercent,
  lakhs,
  lakhsText,
  mean,
  percentOf,
  round,
} from './format.ts';
import { isIndianState, splitGst } from './gst.ts';
import { billingHealthScore, billingRisk } from './scores.ts';
import { addMonths, daysBetween, localDate, MONTHS_LONG, monthLabel } from './time.ts';

const TREND_MONTHS = 6;
const ROWS = 50;
const CUSTOMER_ROWS = 20;
const REFUND_ROWS = 20;

const TYPE_CLASS: Record<string, string> = {
  Enterprise: 'primary',
  'Mid-Market': 'info',
  SMB: 'secondary',
  Startup: 'warning',
  Government: 'dark',
};

const REFUND_CLASS: Record<string, string> = {
  Completed: 'success',
  Processing: 'info',
  Requested: 'warning',
  Rejected: 'danger',
};

export const AGING_BUCKETS = [
  { label: '0-30 days', from: 0, to: 30, color: '#10b981' },
  { label: '31-60 days', from: 31, to: 60, color: '#f59e0b' },
  { label: '61-90 days', from: 61, to: 90, color: '#f97316' },
  { label: '> 90 days', from: 91, to: Number.POSITIVE_INFINITY, color: '#ef4444' },
] as const;

/** `GET /api/dashboards/billing`, computed from invoices, payments, refunds and accounts. */
export const billingDashboard = async (ctx: DashboardContext): Promise<BillingDashboard> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const reps = repDirectory(await q.reps(tenantId));
  const today = localDate(now, timeZone);
  const month = today.slice(0, 7);
  const periodFrom = `${month}-01`;
  const periodTo = `${addMonths(month, 1)}-01`;
  const months = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(month, i - (TREND_MONTHS - 1)));
  const byMonth = new Map(
    (await q.billingMonths(tenantId, `${months[0]}-01`)).map((row) => [row.month, row]),
  );
  const period = byMonth.get(month) ?? { month, invoiced: 0, gst: 0, outstanding: 0 };
  const refundsSince = `${addMonths(month, -11)}-01`;
  const refunds = await q.refunds(tenantId, refundsSince, REFUND_ROWS);
  const collectedByMonth = new Map(
    (await q.paymentsByMonth(tenantId, `${months[0]}-01`)).map((row) => [row.month, row.amount]),
  );
  const paidInPeriod = await q.paymentsBetween(tenantId, periodFrom, periodTo);

  const sum = <T>(rows: readonly T[], value: (row: T) => number): number =>
    rows.reduce((s, row) => s + value(row), 0);
  const invoiced = period.invoiced;
  const collected = sum(paidInPeriod, (p) => p.amount);
  const completedInPeriod = await q.refundsCompletedIn(tenantId, refundsSince, month);
  const refunded = sum(completedInPeriod, (r) => r.amount);

  const overdueDetails = (await q.overdueInvoices(tenantId, today, ROWS)).map((invoice) => ({
    invoiceDate: invoice.invoiceDate,
    customer: invoice.customer,
    type: invoice.customerType,
    typeClass: TYPE_CLASS[invoice.customerType] ?? 'secondary',
    invoiceNo: invoice.invoiceNo,
    dueDate: invoice.dueDate,
    amount: formatIndianNumber(invoice.amount),
    paid: formatIndianNumber(Math.min(invoice.paid, invoice.amount)),
    outstanding: formatIndianNumber(invoice.outstanding),
    daysOverdue: invoice.daysOverdue,
    ...(invoice.paid > 0
      ? { status: 'Partially Paid', statusClass: 'warning' }
      : { status: 'Overdue', statusClass: 'danger' }),
  }));

  // Customers billed in the last three months or still owing anything.
  const recentFrom = `${addMonths(month, -2)}-01`;
  const customers = await q.billingCustomers(tenantId, recentFrom, recentFrom, today);
  const owed = await q.billingAging(tenantId, today);
  const agingBuckets = AGING_BUCKETS.map((bucket, i) => ({
    label: bucket.label,
    amount: lakhsText(owed[(['d30', 'd60', 'd90', 'older'] as const)[i] ?? 'd30']),
    color: bucket.color,
  }));

  const refundDetails = refunds.map((refund) => ({
    date: refund.processedAt ?? refund.requestedAt,
    customer: refund.customer ?? '',
    invoiceNo: refund.invoiceNo ?? refund.invoiceId,
    refundId: refund.id,
    amount: formatIndianNumber(refund.amount),
    reason: refund.reason,
    processedBy: reps.name(refund.processedById),
    status: refund.status,
    statusClass: REFUND_CLASS[refund.status] ?? 'secondary',
  }));
  const reasonCounts = new Map<string, number>();
  for (const refund of completedInPeriod)
    reasonCounts.set(refund.reason, (reasonCounts.get(refund.reason) ?? 0) + 1);
  const reasons = [...reasonCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  const gstDetails = (await q.invoicesBetween(tenantId, periodFrom, periodTo, today, ROWS)).map((invoice) => {
    const split = splitGst(
      { amount: invoice.amount, taxableValue: invoice.taxable, placeOfSupply: invoice.placeOfSupply },
      ctx.homeState,
    );
    const kind = !isIndianState(invoice.placeOfSupply)
      ? { type: 'Overseas', typeClass: 'info' }
      : invoice.gstin
        ? { type: 'Registered', typeClass: 'success' }
        : { type: 'Unregistered', typeClass: 'warning' };
    return {
      invoiceNo: invoice.invoiceNo,
      customer: invoice.customer,
      ...kind,
      placeOfSupply: invoice.placeOfSupply,
      taxableValue: formatIndianNumber(split.taxable),
      cgst: formatIndianNumber(split.cgst),
      sgst: formatIndianNumber(split.sgst),
      igst: formatIndianNumber(split.igst),
      category: split.category,
    };
  });

  const collectionEfficiency = percentOf(collected, invoiced);
  return {
    kpis: {
      totalInvoiced: formatInr(invoiced),
      totalCollected: formatInr(collected),
      collectionEfficiency: formatPercent(collectionEfficiency),
      pendingReceivables: formatInr(owed.outstanding),
      overdueAmount: formatInr(owed.overdue),
      refundsIssued: formatInr(refunded),
      netRevenue: formatInr(collected - refunded),
      gstCollected: formatInr(period.gst),
    },
    overdueDetails,
    agingBuckets,
    refundDetails,
    refundMetrics: {
      totalRefunds: formatInr(refunded),
      refundCount: completedInPeriod.length,
      avgProcessingTime: formatDays(
        mean(completedInPeriod.map((r) => daysBetween(r.requestedAt, r.processedAt ?? r.requestedAt))),
      ),
      reasons: { labels: reasons.map(([label]) => label), values: reasons.map(([, n]) => n) },
    },
    gstDetails,
    customerHealth: await customerHealth(ctx, customers, refundsSince),
    teamPerformance: teamPerformance(
      await q.billingTeam(tenantId, periodFrom, periodTo),
      paidInPeriod,
      completedInPeriod,
      reps,
    ),
    alerts: alerts(
      customers,
      await q.openRefundRequests(tenantId, refundsSince),
      collectionEfficiency,
      invoiced,
      today,
    ),
    salesVsCollection: {
      labels: months.map(monthLabel),
      invoiced: months.map((m) => lakhs(byMonth.get(m)?.invoiced ?? 0)),
      collected: months.map((m) => lakhs(collectedByMonth.get(m) ?? 0)),
      pending: months.map((m) => lakhs(byMonth.get(m)?.outstanding ?? 0)),
    },
    productRevenue: productRevenue(await q.productInvoiced(tenantId, periodFrom, periodTo), paidInPeriod),
  };
};

const productRevenue = (
  invoicedByLine: readonly { productLine: string; invoiced: number }[],
  paidInPeriod: readonly PaymentRow[],
): BillingDashboard['productRevenue'] => {
  const byLine = new Map<string, { invoiced: number; collected: number }>();
  const lineOf = (name: string) => {
    const line = byLine.get(name) ?? { invoiced: 0, collected: 0 };
    byLine.set(name, line);
    return line;
  };
  for (const row of invoicedByLine) lineOf(row.productLine).invoiced += row.invoiced;
  for (const payment of paidInPeriod) lineOf(payment.productLine).collected += payment.amount;
  const lines = [...byLine].sort((a, b) => b[1].invoiced - a[1].invoiced || a[0].localeCompare(b[0]));
  return {
    labels: lines.map(([label]) => label),
    invoiced: lines.map(([, line]) => lakhs(line.invoiced)),
    collected: lines.map(([, line]) => lakhs(line.collected)),
  };
};

const customerHealth = async (
  ctx: DashboardContext,
  customers: readonly BillingCustomerRow[],
  refundsSince: string,
): Promise<BillingDashboard['customerHealth']> => {
  const accounts = await ctx.queries.accountMrr(ctx.tenantId);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const accountByName = new Map(accounts.map((a) => [a.company.toLowerCase(), a]));
  const shown = customers
    .map((row) => {
      const account =
        (row.accountId ? accountById.get(row.accountId) : undefined) ??
        accountByName.get(row.customer.toLowerCase());
      // Without an account, a month's billing over the last three months stands in for MRR.
      return { row, mrr: account ? account.mrr : row.recentTaxable / 3 };
    })
    .sort(
      (a, b) =>
        b.row.overdue - a.row.overdue || b.mrr - a.mrr || a.row.customer.localeCompare(b.row.customer),
    )
    .slice(0, CUSTOMER_ROWS);
  const refundCounts = new Map(
    (
      await ctx.queries.refundCounts(
        ctx.tenantId,
        refundsSince,
        shown.map(({ row }) => row.customer),
      )
    ).map(({ customer, count }) => [customer, count]),
  );
  return shown.map(({ row, mrr }) => {
    const avgDelay = Math.round(row.avgDelay ?? 0);
    const refundCount = refundCounts.get(row.customer) ?? 0;
    const healthScore = billingHealthScore({
      avgDelayDays: avgDelay,
      overdue: row.overdue,
      mrr,
      refundCount,
    });
    return {
      name: row.customer,
      mrr: compactRupees(mrr),
      healthScore,
      avgDelay,
      totalOverdues: compactRupees(row.overdue),
      refundCount,
      ...billingRisk(healthScore),
    };
  });
};

const teamPerformance = (
  team: readonly BillingTeamRow[],
  paidInPeriod: readonly PaymentRow[],
  refundsInPeriod: readonly RefundRow[],
  reps: ReturnType<typeof repDirectory>,
): BillingDashboard['teamPerformance'] => {
  const byRep = new Map(team.map((row) => [row.repId, row]));
  const refundsByRep = new Map<string, number>();
  for (const refund of refundsInPeriod) {
    if (refund.processedById)
      refundsByRep.set(refund.processedById, (refundsByRep.get(refund.processedById) ?? 0) + 1);
  }
  const collectedByRep = new Map<string, number>();
  for (const payment of paidInPeriod) {
    if (payment.createdBy)
      collectedByRep.set(payment.createdBy, (collectedByRep.get(payment.createdBy) ?? 0) + payment.amount);
  }
  const ids = [...new Set([...byRep.keys(), ...collectedByRep.keys(), ...refundsByRep.keys()])];
  return ids
    .map((id) => {
      const row = byRep.get(id);
      return {
        name: reps.name(id),
        invoices: row?.invoices ?? 0,
        amount: compactRupees(row?.amount ?? 0),
        collections: compactRupees(collectedByRep.get(id) ?? 0),
        reminders: row?.reminders ?? 0,
        refunds: refundsByRep.get(id) ?? 0,
        errors: row?.errors ?? 0,
        invoiceTime: round(row?.invoiceDays ?? 0, 1).toFixed(1),
        paymentTime: round(row?.paymentDays ?? 0, 1).toFixed(1),
      };
    })
    .sort((a, b) => b.invoices - a.invoices || a.name.localeCompare(b.name));
};

/** Refund requests open longer than this raise an alert. */
const REFUND_ALERT_DAYS = 7;
/** GSTR-3B for a month is due on the 20th of the next. */
const GSTR3B_DUE_DAY = 20;

const alerts = (
  customers: readonly BillingCustomerRow[],
  openRefundRequests: readonly string[],
  collectionEfficiency: number,
  invoiced: number,
  today: string,
): BillingDashboard['alerts'] => {
  const list: BillingDashboard['alerts'] = [];
  const worst = customers
    .filter((c) => c.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || a.customer.localeCompare(b.customer))
    .slice(0, 3)
    .map((c) => [c.customer, { amount: c.overdue, days: c.maxDaysOverdue ?? 0 }] as const);
  for (const [customer, { amount, days }] of worst) {
    const high = amount >= 100_000 || days > 60;
    list.push({
      title: high ? 'High Overdue Alert' : 'Overdue Reminder',
      description: `${customer} has ${formatInr(amount, { space: false })} overdue for ${days}+ days`,
      severity: high ? 'High' : 'Medium',
      action: 'Send Reminder',
    });
  }

  const day = Number(today.slice(8, 10));
  const filingMonth = day <= GSTR3B_DUE_DAY ? addMonths(today.slice(0, 7), -1) : today.slice(0, 7);
  const dueOn = `${addMonths(filingMonth, 1)}-${GSTR3B_DUE_DAY}`;
  const daysLeft = daysBetween(today, dueOn);
  list.push({
    title: 'GST Filing Due',
    description: `GSTR-3B for ${MONTHS_LONG[Number(filingMonth.slice(5, 7)) - 1]} due ${daysLeft === 0 ? 'today' : `in ${daysLeft} days`}`,
    severity: daysLeft <= 3 ? 'High' : daysLeft <= 10 ? 'Medium' : 'Low',
    action: 'Review Returns',
  });

  if (invoiced > 0 && collectionEfficiency < 85) {
    list.push({
      title: 'Low Collection Efficiency',
      description: `Collections this month are ${formatPercent(collectionEfficiency)} of the amount invoiced`,
      severity: collectionEfficiency < 60 ? 'High' : 'Medium',
      action: 'Review Receivables',
    });
  }

  const stale = openRefundRequests.filter(
    (requestedAt) => daysBetween(requestedAt, today) > REFUND_ALERT_DAYS,
  );
  if (stale.length > 0) {
    list.push({
      title: 'Refunds Pending',
      description: `${stale.length} refund ${stale.length === 1 ? 'request is' : 'requests are'} open for over ${REFUND_ALERT_DAYS} days`,
      severity: 'Medium',
      action: 'Process Refunds',
    });
  }
  return list;
};
