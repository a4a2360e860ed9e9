/** Row shapes the dashboards read; engines fill them from the CRM records and call logs. */
export interface RepRow {
  id: string;
  name: string;
  team: string;
  role: string;
  agentId: string | null;
  code: string | null;
}

export interface TaskRow {
  id: string;
  title: string;
  type: string;
  status: string;
  priority: string;
  dueAt: string;
  ownerId: string | null;
  lastAction: string | null;
  lastActionAt: string | null;
  name: string;
  company: string;
  leadOwnerId: string | null;
}

export interface DealTotals {
  allocated: number;
  contactedHot: number;
  inPipe: number;
  expected: number;
  proposals: number;
  won: number;
  lost: number;
  active: number;
}

export interface LeadFunnel {
  total: number;
  hot: number;
  connected: number;
  emailed: number;
  meetings: number;
  demos: number;
  trials: number;
  qualified: number;
  converted: number;
}

export interface TicketRow {
  id: string;
  subject: string;
  customer: string;
  severity: string;
  status: string;
  category: string;
  assigneeId: string | null;
  createdAt: string;
  /** Epoch milliseconds of the ticket's instants. */
  createdMs: number;
  assignedMs: number | null;
  firstResponseMs: number | null;
  resolvedMs: number | null;
  reopenCount: number;
  reopenReason: string | null;
  csat: number | null;
  slaFrtMinutes: number | null;
  slaResolutionHours: number | null;
}

/** SLA targets: first response in minutes, resolution in hours. */
export interface SlaTarget {
  firstResponseMinutes: number;
  resolutionHours: number;
}

/** What the support window is measured against. */
export interface TicketWindow {
  /** ISO instant: tickets created at or after it count. */
  since: string;
  /** Epoch milliseconds the open tickets' elapsed time runs to. */
  now: number;
  /** Epoch milliseconds of consecutive local midnights; day `i` is `[dayStarts[i], dayStarts[i + 1])`. */
  dayStarts: readonly number[];
  /** Targets of tickets that carry none, by severity, and for any other severity. */
  sla: { bySeverity: Readonly<Record<string, SlaTarget>>; otherwise: SlaTarget };
}

/**
 * Tickets of one assignee created on one local day (`day` indexes `dayStarts`, null outside
 * them): counts, and sums and counts of the times each ticket has (minutes, minutes, hours).
 */
export interface TicketGroupStats {
  assigneeId: string | null;
  day: number | null;
  handled: number;
  resolved: number;
  reopened: number;
  /** Resolved now or reopened since. */
  everResolved: number;
  breached: number;
  allocationSum: number;
  allocationCount: number;
  frtSum: number;
  frtCount: number;
  resolutionSum: number;
  resolutionCount: number;
  csatSum: number;
  csatCount: number;
}

/** Payments received, summed per product line of the invoice and its author. */
export interface PaymentRow {
  amount: number;
  productLine: string;
  createdBy: string | null;
}

export interface RefundRow {
  id: string;
  invoiceId: string;
  amount: number;
  reason: string;
  processedById: string | null;
  requestedAt: string;
  processedAt: string | null;
  status: string;
  customer: string | null;
  invoiceNo: string | null;
}

export interface BillingInvoiceRow {
  id: string;
  invoiceNo: string;
  customer: string;
  customerType: string;
  invoiceDate: string;
  dueDate: string;
  amount: number;
  taxable: number;
  placeOfSupply: string;
  gstin: string | null;
  paid: number;
  outstanding: number;
  daysOverdue: number;
}

export interface BillingMonthRow {
  month: string;
  invoiced: number;
  gst: number;
  outstanding: number;
}

/** Everything a tenant's customers still owe, and its overdue part by age in days (1-30, 31-60, 61-90, > 90). */
export interface BillingAging {
  outstanding: number;
  overdue: number;
  d30: number;
  d60: number;
  d90: number;
  older: number;
}

export interface BillingCustomerRow {
  customer: string;
  accountId: string | null;
  /** Taxable value billed since the customer window start. */
  recentTaxable: number;
  overdue: number;
  maxDaysOverdue: number | null;
  avgDelay: number | null;
}

export interface BillingTeamRow {
  repId: string;
  invoices: number;
  amount: number;
  reminders: number;
  errors: number;
  invoiceDays: number | null;
  paymentDays: number | null;
}

/**
 * The queries the five CRM dashboards are computed from: each reads one tenant's CRM records
 * (kept with the fields the dashboards filter on as columns). Dates are `YYYY-MM-DD`, instants ISO.
 */
export interface DashboardStore {
  reps(tenantId: string): Promise<RepRow[]>;
  tasksDueBetween(tenantId: string, from: string, to: string): Promise<TaskRow[]>;
  openLeadTasks(tenantId: string): Promise<TaskRow[]>;
  openAccountTasks(tenantId: string): Promise<TaskRow[]>;
  /** Open lead/deal tasks, and meeting tasks due since `since` (scheduled ahead included). */
  taskCounts(
    tenantId: string,
    since: string,
  ): Promise<{
    openTasks: number;
    meetings: number;
  }>;
  dealTotals(tenantId: string): Promise<DealTotals>;
  stageTotals(tenantId: string): Promise<
    {
      stage: string;
      count: number;
      value: number;
    }[]
  >;
  topDealsPerStage(
    tenantId: string,
    perStage: number,
  ): Promise<
    {
      id: string;
      name: string;
      company: string;
      value: number;
      repId: string | null;
      stage: string;
    }[]
  >;
  wonByRep(
    tenantId: string,
    from: string,
    to: string,
  ): Promise<
    {
      repId: string;
      revenue: number;
      mrr: number;
    }[]
  >;
  latestTargetPeriod(tenantId: string, upTo: string): Promise<string | null>;
  targets<T>(tenantId: string, period: string): Promise<T[]>;
  activities<T>(tenantId: string, area: string, limit: number): Promise<T[]>;
  leadFunnel(tenantId: string, channel: 'inbound' | 'outbound'): Promise<LeadFunnel>;
  leadTotals(
    tenantId: string,
    newSince: string,
  ): Promise<{
    newLeads: number;
    hot: number;
    qualified: number;
    unresponsive: number;
  }>;
  leadStatusCounts(tenantId: string): Promise<
    {
      status: string;
      count: number;
    }[]
  >;
  leadsByOwner(tenantId: string): Promise<
    {
      ownerId: string;
      assigned: number;
      meetings: number;
      qualified: number;
      converted: number;
    }[]
  >;
  recentLeads<T>(tenantId: string, limit: number): Promise<T[]>;
  leadQuality(tenantId: string): Promise<{
    high: number;
    medium: number;
    low: number;
    avgSpend: number | null;
    techMatch: number | null;
  }>;
  accounts<T>(tenantId: string): Promise<T[]>;
  accountMrr(tenantId: string): Promise<
    {
      id: string;
      company: string;
      mrr: number;
    }[]
  >;
  netCollectionsByMonth(
    tenantId: string,
    fromDate: string,
  ): Promise<
    {
      month: string;
      amount: number;
    }[]
  >;
  /** Tickets created since `window.since`, summed per assignee and local day of creation. */
  ticketWindowStats(tenantId: string, window: TicketWindow): Promise<TicketGroupStats[]>;
  /** Reopened tickets created since the instant, per reopen reason (`null` when none given). */
  reopenReasons(
    tenantId: string,
    since: string,
  ): Promise<
    {
      reason: string | null;
      count: number;
    }[]
  >;
  /** Resolution hours of tickets resolved since the instant, summed per local day of resolution. */
  resolutionByDay(
    tenantId: string,
    since: string,
    dayStarts: readonly number[],
  ): Promise<
    {
      day: number;
      hours: number;
      count: number;
    }[]
  >;
  ticketStatusCounts(tenantId: string): Promise<
    {
      status: string;
      count: number;
      critical: number;
    }[]
  >;
  openTickets(tenantId: string, limit: number): Promise<TicketRow[]>;
  latestHandover<T>(tenantId: string): Promise<T | undefined>;
  /** Payments received per month (`YYYY-MM`) since the date. */
  paymentsByMonth(
    tenantId: string,
    since: string,
  ): Promise<
    {
      month: string;
      amount: number;
    }[]
  >;
  /** Payments received in [from, to), per product line and author of their invoice. */
  paymentsBetween(tenantId: string, from: string, to: string): Promise<PaymentRow[]>;
  /** Refunds requested since the date, newest request first, at most `limit`. */
  refunds(tenantId: string, since: string, limit: number): Promise<RefundRow[]>;
  /** Completed refunds requested since the date and processed in the month (`YYYY-MM`), newest request first. */
  refundsCompletedIn(tenantId: string, since: string, month: string): Promise<RefundRow[]>;
  /** When each refund requested since the date and still open (requested or processing) was requested. */
  openRefundRequests(tenantId: string, since: string): Promise<string[]>;
  /** Refunds requested since the date, per customer of their invoice, for the customers named. */
  refundCounts(
    tenantId: string,
    since: string,
    customers: readonly string[],
  ): Promise<
    {
      customer: string;
      count: number;
    }[]
  >;
  billingMonths(tenantId: string, since: string): Promise<BillingMonthRow[]>;
  overdueInvoices(tenantId: string, today: string, limit: number): Promise<BillingInvoiceRow[]>;
  invoicesBetween(
    tenantId: string,
    from: string,
    to: string,
    today: string,
    limit: number,
  ): Promise<BillingInvoiceRow[]>;
  productInvoiced(
    tenantId: string,
    from: string,
    to: string,
  ): Promise<
    {
      productLine: string;
      invoiced: number;
    }[]
  >;
  billingTeam(tenantId: string, from: string, to: string): Promise<BillingTeamRow[]>;
  billingAging(tenantId: string, today: string): Promise<BillingAging>;
  billingCustomers(
    tenantId: string,
    since: string,
    recent: string,
    today: string,
  ): Promise<BillingCustomerRow[]>;
}
