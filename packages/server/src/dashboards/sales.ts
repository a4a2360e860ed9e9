import type { CrmActivity, CrmSalesTarget, DealStage, SalesDashboard } from '@call-ribbon/contract';
import { DAY_MS, type DashboardContext, repDirectory } from './context.ts';
import {
  formatClock,
  formatIndianNumber,
  formatInr,
  formatPercent,
  formatTimeAgo,
  percentOf,
} from './format.ts';
import { targetStatus } from './scores.ts';
import { addDays, localDate, localMonth, MONTHS_LONG, monthEnd, zonedInstant } from './time.ts';

const OPEN_STAGES: DealStage[] = ['New', 'Contacted', 'Qualified', 'Proposal', 'Negotiation'];
const DEALS_PER_STAGE = 10;

/** `GET /api/dashboards/sales`, computed from deals, leads, tasks, activities, targets and calls. */
export const salesDashboard = async (ctx: DashboardContext): Promise<SalesDashboard> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const reps = repDirectory(await q.reps(tenantId));
  const today = localDate(now, timeZone);
  const last30 = new Date(now.getTime() - 30 * DAY_MS).toISOString();

  const followUpTasks = (
    await q.tasksDueBetween(
      tenantId,
      zonedInstant(today, timeZone).toISOString(),
      zonedInstant(addDays(today, 1), timeZone).toISOString(),
    )
  ).map((task) => ({
    id: task.id,
    name: task.name,
    company: task.company,
    task: task.title,
    type: task.type,
    time: formatClock(new Date(task.dueAt), timeZone),
    status: task.status === 'Done' ? 'Done' : Date.parse(task.dueAt) < now.getTime() ? 'Overdue' : 'Pending',
  }));

  const deals = await q.dealTotals(tenantId);
  const leads = await q.leadTotals(tenantId, last30);
  const tasks = await q.taskCounts(tenantId, last30);
  let calls = 0;
  for (const rep of reps.all) if (rep.agentId) calls += ctx.calls.get(rep.agentId)?.calls ?? 0;

  const totals = new Map((await q.stageTotals(tenantId)).map((row) => [row.stage, row]));
  const top = await q.topDealsPerStage(tenantId, DEALS_PER_STAGE);
  const stages = OPEN_STAGES.map((name) => ({
    name,
    count: totals.get(name)?.count ?? 0,
    value: formatInr(totals.get(name)?.value ?? 0),
    deals: top
      .filter((deal) => deal.stage === name)
      .map((deal) => ({
        id: deal.id,
        name: deal.name,
        company: deal.company,
        value: formatInr(deal.value),
        rep: reps.code(deal.repId),
      })),
  }));

  const recentActivity = (await q.activities<CrmActivity>(tenantId, 'sales', 10)).map((activity) => ({
    id: activity.id,
    user: reps.get(activity.repId)?.name ?? activity.user ?? activity.repId ?? '',
    description: activity.description,
    details: activity.details,
    time: formatTimeAgo(new Date(activity.at), now),
    type: activity.type,
  }));

  return {
    followUpTasks,
    kpis: {
      totalAllocated: formatInr(deals.allocated),
      contactedHot: formatInr(deals.contactedHot),
      dealsInPipe: formatInr(deals.inPipe),
      expectedValue: formatInr(deals.expected),
      newMeetings: formatIndianNumber(tasks.meetings),
      leadQualified: formatIndianNumber(leads.qualified),
      newLeads: formatIndianNumber(leads.newLeads),
      coldCalling: formatIndianNumber(calls),
      followUp: formatIndianNumber(tasks.openTasks),
      proposalsSent: formatIndianNumber(deals.proposals),
      dealsLost: formatIndianNumber(deals.lost),
      dealsWon: formatIndianNumber(deals.won),
    },
    leadStatus: {
      newLeads: leads.newLeads,
      hotLeads: leads.hot,
      activeDeals: deals.active,
      lostDeals: deals.lost,
      qualified: leads.qualified,
      unresponsive: leads.unresponsive,
    },
    pipeline: { stages },
    recentActivity,
    salesTargets: await salesTargets(ctx, reps),
  };
};

/** Targets of the latest month up to now, with revenue and MRR achieved from won deals. */
const salesTargets = async (
  ctx: DashboardContext,
  reps: ReturnType<typeof repDirectory>,
): Promise<SalesDashboard['salesTargets']> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const current = localMonth(now, timeZone);
  const period = await q.latestTargetPeriod(tenantId, current);
  if (!period) return [];
  const from = zonedInstant(`${period}-01`, timeZone);
  const to = zonedInstant(monthEnd(period), timeZone);
  const elapsed = period < current ? 1 : (now.getTime() - from.getTime()) / (to.getTime() - from.getTime());
  const won = new Map(
    (await q.wonByRep(tenantId, from.toISOString(), to.toISOString())).map((row) => [row.repId, row]),
  );
  const month = Number(period.slice(5, 7));
  return (await q.targets<CrmSalesTarget>(tenantId, period)).map((target) => {
    const achieved = won.get(target.repId);
    const achievement = percentOf(achieved?.revenue ?? 0, target.targetBusiness);
    return {
      id: target.id,
      rep: reps.code(target.repId),
      quarter: `Q${Math.ceil(month / 3)}`,
      month: MONTHS_LONG[month - 1] ?? period,
      targetBusiness: formatInr(target.targetBusiness),
      achievedRevenue: formatInr(achieved?.revenue ?? 0),
      targetMRR: formatInr(target.targetMRR),
      achievedMRR: formatInr(achieved?.mrr ?? 0),
      achievement: formatPercent(achievement, 0),
      status: targetStatus(achievement, elapsed),
    };
  });
};
