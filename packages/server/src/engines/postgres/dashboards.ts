import type {
  DashboardStore,
  DealTotals,
  LeadFunnel,
  PaymentRow,
  RefundRow,
  RepRow,
  TaskRow,
  TicketGroupStats,
  TicketRow,
  TicketWindow,
} from '../../stores/dashboards.ts';
import { billingQueries } from './dashboards-billing.ts';
import { namedQuery } from './dashboards-sql.ts';
import type { Pool } from './pool.ts';

/*
 * The SQL of SQLite's dashboards, with PostgreSQL's spelling: camelCase aliases are quoted,
 * SQLite's total() is coalesce(sum(), 0), times in milliseconds are divided as floats, and
 * every GROUP BY is ordered as SQLite returns its groups (by key, nulls first).
 */

const OPEN_STAGE_NAMES = ['New', 'Contacted', 'Qualified', 'Proposal', 'Negotiation'];
const OPEN_STAGES = `(${OPEN_STAGE_NAMES.map((stage) => `'${stage}'`).join(', ')})`;
const STAGE_PROBABILITY_SQL = `coalesce(probability, CASE stage WHEN 'New' THEN 10 WHEN 'Contacted' THEN 20
  WHEN 'Qualified' THEN 40 WHEN 'Proposal' THEN 60 WHEN 'Negotiation' THEN 80 ELSE 0 END)`;

const TASK_COLUMNS = `t.id, t.data ->> 'title' AS title, t.type, t.status, t.data ->> 'priority' AS priority,
  t.due_at AS "dueAt", t.data ->> 'ownerId' AS "ownerId", t.data ->> 'lastAction' AS "lastAction",
  t.data ->> 'lastActionAt' AS "lastActionAt"`;

const TICKET_COLUMNS = `id, subject, customer, severity, status, category, assignee_id AS "assigneeId",
  created_at AS "createdAt", created_ms AS "createdMs", assigned_ms AS "assignedMs",
  first_response_ms AS "firstResponseMs", resolved_ms AS "resolvedMs",
  reopen_count AS "reopenCount", reopen_reason AS "reopenReason", csat, sla_frt_minutes AS "slaFrtMinutes",
  sla_resolution_hours AS "slaResolutionHours"`;

const REFUND_COLUMNS = `r.id, r.invoice_id AS "invoiceId", r.amount, coalesce(r.data ->> 'reason', 'Other') AS reason,
  r.data ->> 'processedById' AS "processedById", r.requested_at AS "requestedAt", r.processed_at AS "processedAt",
  r.status, i.customer, i.invoice_no AS "invoiceNo"`;
const REFUND_INVOICE = 'LEFT JOIN crm_invoices i ON i.tenant_id = r.tenant_id AND i.id = r.invoice_id';

/**
 * The index of the day an instant falls in, given the day starts as `:d0`..`:dN` (null outside
 * them): a binary search, so each row costs a few comparisons whatever the number of days.
 */
const dayOf = (instant: string, starts: number): string => {
  const start = (i: number) => `:d${i}::double precision`;
  const search = (from: number, to: number): string => {
    if (to - from === 1) return String(from);
    const middle = (from + to) >> 1;
    return `CASE WHEN ${instant} < ${start(middle)} THEN ${search(from, middle)} ELSE ${search(middle, to)} END`;
  };
  const last = starts - 1;
  return `CASE WHEN ${instant} IS NULL OR ${instant} < ${start(0)} OR ${instant} >= ${start(last)} THEN NULL ELSE ${search(0, last)} END`;
};

const dayParams = (dayStarts: readonly number[]): Record<string, number> =>
  Object.fromEntries(dayStarts.map((start, i) => [`d${i}`, start]));

/** One query per number of day starts, built on first use. */
const queriesByDayCount = <Row>(sql: (starts: number) => string) => {
  const built = new Map<number, ReturnType<typeof namedQuery<Row>>>();
  return (starts: number) => {
    let query = built.get(starts);
    if (!query) {
      query = namedQuery<Row>(sql(starts));
      built.set(starts, query);
    }
    return query;
  };
};

const reps = namedQuery<RepRow>(
  `SELECT id, name, team, data ->> 'role' AS role, agent_id AS "agentId", data ->> 'code' AS code
   FROM crm_reps WHERE tenant_id = :tenantId ORDER BY name, id`,
);
const tasksDueBetween = namedQuery<TaskRow>(
  `SELECT ${TASK_COLUMNS},
     coalesce(t.data ->> 'contactName', l.data ->> 'name', d.data ->> 'name', '') AS name,
     coalesce(l.data ->> 'company', d.data ->> 'company', '') AS company, l.owner_id AS "leadOwnerId"
   FROM crm_tasks t
   LEFT JOIN crm_leads l ON t.related_type = 'lead' AND l.tenant_id = t.tenant_id AND l.id = t.related_id
   LEFT JOIN crm_deals d ON t.related_type = 'deal' AND d.tenant_id = t.tenant_id AND d.id = t.related_id
   WHERE t.tenant_id = :tenantId AND t.related_type IN ('lead', 'deal') AND t.status <> 'Cancelled'
     AND t.due_at >= :from AND t.due_at < :to
   ORDER BY t.due_at, t.id LIMIT 50`,
);
const openLeadTasks = namedQuery<TaskRow>(
  `SELECT ${TASK_COLUMNS}, coalesce(l.data ->> 'name', '') AS name, coalesce(l.data ->> 'company', '') AS company,
     l.owner_id AS "leadOwnerId"
   FROM crm_tasks t
   LEFT JOIN crm_leads l ON l.tenant_id = t.tenant_id AND l.id = t.related_id
   WHERE t.tenant_id = :tenantId AND t.related_type = 'lead' AND t.status = 'Open'
   ORDER BY t.due_at, t.id LIMIT 20`,
);
const openAccountTasks = namedQuery<TaskRow>(
  `SELECT ${TASK_COLUMNS}, coalesce(a.company, '') AS name, coalesce(a.company, '') AS company,
     NULL::text AS "leadOwnerId"
   FROM crm_tasks t
   LEFT JOIN crm_accounts a ON a.tenant_id = t.tenant_id AND a.id = t.related_id
   WHERE t.tenant_id = :tenantId AND t.related_type = 'account' AND t.status = 'Open'
   ORDER BY t.due_at, t.id LIMIT 20`,
);
const taskCounts = namedQuery<{ openTasks: number; meetings: number }>(
  `SELECT count(CASE WHEN status = 'Open' THEN 1 END) AS "openTasks",
     count(CASE WHEN type = 'Meeting' AND status <> 'Cancelled' AND due_at >= :since THEN 1 END) AS meetings
   FROM crm_tasks WHERE tenant_id = :tenantId AND related_type IN ('lead', 'deal')`,
);
const dealTotals = namedQuery<DealTotals>(
  `SELECT
     coalesce(sum(CASE WHEN stage <> 'Lost' THEN value END), 0) AS allocated,
     coalesce(sum(CASE WHEN hot = 1 AND stage IN ('Contacted', 'Qualified', 'Proposal', 'Negotiation') THEN value END), 0) AS "contactedHot",
     coalesce(sum(CASE WHEN stage IN ${OPEN_STAGES} THEN value END), 0) AS "inPipe",
     coalesce(sum(CASE WHEN stage IN ${OPEN_STAGES} THEN value * ${STAGE_PROBABILITY_SQL} / 100.0 END), 0) AS expected,
     count(CASE WHEN stage IN ('Proposal', 'Negotiation', 'Won') THEN 1 END) AS proposals,
     count(CASE WHEN stage = 'Won' THEN 1 END) AS won,
     count(CASE WHEN stage = 'Lost' THEN 1 END) AS lost,
     count(CASE WHEN stage IN ${OPEN_STAGES} THEN 1 END) AS active
   FROM crm_deals WHERE tenant_id = :tenantId`,
);
const stageTotals = namedQuery<{ stage: string; count: number; value: number }>(
  `SELECT stage, count(*) AS count, sum(value) AS value FROM crm_deals
   WHERE tenant_id = :tenantId AND stage IN ${OPEN_STAGES} GROUP BY stage ORDER BY stage`,
);
const topDealsPerStage = namedQuery<{
  id: string;
  name: string;
  company: string;
  value: number;
  repId: string | null;
  stage: string;
}>(
  // Each stage's first rows of the (stage, value DESC, id) index: only those rows are read.
  `SELECT d.id, d.data ->> 'name' AS name, d.data ->> 'company' AS company, d.value, d.rep_id AS "repId", d.stage
   FROM (VALUES ${OPEN_STAGE_NAMES.map((stage) => `('${stage}')`).join(', ')}) AS s (stage)
   CROSS JOIN LATERAL (
     SELECT * FROM crm_deals WHERE tenant_id = :tenantId AND stage = s.stage ORDER BY value DESC, id LIMIT :perStage
   ) d
   ORDER BY d.stage, d.value DESC, d.id`,
);
const wonByRep = namedQuery<{ repId: string; revenue: number; mrr: number }>(
  `SELECT rep_id AS "repId", sum(value) AS revenue, sum(mrr) AS mrr FROM crm_deals
   WHERE tenant_id = :tenantId AND stage = 'Won' AND closed_at >= :from AND closed_at < :to AND rep_id IS NOT NULL
   GROUP BY rep_id ORDER BY rep_id`,
);
const latestTargetPeriod = namedQuery<{ period: string | null }>(
  'SELECT max(period) AS period FROM crm_sales_targets WHERE tenant_id = :tenantId AND period <= :upTo',
);
const targets = namedQuery<{ data: unknown }>(
  'SELECT data FROM crm_sales_targets WHERE tenant_id = :tenantId AND period = :period ORDER BY rep_id, id',
);
const activities = namedQuery<{ data: unknown }>(
  'SELECT data FROM crm_activities WHERE tenant_id = :tenantId AND area = :area ORDER BY at DESC, id LIMIT :limit',
);
const leadFunnel = namedQuery<LeadFunnel>(
  `SELECT count(*) AS total, coalesce(sum(hot), 0) AS hot, coalesce(sum(connected), 0) AS connected,
     coalesce(sum(emailed), 0) AS emailed, coalesce(sum(meeting), 0) AS meetings, coalesce(sum(demo), 0) AS demos,
     coalesce(sum(trial), 0) AS trials, coalesce(sum(qualified), 0) AS qualified, coalesce(sum(converted), 0) AS converted
   FROM crm_leads WHERE tenant_id = :tenantId AND channel = :channel`,
);
const leadTotals = namedQuery<{ newLeads: number; hot: number; qualified: number; unresponsive: number }>(
  `SELECT count(CASE WHEN created_at >= :newSince THEN 1 END) AS "newLeads", coalesce(sum(hot), 0) AS hot,
     coalesce(sum(qualified), 0) AS qualified,
     count(CASE WHEN status IN ('Called – No Answer', 'Disconnect', 'Sent Information – Awaiting') THEN 1 END) AS unresponsive
   FROM crm_leads WHERE tenant_id = :tenantId`,
);
const leadStatusCounts = namedQuery<{ status: string; count: number }>(
  'SELECT status, count(*) AS count FROM crm_leads WHERE tenant_id = :tenantId GROUP BY status ORDER BY status',
);
const leadsByOwner = namedQuery<{
  ownerId: string;
  assigned: number;
  meetings: number;
  qualified: number;
  converted: number;
}>(
  `SELECT owner_id AS "ownerId", count(*) AS assigned, sum(meeting) AS meetings, sum(qualified) AS qualified,
     sum(converted) AS converted
   FROM crm_leads WHERE tenant_id = :tenantId AND owner_id IS NOT NULL GROUP BY owner_id ORDER BY owner_id`,
);
const recentLeads = namedQuery<{ data: unknown }>(
  'SELECT data FROM crm_leads WHERE tenant_id = :tenantId ORDER BY recent_at DESC, id LIMIT :limit',
);
const leadQuality = namedQuery<{
  high: number;
  medium: number;
  low: number;
  avgSpend: number | null;
  techMatch: number | null;
}>(
  `SELECT count(CASE WHEN quality = 'High' THEN 1 END) AS high, count(CASE WHEN quality = 'Medium' THEN 1 END) AS medium,
     count(CASE WHEN quality = 'Low' THEN 1 END) AS low, avg(cloud_spend) AS "avgSpend",
     avg(tech_match::double precision) AS "techMatch"
   FROM crm_leads WHERE tenant_id = :tenantId`,
);
const accounts = namedQuery<{ data: unknown }>(
  'SELECT data FROM crm_accounts WHERE tenant_id = :tenantId ORDER BY mrr DESC, id',
);
const accountMrr = namedQuery<{ id: string; company: string; mrr: number }>(
  'SELECT id, company, mrr FROM crm_accounts WHERE tenant_id = :tenantId ORDER BY id',
);
const netCollectionsByMonth = namedQuery<{ month: string; amount: number }>(
  `SELECT paid_month AS month, sum(net_amount) AS amount FROM crm_payments
   WHERE tenant_id = :tenantId AND paid_month >= substr(:since, 1, 7) AND paid_at >= :since
   GROUP BY paid_month ORDER BY paid_month`,
);
// The SLA targets are materialized once: joined as jsonb_each they would be expanded for every ticket.
const windowStats = queriesByDayCount<TicketGroupStats>(
  (starts) => `WITH sla AS MATERIALIZED (
     SELECT key AS severity, (value ->> 'firstResponseMinutes')::double precision AS frt,
       (value ->> 'resolutionHours')::double precision AS hours
     FROM jsonb_each(:sla::jsonb)
   ), timed AS (
     SELECT t.assignee_id, t.reopen_count, t.csat, t.resolved_ms, ${dayOf('t.created_ms', starts)} AS day,
       (t.assigned_ms - t.created_ms)::double precision / 60000 AS allocation,
       (t.first_response_ms - t.created_ms)::double precision / 60000 AS frt,
       (t.resolved_ms - t.created_ms)::double precision / 3600000 AS resolution,
       (:now::double precision - t.created_ms) / 3600000 AS elapsed,
       coalesce(t.sla_frt_minutes, s.frt, :otherFrt::double precision) AS frt_target,
       coalesce(t.sla_resolution_hours, s.hours, :otherHours::double precision) AS hours_target
     FROM crm_tickets t LEFT JOIN sla s ON s.severity = t.severity
     WHERE t.tenant_id = :tenantId AND t.created_at >= :since
   )
   SELECT assignee_id AS "assigneeId", day, count(*) AS handled, count(resolved_ms) AS resolved,
     count(CASE WHEN reopen_count > 0 THEN 1 END) AS reopened,
     count(CASE WHEN resolved_ms IS NOT NULL OR reopen_count > 0 THEN 1 END) AS "everResolved",
     count(CASE WHEN coalesce(frt > frt_target, elapsed * 60 > frt_target)
       OR coalesce(resolution > hours_target, elapsed > hours_target) THEN 1 END) AS breached,
     coalesce(sum(allocation), 0) AS "allocationSum", count(allocation) AS "allocationCount",
     coalesce(sum(frt), 0) AS "frtSum", count(frt) AS "frtCount",
     coalesce(sum(resolution), 0) AS "resolutionSum", count(resolution) AS "resolutionCount",
     coalesce(sum(csat), 0) AS "csatSum", count(csat) AS "csatCount"
   FROM timed GROUP BY assignee_id, day ORDER BY assignee_id NULLS FIRST, day NULLS FIRST`,
);
const reopenReasons = namedQuery<{ reason: string | null; count: number }>(
  `SELECT reopen_reason AS reason, count(*) AS count FROM crm_tickets
   WHERE tenant_id = :tenantId AND created_at >= :since AND reopen_count > 0
   GROUP BY reopen_reason ORDER BY reopen_reason NULLS FIRST`,
);
const resolutionByDay = queriesByDayCount<{ day: number; hours: number; count: number }>(
  (starts) =>
    `SELECT day, coalesce(sum(hours), 0) AS hours, count(*) AS count
     FROM (SELECT ${dayOf('resolved_ms', starts)} AS day, (resolved_ms - created_ms)::double precision / 3600000 AS hours
           FROM crm_tickets WHERE tenant_id = :tenantId AND resolved_at >= :since) resolved
     WHERE day IS NOT NULL GROUP BY day ORDER BY day`,
);
const ticketStatusCounts = namedQuery<{ status: string; count: number; critical: number }>(
  `SELECT status, count(*) AS count, count(CASE WHEN severity = 'Critical' THEN 1 END) AS critical
   FROM crm_tickets WHERE tenant_id = :tenantId GROUP BY status ORDER BY status`,
);
const openTickets = namedQuery<TicketRow>(
  `SELECT ${TICKET_COLUMNS} FROM crm_tickets
   WHERE tenant_id = :tenantId AND status IN ('New', 'In Progress', 'Waiting Customer', 'Reopened')
   ORDER BY created_at DESC, id LIMIT :limit`,
);
const latestHandover = namedQuery<{ data: unknown }>(
  'SELECT data FROM crm_shift_handovers WHERE tenant_id = :tenantId ORDER BY at DESC, id LIMIT 1',
);
const paymentsByMonth = namedQuery<{ month: string; amount: number }>(
  `SELECT paid_month AS month, sum(amount) AS amount FROM crm_payments
   WHERE tenant_id = :tenantId AND paid_month >= substr(:since, 1, 7) AND paid_at >= :since
   GROUP BY paid_month ORDER BY paid_month`,
);
const paymentsBetween = namedQuery<PaymentRow>(
  `SELECT sum(amount) AS amount, coalesce(invoice_product_line, 'Other') AS "productLine",
     invoice_created_by AS "createdBy"
   FROM crm_payments WHERE tenant_id = :tenantId AND paid_at >= :from AND paid_at < :to
   GROUP BY 2, 3 ORDER BY 2, 3 NULLS FIRST`,
);
const refunds = namedQuery<RefundRow>(
  `SELECT ${REFUND_COLUMNS} FROM crm_refunds r ${REFUND_INVOICE}
   WHERE r.tenant_id = :tenantId AND r.requested_at >= :since ORDER BY r.requested_at DESC, r.id LIMIT :limit`,
);
const refundsCompletedIn = namedQuery<RefundRow>(
  `SELECT ${REFUND_COLUMNS} FROM crm_refunds r ${REFUND_INVOICE}
   WHERE r.tenant_id = :tenantId AND r.status = 'Completed' AND r.processed_at >= :month
     AND substr(r.processed_at, 1, 7) = :month AND r.requested_at >= :since
   ORDER BY r.requested_at DESC, r.id`,
);
const openRefundRequests = namedQuery<{ requested_at: string }>(
  `SELECT requested_at FROM crm_refunds
   WHERE tenant_id = :tenantId AND status IN ('Requested', 'Processing') AND requested_at >= :since
   ORDER BY status, processed_at NULLS FIRST, requested_at`,
);
const refundCounts = namedQuery<{ customer: string; count: number }>(
  `SELECT i.customer, count(*) AS count
   FROM crm_invoices i JOIN crm_refunds r ON r.tenant_id = i.tenant_id AND r.invoice_id = i.id
   WHERE i.tenant_id = :tenantId AND i.customer = ANY(:customers::text[]) AND r.requested_at >= :since
   GROUP BY i.customer ORDER BY i.customer`,
);

const data = <T>(rows: { data: unknown }[]): T[] => rows.map((row) => row.data as T);

/** The read side of the five dashboards on PostgreSQL: aggregates and short lists. */
export const dashboardStore = (pool: Pool): DashboardStore => ({
  ...billingQueries(pool),
  reps: (tenantId: string) => reps(pool, { tenantId }),
  tasksDueBetween: (tenantId: string, from: string, to: string) =>
    tasksDueBetween(pool, { tenantId, from, to }),
  openLeadTasks: (tenantId: string) => openLeadTasks(pool, { tenantId }),
  openAccountTasks: (tenantId: string) => openAccountTasks(pool, { tenantId }),
  /** Open lead/deal tasks, and meeting tasks due since `since` (scheduled ahead included). */
  taskCounts: async (tenantId: string, since: string) =>
    (await taskCounts(pool, { tenantId, since }))[0] ?? { openTasks: 0, meetings: 0 },
  dealTotals: async (tenantId: string) => (await dealTotals(pool, { tenantId }))[0]!,
  stageTotals: (tenantId: string) => stageTotals(pool, { tenantId }),
  topDealsPerStage: (tenantId: string, perStage: number) => topDealsPerStage(pool, { tenantId, perStage }),
  wonByRep: (tenantId: string, from: string, to: string) => wonByRep(pool, { tenantId, from, to }),
  latestTargetPeriod: async (tenantId: string, upTo: string) =>
    (await latestTargetPeriod(pool, { tenantId, upTo }))[0]?.period ?? null,
  targets: async <T>(tenantId: string, period: string) => data<T>(await targets(pool, { tenantId, period })),
  activities: async <T>(tenantId: string, area: string, limit: number) =>
    data<T>(await activities(pool, { tenantId, area, limit })),
  leadFunnel: async (tenantId: string, channel: 'inbound' | 'outbound') =>
    (await leadFunnel(pool, { tenantId, channel }))[0]!,
  leadTotals: async (tenantId: string, newSince: string) =>
    (await leadTotals(pool, { tenantId, newSince }))[0]!,
  leadStatusCounts: (tenantId: string) => leadStatusCounts(pool, { tenantId }),
  leadsByOwner: (tenantId: string) => leadsByOwner(pool, { tenantId }),
  recentLeads: async <T>(tenantId: string, limit: number) =>
    data<T>(await recentLeads(pool, { tenantId, limit })),
  leadQuality: async (tenantId: string) => (await leadQuality(pool, { tenantId }))[0]!,
  accounts: async <T>(tenantId: string) => data<T>(await accounts(pool, { tenantId })),
  accountMrr: (tenantId: string) => accountMrr(pool, { tenantId }),
  netCollectionsByMonth: (tenantId: string, fromDate: string) =>
    netCollectionsByMonth(pool, { tenantId, since: fromDate }),
  ticketWindowStats: (tenantId: string, window: TicketWindow) =>
    windowStats(window.dayStarts.length)(pool, {
      tenantId,
      since: window.since,
      now: window.now,
      sla: JSON.stringify(window.sla.bySeverity),
      otherFrt: window.sla.otherwise.firstResponseMinutes,
      otherHours: window.sla.otherwise.resolutionHours,
      ...dayParams(window.dayStarts),
    }),
  reopenReasons: (tenantId: string, since: string) => reopenReasons(pool, { tenantId, since }),
  resolutionByDay: (tenantId: string, since: string, dayStarts: readonly number[]) =>
    resolutionByDay(dayStarts.length)(pool, { tenantId, since, ...dayParams(dayStarts) }),
  ticketStatusCounts: (tenantId: string) => ticketStatusCounts(pool, { tenantId }),
  openTickets: (tenantId: string, limit: number) => openTickets(pool, { tenantId, limit }),
  latestHandover: async <T>(tenantId: string) => data<T>(await latestHandover(pool, { tenantId }))[0],
  /** Payments received per month (`YYYY-MM`) since the date. */
  paymentsByMonth: (tenantId: string, since: string) => paymentsByMonth(pool, { tenantId, since }),
  /** Payments received in [from, to), per product line and author of their invoice. */
  paymentsBetween: (tenantId: string, from: string, to: string) =>
    paymentsBetween(pool, { tenantId, from, to }),
  refunds: (tenantId: string, since: string, limit: number) => refunds(pool, { tenantId, since, limit }),
  refundsCompletedIn: (tenantId: string, since: string, month: string) =>
    refundsCompletedIn(pool, { tenantId, since, month }),
  openRefundRequests: async (tenantId: string, since: string) =>
    (await openRefundRequests(pool, { tenantId, since })).map((row) => row.requested_at),
  refundCounts: (tenantId: string, since: string, customers: readonly string[]) =>
    refundCounts(pool, { tenantId, since, customers: [...customers] }),
});
