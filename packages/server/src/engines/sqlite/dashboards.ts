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
import type { Db } from './open.ts';

const OPEN_STAGE_NAMES = ['New', 'Contacted', 'Qualified', 'Proposal', 'Negotiation'];
const OPEN_STAGES = `(${OPEN_STAGE_NAMES.map((stage) => `'${stage}'`).join(', ')})`;
const STAGE_PROBABILITY_SQL = `coalesce(probability, CASE stage WHEN 'New' THEN 10 WHEN 'Contacted' THEN 20
  WHEN 'Qualified' THEN 40 WHEN 'Proposal' THEN 60 WHEN 'Negotiation' THEN 80 ELSE 0 END)`;

const TASK_COLUMNS = `t.id, t.data ->> '$.title' AS title, t.type, t.status, t.data ->> '$.priority' AS priority,
  t.due_at AS dueAt, t.data ->> '$.ownerId' AS ownerId, t.data ->> '$.lastAction' AS lastAction,
  t.data ->> '$.lastActionAt' AS lastActionAt`;

const TICKET_COLUMNS = `id, subject, customer, severity, status, category, assignee_id AS assigneeId,
  created_at AS createdAt, created_ms AS createdMs, assigned_ms AS assignedMs, first_response_ms AS firstResponseMs,
  resolved_ms AS resolvedMs,
  reopen_count AS reopenCount, reopen_reason AS reopenReason, csat, sla_frt_minutes AS slaFrtMinutes,
  sla_resolution_hours AS slaResolutionHours`;

const REFUND_COLUMNS = `r.id, r.invoice_id AS invoiceId, r.amount, coalesce(r.data ->> '$.reason', 'Other') AS reason,
  r.data ->> '$.processedById' AS processedById, r.requested_at AS requestedAt, r.processed_at AS processedAt,
  r.status, i.customer, i.invoice_no AS invoiceNo`;
const REFUND_INVOICE =
  'LEFT JOIN crm_invoices i INDEXED BY crm_invoices_3 ON i.tenant_id = r.tenant_id AND i.id = r.invoice_id';

/**
 * The index of the day an instant falls in, given the day starts as `:d0`..`:dN` (null outside
 * them): a binary search, so each row costs a few comparisons whatever the number of days.
 */
const dayOf = (instant: string, starts: number): string => {
  const search = (from: number, to: number): string => {
    if (to - from === 1) return String(from);
    const middle = (from + to) >> 1;
    return `CASE WHEN ${instant} < :d${middle} THEN ${search(from, middle)} ELSE ${search(middle, to)} END`;
  };
  const last = starts - 1;
  return `CASE WHEN ${instant} IS NULL OR ${instant} < :d0 OR ${instant} >= :d${last} THEN NULL ELSE ${search(0, last)} END`;
};

const dayParams = (dayStarts: readonly number[]): Record<string, number> =>
  Object.fromEntries(dayStarts.map((start, i) => [`d${i}`, start]));

/** The read side of the five dashboards: aggregates and short lists, prepared once per connection. */
export const dashboardStore = (db: Db): DashboardStore => {
  /** One statement per number of day starts, prepared on first use. */
  const statementsByDayCount = (sql: (starts: number) => string) => {
    const prepared = new Map<number, ReturnType<Db['prepare']>>();
    return (starts: number) => {
      let statement = prepared.get(starts);
      if (!statement) {
        statement = db.prepare(sql(starts));
        prepared.set(starts, statement);
      }
      return statement;
    };
  };
  const reps = db.prepare<[string], RepRow>(
    `SELECT id, name, team, data ->> '$.role' AS role, agent_id AS agentId, data ->> '$.code' AS code
     FROM crm_reps WHERE tenant_id = ? ORDER BY name, id`,
  );
  const tasksDueBetween = db.prepare<[string, string, string], TaskRow>(
    `SELECT ${TASK_COLUMNS},
       coalesce(t.data ->> '$.contactName', l.data ->> '$.name', d.data ->> '$.name', '') AS name,
       coalesce(l.data ->> '$.company', d.data ->> '$.company', '') AS company, l.owner_id AS leadOwnerId
     FROM crm_tasks t INDEXED BY crm_tasks_due
     LEFT JOIN crm_leads l ON t.related_type = 'lead' AND l.tenant_id = t.tenant_id AND l.id = t.related_id
     LEFT JOIN crm_deals d ON t.related_type = 'deal' AND d.tenant_id = t.tenant_id AND d.id = t.related_id
     WHERE t.tenant_id = ? AND t.related_type IN ('lead', 'deal') AND t.status != 'Cancelled'
       AND t.due_at >= ? AND t.due_at < ?
     ORDER BY t.due_at, t.id LIMIT 50`,
  );
  const openLeadTasks = db.prepare<[string], TaskRow>(
    `SELECT ${TASK_COLUMNS}, coalesce(l.data ->> '$.name', '') AS name, coalesce(l.data ->> '$.company', '') AS company,
       l.owner_id AS leadOwnerId
     FROM crm_tasks t
     LEFT JOIN crm_leads l ON l.tenant_id = t.tenant_id AND l.id = t.related_id
     WHERE t.tenant_id = ? AND t.related_type = 'lead' AND t.status = 'Open'
     ORDER BY t.due_at, t.id LIMIT 20`,
  );
  const openAccountTasks = db.prepare<[string], TaskRow>(
    `SELECT ${TASK_COLUMNS}, coalesce(a.company, '') AS name, coalesce(a.company, '') AS company, NULL AS leadOwnerId
     FROM crm_tasks t
     LEFT JOIN crm_accounts a ON a.tenant_id = t.tenant_id AND a.id = t.related_id
     WHERE t.tenant_id = ? AND t.related_type = 'account' AND t.status = 'Open'
     ORDER BY t.due_at, t.id LIMIT 20`,
  );
  const taskCounts = db.prepare<[string, string], { openTasks: number; meetings: number }>(
    `SELECT count(CASE WHEN status = 'Open' THEN 1 END) AS openTasks,
       count(CASE WHEN type = 'Meeting' AND status != 'Cancelled' AND due_at >= ? THEN 1 END) AS meetings
     FROM crm_tasks INDEXED BY crm_tasks_open WHERE tenant_id = ? AND related_type IN ('lead', 'deal')`,
  );
  const dealTotals = db.prepare<[string], DealTotals>(
    `SELECT
       coalesce(sum(CASE WHEN stage != 'Lost' THEN value END), 0) AS allocated,
       coalesce(sum(CASE WHEN hot = 1 AND stage IN ('Contacted', 'Qualified', 'Proposal', 'Negotiation') THEN value END), 0) AS contactedHot,
       coalesce(sum(CASE WHEN stage IN ${OPEN_STAGES} THEN value END), 0) AS inPipe,
       coalesce(sum(CASE WHEN stage IN ${OPEN_STAGES} THEN value * ${STAGE_PROBABILITY_SQL} / 100.0 END), 0) AS expected,
       count(CASE WHEN stage IN ('Proposal', 'Negotiation', 'Won') THEN 1 END) AS proposals,
       count(CASE WHEN stage = 'Won' THEN 1 END) AS won,
       count(CASE WHEN stage = 'Lost' THEN 1 END) AS lost,
       count(CASE WHEN stage IN ${OPEN_STAGES} THEN 1 END) AS active
     FROM crm_deals INDEXED BY crm_deals_pipeline WHERE tenant_id = ?`,
  );
  const stageTotals = db.prepare<[string], { stage: string; count: number; value: number }>(
    `SELECT stage, count(*) AS count, sum(value) AS value FROM crm_deals INDEXED BY crm_deals_pipeline
     WHERE tenant_id = ? AND stage IN ${OPEN_STAGES} GROUP BY stage`,
  );
  const topDealsPerStage = db.prepare<
    { tenantId: string; perStage: number },
    { id: string; name: string; company: string; value: number; repId: string | null; stage: string }
  >(
    // Each stage's first rows of the (stage, value DESC, id) index: only those rows are read.
    `WITH stages (stage) AS (VALUES ${OPEN_STAGE_NAMES.map((stage) => `('${stage}')`).join(', ')})
     SELECT d.id, d.data ->> '$.name' AS name, d.data ->> '$.company' AS company, d.value, d.rep_id AS repId, d.stage
     FROM stages s JOIN crm_deals d ON d.rowid IN (
       SELECT rowid FROM crm_deals INDEXED BY crm_deals_pipeline
       WHERE tenant_id = :tenantId AND stage = s.stage ORDER BY value DESC, id LIMIT :perStage)
     ORDER BY d.stage, d.value DESC, d.id`,
  );
  const wonByRep = db.prepare<[string, string, string], { repId: string; revenue: number; mrr: number }>(
    `SELECT rep_id AS repId, sum(value) AS revenue, sum(mrr) AS mrr FROM crm_deals
     WHERE tenant_id = ? AND stage = 'Won' AND closed_at >= ? AND closed_at < ? AND rep_id IS NOT NULL
     GROUP BY rep_id`,
  );
  const latestTargetPeriod = db.prepare<[string, string], { period: string | null }>(
    'SELECT max(period) AS period FROM crm_sales_targets WHERE tenant_id = ? AND period <= ?',
  );
  const targets = db.prepare<[string, string], { data: string }>(
    'SELECT data FROM crm_sales_targets WHERE tenant_id = ? AND period = ? ORDER BY rep_id, id',
  );
  const activities = db.prepare<[string, string, number], { data: string }>(
    'SELECT data FROM crm_activities WHERE tenant_id = ? AND area = ? ORDER BY at DESC, id LIMIT ?',
  );
  const leadFunnel = db.prepare<[string, string], LeadFunnel>(
    `SELECT count(*) AS total, coalesce(sum(hot), 0) AS hot, coalesce(sum(connected), 0) AS connected,
       coalesce(sum(emailed), 0) AS emailed, coalesce(sum(meeting), 0) AS meetings, coalesce(sum(demo), 0) AS demos,
       coalesce(sum(trial), 0) AS trials, coalesce(sum(qualified), 0) AS qualified, coalesce(sum(converted), 0) AS converted
     FROM crm_leads WHERE tenant_id = ? AND channel = ?`,
  );
  const leadTotals = db.prepare<
    [string, string],
    { newLeads: number; hot: number; qualified: number; unresponsive: number }
  >(
    `SELECT count(CASE WHEN created_at >= ? THEN 1 END) AS newLeads, coalesce(sum(hot), 0) AS hot,
       coalesce(sum(qualified), 0) AS qualified,
       count(CASE WHEN status IN ('Called – No Answer', 'Disconnect', 'Sent Information – Awaiting') THEN 1 END) AS unresponsive
     FROM crm_leads INDEXED BY crm_leads_2 WHERE tenant_id = ?`,
  );
  const leadStatusCounts = db.prepare<[string], { status: string; count: number }>(
    'SELECT status, count(*) AS count FROM crm_leads WHERE tenant_id = ? GROUP BY status',
  );
  const leadsByOwner = db.prepare<
    [string],
    { ownerId: string; assigned: number; meetings: number; qualified: number; converted: number }
  >(
    `SELECT owner_id AS ownerId, count(*) AS assigned, sum(meeting) AS meetings, sum(qualified) AS qualified,
       sum(converted) AS converted
     FROM crm_leads WHERE tenant_id = ? AND owner_id IS NOT NULL GROUP BY owner_id`,
  );
  const recentLeads = db.prepare<[string, number], { data: string }>(
    'SELECT data FROM crm_leads WHERE tenant_id = ? ORDER BY recent_at DESC, id LIMIT ?',
  );
  const leadQuality = db.prepare<
    [string],
    { high: number; medium: number; low: number; avgSpend: number | null; techMatch: number | null }
  >(
    `SELECT count(CASE WHEN quality = 'High' THEN 1 END) AS high, count(CASE WHEN quality = 'Medium' THEN 1 END) AS medium,
       count(CASE WHEN quality = 'Low' THEN 1 END) AS low, avg(cloud_spend) AS avgSpend, avg(tech_match) AS techMatch
     FROM crm_leads WHERE tenant_id = ?`,
  );
  const accounts = db.prepare<[string], { data: string }>(
    'SELECT data FROM crm_accounts WHERE tenant_id = ? ORDER BY mrr DESC, id',
  );
  const accountMrr = db.prepare<[string], { id: string; company: string; mrr: number }>(
    'SELECT id, company, mrr FROM crm_accounts INDEXED BY crm_accounts_mrr WHERE tenant_id = ?',
  );
  const netCollectionsByMonth = db.prepare<
    { tenantId: string; since: string },
    { month: string; amount: number }
  >(
    `SELECT paid_month AS month, sum(net_amount) AS amount FROM crm_payments INDEXED BY crm_payments_monthly
     WHERE tenant_id = :tenantId AND paid_month >= substr(:since, 1, 7) AND paid_at >= :since GROUP BY paid_month`,
  );
  // The SLA targets are materialized once: joined as json_each they would be parsed for every ticket.
  const windowStats = statementsByDayCount(
    (starts) => `WITH sla AS MATERIALIZED (
       SELECT key AS severity, value ->> '$.firstResponseMinutes' AS frt, value ->> '$.resolutionHours' AS hours
       FROM json_each(:sla)
     ), timed AS (
       SELECT t.assignee_id, t.reopen_count, t.csat, t.resolved_ms, ${dayOf('t.created_ms', starts)} AS day,
         (t.assigned_ms - t.created_ms) / 60000.0 AS allocation,
         (t.first_response_ms - t.created_ms) / 60000.0 AS frt,
         (t.resolved_ms - t.created_ms) / 3600000.0 AS resolution,
         (:now - t.created_ms) / 3600000.0 AS elapsed,
         coalesce(t.sla_frt_minutes, s.frt, :otherFrt) AS frt_target,
         coalesce(t.sla_resolution_hours, s.hours, :otherHours) AS hours_target
       FROM crm_tickets t INDEXED BY crm_tickets_window LEFT JOIN sla s ON s.severity = t.severity
       WHERE t.tenant_id = :tenantId AND t.created_at >= :since
     )
     SELECT assignee_id AS assigneeId, day, count(*) AS handled, count(resolved_ms) AS resolved,
       count(CASE WHEN reopen_count > 0 THEN 1 END) AS reopened,
       count(CASE WHEN resolved_ms IS NOT NULL OR reopen_count > 0 THEN 1 END) AS everResolved,
       count(CASE WHEN coalesce(frt > frt_target, elapsed * 60 > frt_target)
         OR coalesce(resolution > hours_target, elapsed > hours_target) THEN 1 END) AS breached,
       total(allocation) AS allocationSum, count(allocation) AS allocationCount, total(frt) AS frtSum,
       count(frt) AS frtCount, total(resolution) AS resolutionSum, count(resolution) AS resolutionCount,
       total(csat) AS csatSum, count(csat) AS csatCount
     FROM timed GROUP BY assignee_id, day`,
  );
  const reopenReasons = db.prepare<[string, string], { reason: string | null; count: number }>(
    `SELECT reopen_reason AS reason, count(*) AS count FROM crm_tickets INDEXED BY crm_tickets_window
     WHERE tenant_id = ? AND created_at >= ? AND reopen_count > 0 GROUP BY reopen_reason`,
  );
  const resolutionByDay = statementsByDayCount(
    (starts) =>
      `SELECT ${dayOf('resolved_ms', starts)} AS day, total((resolved_ms - created_ms) / 3600000.0) AS hours,
         count(*) AS count
       FROM crm_tickets INDEXED BY crm_tickets_resolved WHERE tenant_id = :tenantId AND resolved_at >= :since
       GROUP BY day HAVING day IS NOT NULL`,
  );
  const ticketStatusCounts = db.prepare<[string], { status: string; count: number; critical: number }>(
    `SELECT status, count(*) AS count, count(CASE WHEN severity = 'Critical' THEN 1 END) AS critical
     FROM crm_tickets INDEXED BY crm_tickets_status WHERE tenant_id = ? GROUP BY status`,
  );
  const openTickets = db.prepare<[string, number], TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM crm_tickets
     WHERE tenant_id = ? AND status IN ('New', 'In Progress', 'Waiting Customer', 'Reopened')
     ORDER BY created_at DESC, id LIMIT ?`,
  );
  const latestHandover = db.prepare<[string], { data: string }>(
    'SELECT data FROM crm_shift_handovers WHERE tenant_id = ? ORDER BY at DESC, id LIMIT 1',
  );
  const paymentsByMonth = db.prepare<{ tenantId: string; since: string }, { month: string; amount: number }>(
    `SELECT paid_month AS month, sum(amount) AS amount FROM crm_payments INDEXED BY crm_payments_monthly
     WHERE tenant_id = :tenantId AND paid_month >= substr(:since, 1, 7) AND paid_at >= :since GROUP BY paid_month`,
  );
  const paymentsBetween = db.prepare<[string, string, string], PaymentRow>(
    `SELECT sum(amount) AS amount, coalesce(invoice_product_line, 'Other') AS productLine, invoice_created_by AS createdBy
     FROM crm_payments INDEXED BY crm_payments_collected
     WHERE tenant_id = ? AND paid_at >= ? AND paid_at < ? GROUP BY productLine, createdBy`,
  );
  const refunds = db.prepare<[string, string, number], RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM crm_refunds r ${REFUND_INVOICE}
     WHERE r.tenant_id = ? AND r.requested_at >= ? ORDER BY r.requested_at DESC, r.id LIMIT ?`,
  );
  const refundsCompletedIn = db.prepare<{ tenantId: string; since: string; month: string }, RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM crm_refunds r INDEXED BY crm_refunds_status ${REFUND_INVOICE}
     WHERE r.tenant_id = :tenantId AND r.status = 'Completed' AND r.processed_at >= :month
       AND substr(r.processed_at, 1, 7) = :month AND r.requested_at >= :since
     ORDER BY r.requested_at DESC, r.id`,
  );
  const openRefundRequests = db.prepare<[string, string], string>(
    `SELECT requested_at FROM crm_refunds INDEXED BY crm_refunds_status
     WHERE tenant_id = ? AND status IN ('Requested', 'Processing') AND requested_at >= ?`,
  );
  openRefundRequests.pluck(true);
  const refundCounts = db.prepare<
    { tenantId: string; since: string; customers: string },
    { customer: string; count: number }
  >(
    // CROSS JOIN keeps this order: the few customers named, their invoices, then those invoices' refunds.
    `WITH shown AS MATERIALIZED (SELECT value AS customer FROM json_each(:customers))
     SELECT i.customer, count(*) AS count
     FROM shown s
     CROSS JOIN crm_invoices i INDEXED BY crm_invoices_2
     CROSS JOIN crm_refunds r INDEXED BY crm_refunds_1
     WHERE i.tenant_id = :tenantId AND i.customer = s.customer
       AND r.tenant_id = :tenantId AND r.invoice_id = i.id AND r.requested_at >= :since
     GROUP BY i.customer`,
  );

  const parse = <T>(rows: { data: string }[]): T[] => rows.map((row) => JSON.parse(row.data) as T);

  return {
    ...billingQueries(db),
    reps: async (tenantId: string) => reps.all(tenantId),
    tasksDueBetween: async (tenantId: string, from: string, to: string) =>
      tasksDueBetween.all(tenantId, from, to),
    openLeadTasks: async (tenantId: string) => openLeadTasks.all(tenantId),
    openAccountTasks: async (tenantId: string) => openAccountTasks.all(tenantId),
    /** Open lead/deal tasks, and meeting tasks due since `since` (scheduled ahead included). */
    taskCounts: async (tenantId: string, since: string) =>
      taskCounts.get(since, tenantId) ?? { openTasks: 0, meetings: 0 },
    dealTotals: async (tenantId: string) => dealTotals.get(tenantId)!,
    stageTotals: async (tenantId: string) => stageTotals.all(tenantId),
    topDealsPerStage: async (tenantId: string, perStage: number) =>
      topDealsPerStage.all({ tenantId, perStage }),
    wonByRep: async (tenantId: string, from: string, to: string) => wonByRep.all(tenantId, from, to),
    latestTargetPeriod: async (tenantId: string, upTo: string) =>
      latestTargetPeriod.get(tenantId, upTo)?.period ?? null,
    targets: async <T>(tenantId: string, period: string) => parse<T>(targets.all(tenantId, period)),
    activities: async <T>(tenantId: string, area: string, limit: number) =>
      parse<T>(activities.all(tenantId, area, limit)),
    leadFunnel: async (tenantId: string, channel: 'inbound' | 'outbound') =>
      leadFunnel.get(tenantId, channel)!,
    leadTotals: async (tenantId: string, newSince: string) => leadTotals.get(newSince, tenantId)!,
    leadStatusCounts: async (tenantId: string) => leadStatusCounts.all(tenantId),
    leadsByOwner: async (tenantId: string) => leadsByOwner.all(tenantId),
    recentLeads: async <T>(tenantId: string, limit: number) => parse<T>(recentLeads.all(tenantId, limit)),
    leadQuality: async (tenantId: string) => leadQuality.get(tenantId)!,
    accounts: async <T>(tenantId: string) => parse<T>(accounts.all(tenantId)),
    accountMrr: async (tenantId: string) => accountMrr.all(tenantId),
    netCollectionsByMonth: async (tenantId: string, fromDate: string) =>
      netCollectionsByMonth.all({ tenantId, since: fromDate }),
    ticketWindowStats: async (tenantId: string, window: TicketWindow) =>
      windowStats(window.dayStarts.length).all({
        tenantId,
        since: window.since,
        now: window.now,
        sla: JSON.stringify(window.sla.bySeverity),
        otherFrt: window.sla.otherwise.firstResponseMinutes,
        otherHours: window.sla.otherwise.resolutionHours,
        ...dayParams(window.dayStarts),
      }) as TicketGroupStats[],
    reopenReasons: async (tenantId: string, since: string) => reopenReasons.all(tenantId, since),
    resolutionByDay: async (tenantId: string, since: string, dayStarts: readonly number[]) =>
      resolutionByDay(dayStarts.length).all({ tenantId, since, ...dayParams(dayStarts) }) as {
        day: number;
        hours: number;
        count: number;
      }[],
    ticketStatusCounts: async (tenantId: string) => ticketStatusCounts.all(tenantId),
    openTickets: async (tenantId: string, limit: number) => openTickets.all(tenantId, limit),
    latestHandover: async <T>(tenantId: string) => parse<T>(latestHandover.all(tenantId))[0],
    /** Payments received per month (`YYYY-MM`) since the date. */
    paymentsByMonth: async (tenantId: string, since: string) => paymentsByMonth.all({ tenantId, since }),
    /** Payments received in [from, to), per product line and author of their invoice. */
    paymentsBetween: async (tenantId: string, from: string, to: string) =>
      paymentsBetween.all(tenantId, from, to),
    refunds: async (tenantId: string, since: string, limit: number) => refunds.all(tenantId, since, limit),
    refundsCompletedIn: async (tenantId: string, since: string, month: string) =>
      refundsCompletedIn.all({ tenantId, since, month }),
    openRefundRequests: async (tenantId: string, since: string) => openRefundRequests.all(tenantId, since),
    refundCounts: async (tenantId: string, since: string, customers: readonly string[]) =>
      refundCounts.all({ tenantId, since, customers: JSON.stringify(customers) }),
  };
};
