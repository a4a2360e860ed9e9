import type { CrmShiftHandover, SupportDashboard } from '@call-ribbon/contract';
import type { TicketGroupStats, TicketRow } from '../stores/dashboards.ts';
import { type DashboardContext, pushTo, repDirectory } from './context.ts';
import {
  formatAge,
  formatHours,
  formatMinutes,
  formatPercent,
  percentOf,
  round,
  shortName,
} from './format.ts';
import { type AgentStats, agentScore, agentSignals, DEFAULT_SLA, reopenPercent } from './scores.ts';
import { addDays, localDate, localDateTime, weekdayLabel, zonedInstant } from './time.ts';

/** KPIs, scorecards and reopen reasons cover tickets created in the last 30 days. */
const WINDOW_DAYS = 30;
const TICKET_ROWS = 50;
const OPEN_STATUSES = new Set(['New', 'In Progress', 'Waiting Customer', 'Reopened']);

export interface TicketSla {
  /** Creation, epoch milliseconds. */
  created: number;
  allocationMinutes: number | null;
  frtMinutes: number | null;
  resolutionHours: number | null;
  breached: boolean;
  /** Open, not breached, with over 75% of its resolution time used. */
  atRisk: boolean;
}

/** A ticket against its SLA targets (its own, else its severity's), at `now`. */
export const ticketSla = (ticket: TicketRow, now: Date): TicketSla => {
  const defaults = DEFAULT_SLA[ticket.severity] ?? DEFAULT_SLA.Medium!;
  const frtTarget = ticket.slaFrtMinutes ?? defaults.firstResponseMinutes;
  const resolutionTarget = ticket.slaResolutionHours ?? defaults.resolutionHours;
  const created = ticket.createdMs;
  const frtMinutes = ticket.firstResponseMs !== null ? (ticket.firstResponseMs - created) / 60_000 : null;
  const resolutionHours = ticket.resolvedMs !== null ? (ticket.resolvedMs - created) / 3_600_000 : null;
  const elapsedHours = (now.getTime() - created) / 3_600_000;
  const frtBreached = frtMinutes !== null ? frtMinutes > frtTarget : elapsedHours * 60 > frtTarget;
  const resolutionBreached =
    resolutionHours !== null ? resolutionHours > resolutionTarget : elapsedHours > resolutionTarget;
  const breached = frtBreached || resolutionBreached;
  return {
    created,
    allocationMinutes: ticket.assignedMs !== null ? (ticket.assignedMs - created) / 60_000 : null,
    frtMinutes,
    resolutionHours,
    breached,
    atRisk: !breached && resolutionHours === null && elapsedHours > 0.75 * resolutionTarget,
  };
};

/** Adds up groups of tickets: counts, and means of the times each ticket has. */
const statsOf = (groups: readonly TicketGroupStats[]): AgentStats & { everResolved: number } => {
  const total = {
    handled: 0,
    resolved: 0,
    reopened: 0,
    everResolved: 0,
    breached: 0,
    allocationSum: 0,
    allocationCount: 0,
    frtSum: 0,
    frtCount: 0,
    resolutionSum: 0,
    resolutionCount: 0,
    csatSum: 0,
    csatCount: 0,
  };
  for (const group of groups)
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += group[key];
  const avg = (sum: number, count: number) => (count > 0 ? sum / count : 0);
  return {
    handled: total.handled,
    resolved: total.resolved,
    reopened: total.reopened,
    everResolved: total.everResolved,
    slaBreaches: total.breached,
    avgAllocationMinutes: avg(total.allocationSum, total.allocationCount),
    avgFrtMinutes: avg(total.frtSum, total.frtCount),
    avgResolutionHours: avg(total.resolutionSum, total.resolutionCount),
    csat: avg(total.csatSum, total.csatCount),
  };
};

/** `GET /api/dashboards/support`, computed from tickets, reps and shift handovers. */
export const supportDashboard = async (ctx: DashboardContext): Promise<SupportDashboard> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const reps = repDirectory(await q.reps(tenantId));
  const today = localDate(now, timeZone);
  // Local days from the window's first to today, then tomorrow's start as the last day's end.
  const windowDays = Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(today, i - (WINDOW_DAYS - 1)));
  const dayStarts = [...windowDays, addDays(today, 1)].map((day) => zonedInstant(day, timeZone).getTime());
  const since = new Date(dayStarts[0]!).toISOString();
  const groups = await q.ticketWindowStats(tenantId, {
    since,
    now: now.getTime(),
    dayStarts,
    sla: { bySeverity: DEFAULT_SLA, otherwise: DEFAULT_SLA.Medium! },
  });
  const overall = statsOf(groups);

  const statusCounts = new Map<string, { count: number; critical: number }>();
  for (const row of await q.ticketStatusCounts(tenantId)) statusCounts.set(row.status, row);
  const count = (status: string) => statusCounts.get(status)?.count ?? 0;
  let open = 0;
  let openCritical = 0;
  for (const [status, row] of statusCounts) {
    if (!OPEN_STATUSES.has(status)) continue;
    open += row.count;
    openCritical += row.critical;
  }

  const reasons = new Map<string, number>();
  for (const { reason, count } of await q.reopenReasons(tenantId, since)) {
    const label = reason || 'Other';
    reasons.set(label, (reasons.get(label) ?? 0) + count);
  }
  const reasonList = [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  const byAgent = new Map<string, TicketGroupStats[]>();
  for (const group of groups) {
    if (!group.assigneeId) continue;
    pushTo(byAgent, group.assigneeId, group);
  }
  const scorecards = [...byAgent]
    .map(([agentId, agentGroups]) => {
      const stats = statsOf(agentGroups);
      const score = agentScore(stats);
      return {
        id: agentId,
        name: reps.name(agentId),
        role: reps.get(agentId)?.role ?? '',
        score,
        avgAllocationTime: formatMinutes(stats.avgAllocationMinutes),
        avgFRT: formatMinutes(stats.avgFrtMinutes),
        avgResolutionTime: formatHours(stats.avgResolutionHours),
        ticketsHandled: stats.handled,
        ticketsResolved: stats.resolved,
        reopenRate: formatPercent(reopenPercent(stats)),
        slaBreach: stats.slaBreaches,
        csat: round(stats.csat, 1),
        ...agentSignals(stats, score),
        resolutionHours: stats.avgResolutionHours,
      };
    })
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));

  const tickets = (await q.openTickets(tenantId, TICKET_ROWS)).map((ticket) => {
    const sla = ticketSla(ticket, now);
    return {
      id: ticket.id,
      subject: ticket.subject,
      customer: ticket.customer,
      severity: ticket.severity,
      status: ticket.status,
      sla: sla.breached ? 'Breached' : sla.atRisk ? 'At Risk' : 'Within SLA',
      assignee: reps.name(ticket.assigneeId, 'Unassigned'),
      category: ticket.category,
      createdAt: localDateTime(new Date(ticket.createdAt), timeZone),
      age: formatAge(now.getTime() - ticket.createdMs),
    };
  });

  const handover = await q.latestHandover<CrmShiftHandover>(tenantId);

  // The trends cover the window's last 7 days and its last 4 whole weeks (ending today).
  const trendFrom = WINDOW_DAYS - 7;
  const days = windowDays.slice(trendFrom);
  const frtByDay = days.map(() => ({ sum: 0, count: 0 }));
  const weekly = [0, 1, 2, 3].map(() => ({ tickets: 0, kept: 0 }));
  const firstWeekDay = WINDOW_DAYS - 28;
  for (const group of groups) {
    if (group.day === null) continue;
    const trendDay = frtByDay[group.day - trendFrom];
    if (trendDay) {
      trendDay.sum += group.frtSum;
      trendDay.count += group.frtCount;
    }
    const week = weekly[Math.floor((group.day - firstWeekDay) / 7)];
    if (group.day >= firstWeekDay && week) {
      week.tickets += group.handled;
      week.kept += group.handled - group.breached;
    }
  }
  const resolutionByDay = days.map(() => ({ sum: 0, count: 0 }));
  for (const row of await q.resolutionByDay(
    tenantId,
    new Date(dayStarts[trendFrom]!).toISOString(),
    dayStarts.slice(trendFrom),
  )) {
    resolutionByDay[row.day]!.sum += row.hours;
    resolutionByDay[row.day]!.count += row.count;
  }
  const meanOf = ({ sum, count }: { sum: number; count: number }) => round(count > 0 ? sum / count : 0, 1);
  const weeks = weekly.map(({ tickets, kept }) => round(percentOf(kept, tickets), 1));

  return {
    kpis: {
      openTickets: open,
      avgFRT: formatMinutes(overall.avgFrtMinutes),
      avgResolutionTime: formatHours(overall.avgResolutionHours),
      csatScore: round(overall.csat, 1),
      slaCompliance: formatPercent(percentOf(overall.handled - overall.slaBreaches, overall.handled)),
      reopenRate: formatPercent(percentOf(overall.reopened, overall.everResolved)),
    },
    ticketStatus: {
      new: count('New'),
      inProgress: count('In Progress'),
      waitingCustomer: count('Waiting Customer'),
      resolved: count('Resolved'),
      closed: count('Closed'),
      reopened: count('Reopened'),
    },
    reopenReasons: { labels: reasonList.map(([label]) => label), values: reasonList.map(([, n]) => n) },
    agentScorecards: scorecards.map(({ resolutionHours: _, ...card }) => card),
    agentComparison: scorecards.map((card) => ({
      name: shortName(card.name),
      score: card.score,
      resolutionTime: round(card.resolutionHours, 1),
    })),
    tickets,
    shiftHandover: {
      pendingTickets: open,
      criticalIssues: openCritical,
      notes: handover?.notes ?? '',
      previousShift: handover?.shift ?? '',
      handoverBy: handover ? reps.name(handover.handoverBy) : '',
    },
    slaMetrics: {
      frtTrend: {
        labels: days.map(weekdayLabel),
        values: frtByDay.map(meanOf),
      },
      resolutionTrend: {
        labels: days.map(weekdayLabel),
        values: resolutionByDay.map(meanOf),
      },
      complianceTrend: { labels: ['Week 1', 'Week 2', 'Week 3', 'Week 4'], values: weeks },
    },
  };
};
