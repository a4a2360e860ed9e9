import type {
  DashboardStore,
  DealTotals,
  LeadFunnel,
  PaymentRow,
  RefundRow,
  RepRow,
  TaskRow,
  TicketRow,
} from '../../stores/dashboards.ts';
import { billingQueries } from './dashboards-billing.ts';
import type { Db } from './open.ts';

const OPEN_STAGES = `('New', 'Contacted', 'Qualified', 'Proposal', 'Negotiation')`;
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

/** The read side of the five dashboards: aggregates and short lists, prepared once per connection. */
export const dashboardStore = (db: Db): DashboardStore => {
  const reps = db.prepare<[string], RepRow>(
    `SELECT id, name, team, data ->> '$.role' AS role, agent_id AS agentId, data ->> '$.code' AS code
     FROM crm_reps WHERE tenant_id = ? ORDER BY name, id`,
  );
  const tasksDueBetween = db.prepare<[string, string, string], TaskRow>(
    `SELECT ${TASK_COLUMNS},
       coalesce(t.data ->> '$.contactName', l.data ->> '$.name', d.data ->> '$.name', '') AS name,
       coalesce(l.data ->> '$.company', d.data ->> '$.company', '') AS company, l.owner_id AS leadOwnerId
     FROM crm_tasks t
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
     FROM crm_tasks WHERE tenant_id = ? AND related_type IN ('lead', 'deal')`,
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
     FROM crm_deals WHERE tenant_id = ?`,
  );
  const stageTotals = db.prepare<[string], { stage: string; count: number; value: number }>(
    `SELECT stage, count(*) AS count, sum(value) AS value FROM crm_deals
     WHERE tenant_id = ? AND stage IN ${OPEN_STAGES} GROUP BY stage`,
  );
  const topDealsPerStage = db.prepare<
    [string, number],
    { id: string; name: string; company: string; value: number; repId: string | null; stage: string }
  >(
    `SELECT id, name, company, value, repId, stage FROM (
       SELECT id, data ->> '$.name' AS name, data ->> '$.company' AS company, value, rep_id AS repId, stage,
         row_number() OVER (PARTITION BY stage ORDER BY value DESC, id) AS rank
       FROM crm_deals WHERE tenant_id = ? AND stage IN ${OPEN_STAGES})
     WHERE rank <= ? ORDER BY stage, rank`,
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
     FROM crm_leads WHERE tenant_id = ?`,
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
    'SELECT id, company, mrr FROM crm_accounts WHERE tenant_id = ?',
  );
  const netCollectionsByMonth = db.prepare<[string, string], { month: string; amount: number }>(
    `SELECT substr(p.paid_at, 1, 7) AS month,
       sum(p.amount * coalesce(i.taxable / nullif(i.amount, 0), 1)) AS amount
     FROM crm_payments p
     -- The covering (tenant_id, id, amount, taxable, ...) index spares a row read per payment.
     LEFT JOIN crm_invoices i INDEXED BY crm_invoices_3 ON i.tenant_id = p.tenant_id AND i.id = p.invoice_id
     WHERE p.tenant_id = ? AND p.paid_at >= ? GROUP BY month`,
  );
  const ticketsCreatedSince = db.prepare<[string, string], TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM crm_tickets WHERE tenant_id = ? AND created_at >= ?`,
  );
  const ticketsResolvedSince = db.prepare<[string, string], { createdMs: number; resolvedMs: number }>(
    `SELECT created_ms AS createdMs, resolved_ms AS resolvedMs FROM crm_tickets
     WHERE tenant_id = ? AND resolved_at >= ?`,
  );
  const ticketStatusCounts = db.prepare<[string], { status: string; count: number; critical: number }>(
    `SELECT status, count(*) AS count, count(CASE WHEN severity = 'Critical' THEN 1 END) AS critical
     FROM crm_tickets WHERE tenant_id = ? GROUP BY status`,
  );
  const openTickets = db.prepare<[string, number], TicketRow>(
    `SELECT ${TICKET_COLUMNS} FROM crm_tickets
     WHERE tenant_id = ? AND status IN ('New', 'In Progress', 'Waiting Customer', 'Reopened')
     ORDER BY created_at DESC, id LIMIT ?`,
  );
  const latestHandover = db.prepare<[string], { data: string }>(
    'SELECT data FROM crm_shift_handovers WHERE tenant_id = ? ORDER BY at DESC, id LIMIT 1',
  );
  const paymentsByMonth = db.prepare<[string, string], { month: string; amount: number }>(
    `SELECT substr(paid_at, 1, 7) AS month, sum(amount) AS amount FROM crm_payments
     WHERE tenant_id = ? AND paid_at >= ? GROUP BY month`,
  );
  const paymentsBetween = db.prepare<[string, string, string], PaymentRow>(
    `SELECT sum(p.amount) AS amount, coalesce(i.product_line, 'Other') AS productLine, i.created_by AS createdBy
     FROM crm_payments p
     LEFT JOIN crm_invoices i INDEXED BY crm_invoices_3 ON i.tenant_id = p.tenant_id AND i.id = p.invoice_id
     WHERE p.tenant_id = ? AND p.paid_at >= ? AND p.paid_at < ? GROUP BY productLine, createdBy`,
  );
  const refunds = db.prepare<[string, string], RefundRow>(
    `SELECT r.id, r.invoice_id AS invoiceId, r.amount, coalesce(r.data ->> '$.reason', 'Other') AS reason,
       r.data ->> '$.processedById' AS processedById, r.requested_at AS requestedAt, r.processed_at AS processedAt,
       r.status, i.customer, i.invoice_no AS invoiceNo
     FROM crm_refunds r
     LEFT JOIN crm_invoices i INDEXED BY crm_invoices_3 ON i.tenant_id = r.tenant_id AND i.id = r.invoice_id
     WHERE r.tenant_id = ? AND r.requested_at >= ?
     ORDER BY r.requested_at DESC, r.id`,
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
    topDealsPerStage: async (tenantId: string, perStage: number) => topDealsPerStage.all(tenantId, perStage),
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
      netCollectionsByMonth.all(tenantId, fromDate),
    ticketsCreatedSince: async (tenantId: string, since: string) => ticketsCreatedSince.all(tenantId, since),
    ticketsResolvedSince: async (tenantId: string, since: string) =>
      ticketsResolvedSince.all(tenantId, since),
    ticketStatusCounts: async (tenantId: string) => ticketStatusCounts.all(tenantId),
    openTickets: async (tenantId: string, limit: number) => openTickets.all(tenantId, limit),
    latestHandover: async <T>(tenantId: string) => parse<T>(latestHandover.all(tenantId))[0],
    /** Payments received per month (`YYYY-MM`) since the date. */
    paymentsByMonth: async (tenantId: string, since: string) => paymentsByMonth.all(tenantId, since),
    /** Payments received in [from, to), per product line and author of their invoice. */
    paymentsBetween: async (tenantId: string, from: string, to: string) =>
      paymentsBetween.all(tenantId, from, to),
    refunds: async (tenantId: string, since: string) => refunds.all(tenantId, since),
  };
};
