import type { AccountManagementDashboard, CrmAccount, CrmActivity } from '@call-ribbon/contract';
import { DAY_MS, type DashboardContext, repDirectory } from './context.ts';
import { formatDay, formatInr, formatTimeAgo, lakhs, mean } from './format.ts';
import {
  accountHealthScore,
  HEALTH_BAND_LABELS,
  type HealthInputs,
  healthBand,
  netPromoterScore,
  riskReasons,
} from './scores.ts';
import { addDays, addMonths, localDate, localMonth, monthEnd, monthLabel } from './time.ts';

/** Renewals in the next 90 days count as due. */
const RENEWAL_WINDOW_DAYS = 90;
const TREND_MONTHS = 6;
const PORTFOLIO_ROWS = 50;

const inr = (rupees: number): string => formatInr(rupees, { space: false });

/** `GET /api/dashboards/account-management`, computed from accounts, payments, tasks and activities. */
export const accountManagementDashboard = async (
  ctx: DashboardContext,
): Promise<AccountManagementDashboard> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const reps = repDirectory(await q.reps(tenantId));
  const today = localDate(now, timeZone);
  const all = await q.accounts<CrmAccount>(tenantId);
  const active = all.filter((account) => account.status === 'Active');

  const scored = active.map((account) => {
    const inputs: HealthInputs = {
      usagePercent: account.usagePercent,
      paymentDelayDays: account.paymentDelayDays,
      openEscalations: account.openEscalations,
      npsResponses: account.npsResponses,
      daysSinceContact: account.lastContactAt
        ? Math.max(0, Math.floor((now.getTime() - Date.parse(account.lastContactAt)) / DAY_MS))
        : null,
    };
    const score = accountHealthScore(inputs);
    return { account, inputs, score, band: healthBand(score) };
  });

  const distribution = { healthy: 0, watchlist: 0, atRisk: 0, critical: 0 };
  for (const { band } of scored) distribution[band]++;

  const atRisk = scored
    .filter(({ band }) => band === 'atRisk' || band === 'critical')
    .sort((a, b) => a.score - b.score || b.account.mrr - a.account.mrr)
    .map(({ account, inputs, score, band }) => ({
      id: account.id,
      company: account.company,
      mrr: inr(account.mrr),
      healthScore: score,
      riskLevel: HEALTH_BAND_LABELS[band],
      renewalDate: account.renewalDate ?? '',
      riskReasons: riskReasons(inputs),
      csm: reps.name(account.csmId),
      lastContact: account.lastContactAt ? formatTimeAgo(new Date(account.lastContactAt), now) : 'Never',
    }));

  const horizon = addDays(today, RENEWAL_WINDOW_DAYS);
  const renewals = scored
    .filter(
      ({ account }) => account.renewalDate && account.renewalDate >= today && account.renewalDate <= horizon,
    )
    .sort((a, b) => (a.account.renewalDate ?? '').localeCompare(b.account.renewalDate ?? ''))
    .map(({ account, score }) => ({
      id: account.id,
      company: account.company,
      mrr: inr(account.mrr),
      renewalDate: account.renewalDate ?? '',
      status: account.renewalStatus,
      probability: account.renewalProbability ?? score,
      csm: reps.name(account.csmId),
    }));

  const portfolioAccounts = scored.slice(0, PORTFOLIO_ROWS).map(({ account, score }) => ({
    id: account.id,
    company: account.company,
    type: account.type,
    mrr: inr(account.mrr),
    healthScore: score,
    products: account.products,
    renewalDate: account.renewalDate ?? '',
    csm: reps.name(account.csmId),
    lastQbr: account.lastQbr ?? 'Never',
  }));

  const current = localMonth(now, timeZone);
  const months = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(current, i - (TREND_MONTHS - 1)));
  const collections = new Map(
    (await q.netCollectionsByMonth(tenantId, `${months[0]}-01`)).map((row) => [row.month, row.amount]),
  );
  // A month's MRR is that of the accounts live at its end (today for the current month).
  const existingAt = (month: string): number => {
    const end = month === current ? addDays(today, 1) : monthEnd(month);
    return all
      .filter(
        (a) =>
          (!a.startedAt || a.startedAt < end) &&
          (a.status === 'Active' ? !a.churnedAt || a.churnedAt >= end : !!a.churnedAt && a.churnedAt >= end),
      )
      .reduce((sum, a) => sum + a.mrr, 0);
  };

  const followUpTasks = (await q.openAccountTasks(tenantId)).map((task) => {
    const due = localDate(new Date(task.dueAt), timeZone);
    return {
      id: task.id,
      task: task.title,
      account: task.company,
      dueDate: formatDay(due, now, timeZone),
      priority: task.priority,
      type: task.type,
    };
  });

  const recentActivity = (await q.activities<CrmActivity>(tenantId, 'accounts', 10)).map((activity) => ({
    type: activity.type,
    title: activity.title,
    description: activity.description,
    time: formatTimeAgo(new Date(activity.at), now),
    user: reps.get(activity.repId)?.name ?? activity.user ?? activity.repId ?? '',
    ...(activity.status ? { status: activity.status } : {}),
  }));

  return {
    kpis: {
      totalAccounts: active.length,
      totalMRR: inr(active.reduce((sum, a) => sum + a.mrr, 0)),
      renewalsDue: renewals.length,
      atRiskAccounts: atRisk.length,
      avgHealthScore: Math.round(mean(scored.map(({ score }) => score))),
      nps: netPromoterScore(active.flatMap((a) => a.npsResponses)),
    },
    healthDistribution: distribution,
    atRiskAccounts: atRisk,
    renewals,
    portfolioAccounts,
    mrrTrend: {
      labels: months.map(monthLabel),
      existingMRR: months.map((month) => lakhs(existingAt(month))),
      collectionMRR: months.map((month) => lakhs(collections.get(month) ?? 0)),
    },
    followUpTasks,
    recentActivity,
  };
};
