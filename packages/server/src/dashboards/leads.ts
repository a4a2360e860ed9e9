import { type CrmLead, LEAD_STATUSES, type LeadsDashboard } from '@call-ribbon/contract';
import type { TaskRow } from '../stores/dashboards.ts';
import { type DashboardContext, type RepDirectory, repDirectory } from './context.ts';
import { compactRupees, formatDueTime, formatPercent, formatTimeAgo, percentOf, round } from './format.ts';
import { localDate } from './time.ts';

const LEAD_ROWS = 50;

/** A lead follow-up's state: done, overdue, due today, or upcoming. */
const taskStatus = (task: TaskRow, ctx: DashboardContext): string => {
  if (task.status === 'Done') return 'Done';
  const due = new Date(task.dueAt);
  if (due.getTime() < ctx.now.getTime()) return 'Overdue';
  return localDate(due, ctx.timeZone) === localDate(ctx.now, ctx.timeZone) ? 'Due' : 'Upcoming';
};

const lastAction = (task: TaskRow, now: Date): string => {
  if (!task.lastAction) return '';
  return task.lastActionAt
    ? `${task.lastAction} ${formatTimeAgo(new Date(task.lastActionAt), now)}`
    : task.lastAction;
};

const teamPerformance = async (
  ctx: DashboardContext,
  reps: RepDirectory,
): Promise<LeadsDashboard['teamPerformance']> => {
  const byOwner = new Map((await ctx.queries.leadsByOwner(ctx.tenantId)).map((row) => [row.ownerId, row]));
  const members = reps.all.filter(
    (rep) => byOwner.has(rep.id) || rep.team === 'Inbound' || rep.team === 'Outbound',
  );
  return members
    .map((rep) => {
      const leads = byOwner.get(rep.id);
      const calls = rep.agentId ? ctx.calls.get(rep.agentId) : undefined;
      const assigned = leads?.assigned ?? 0;
      return {
        name: rep.name,
        team: rep.team,
        assigned,
        calls: calls?.calls ?? 0,
        connected: calls?.connected ?? 0,
        meetings: leads?.meetings ?? 0,
        qualified: leads?.qualified ?? 0,
        conversion: round(percentOf(leads?.converted ?? 0, assigned), 1),
      };
    })
    .sort((a, b) => b.assigned - a.assigned || a.name.localeCompare(b.name));
};

/** `GET /api/dashboards/leads`, computed from leads, lead tasks, reps and their calls. */
export const leadsDashboard = async (ctx: DashboardContext): Promise<LeadsDashboard> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const reps = repDirectory(await q.reps(tenantId));

  const counts = new Map((await q.leadStatusCounts(tenantId)).map((row) => [row.status, row.count]));
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const statusDistribution = LEAD_STATUSES.map((status) => ({
    status,
    count: counts.get(status) ?? 0,
    percentage: round(percentOf(counts.get(status) ?? 0, total), 1),
  }));

  const followUpTasks = (await q.openLeadTasks(tenantId)).map((task) => ({
    lead: task.name,
    type: task.type,
    dueDate: formatDueTime(new Date(task.dueAt), now, timeZone),
    lastAction: lastAction(task, now),
    owner: reps.name(task.ownerId ?? task.leadOwnerId),
    status: taskStatus(task, ctx),
    priority: task.priority,
  }));

  const leadDatabase = (await q.recentLeads<CrmLead>(tenantId, LEAD_ROWS)).map((lead) => ({
    name: lead.name,
    email: lead.email,
    phone: lead.phone,
    company: lead.company,
    source: lead.source,
    status: lead.status,
    owner: reps.name(lead.ownerId),
    quality: lead.quality,
    useCase: lead.useCase,
    lastActivity: formatTimeAgo(new Date(lead.lastActivityAt ?? lead.createdAt), now),
  }));

  const inbound = await q.leadFunnel(tenantId, 'inbound');
  const outbound = await q.leadFunnel(tenantId, 'outbound');
  let coldCalls = 0;
  let connected = 0;
  for (const rep of reps.all) {
    if (rep.team !== 'Outbound' || !rep.agentId) continue;
    coldCalls += ctx.calls.get(rep.agentId)?.calls ?? 0;
    connected += ctx.calls.get(rep.agentId)?.connected ?? 0;
  }
  const quality = await q.leadQuality(tenantId);

  return {
    statusDistribution,
    teamPerformance: await teamPerformance(ctx, reps),
    followUpTasks,
    leadDatabase,
    inboundKpis: {
      totalLeads: inbound.total,
      hotLeads: inbound.hot,
      connected: inbound.connected,
      demos: inbound.demos,
      trial: inbound.trials,
      converted: inbound.converted,
    },
    outboundKpis: {
      apolloData: outbound.total,
      emailsSent: outbound.emailed,
      coldCalls,
      connected,
      meetings: outbound.meetings,
      converted: outbound.converted,
    },
    qualityMetrics: {
      excellent: quality.high,
      good: quality.medium,
      fair: quality.low,
      avgCloudSpend: compactRupees(quality.avgSpend ?? 0).replace(/K$/, 'k'),
      techStackMatch: formatPercent((quality.techMatch ?? 0) * 100, 0),
    },
  };
};
