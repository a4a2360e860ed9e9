import type { CrmShiftHandover, SupportDashboard } from '@call-ribbon/contract';
import type { TicketRow } from '../stores/dashboards.ts';
import { type DashboardContext, pushTo, repDirectory } from './context.ts';
import {
  formatAge,
  formatHours,
  formatMinutes,
  formatPercent,
  mean,
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

/** One pass over the tickets: counts, and means of the times each ticket has. */
const statsOf = (tickets: readonly TicketRow[], slas: Map<string, TicketSla>): AgentStats => {
  let resolved = 0;
  let reopened = 0;
  let slaBreaches = 0;
  const sums = { allocation: [0, 0], frt: [0, 0], resolution: [0, 0], csat: [0, 0] };
  const add = (key: keyof typeof sums, value: number | null) => {
    if (value === null) return;
    sums[key][0]! += value;
    sums[key][1]! += 1;
  };
  for (const ticket of tickets) {
    const sla = slas.get(ticket.id)!;
    if (ticket.resolvedMs !== null) resolved++;
    if (ticket.reopenCount > 0) reopened++;
    if (sla.breached) slaBreaches++;
    add('allocation', sla.allocationMinutes);
    add('frt', sla.frtMinutes);
    add('resolution', sla.resolutionHours);
    add('csat', ticket.csat);
  }
  const avg = (key: keyof typeof sums) => (sums[key][1]! > 0 ? sums[key][0]! / sums[key][1]! : 0);
  return {
    handled: tickets.length,
    resolved,
    reopened,
    slaBreaches,
    avgAllocationMinutes: avg('allocation'),
    avgFrtMinutes: avg('frt'),
    avgResolutionHours: avg('resolution'),
    csat: avg('csat'),
  };
};

/** `GET /api/dashboards/support`, computed from tickets, reps and shift handovers. */
export const supportDashboard = async (ctx: DashboardContext): Promise<SupportDashboard> => {
  const { queries: q, tenantId, timeZone, now } = ctx;
  const reps = repDirectory(await q.reps(tenantId));
  const today = localDate(now, timeZone);
  const windowStart = zonedInstant(addDays(today, -(WINDOW_DAYS - 1)), timeZone);
  const recent = await q.ticketsCreatedSince(tenantId, windowStart.toISOString());
  const slas = new Map(recent.map((ticket) => [ticket.id, ticketSla(ticket, now)]));
  const overall = statsOf(recent, slas);
  const everResolved = recent.filter((t) => t.resolvedMs !== null || t.reopenCount > 0).length;

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
  for (const ticket of recent) {
    if (ticket.reopenCount === 0) continue;
    const reason = ticket.reopenReason || 'Other';
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const reasonList = [...reasons].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

  const byAgent = new Map<string, TicketRow[]>();
  for (const ticket of recent) {
    if (!ticket.assigneeId) continue;
    pushTo(byAgent, ticket.assigneeId, ticket);
  }
  const scorecards = [...byAgent]
    .map(([agentId, tickets]) => {
      const stats = statsOf(tickets, slas);
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
    const sla = slas.get(ticket.id) ?? ticketSla(ticket, now);
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

  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i - 6));
  // Local midnights as instants, so tickets fall into days without a time-zone lookup each.
  const bounds = [...days, addDays(today, 1)].map((day) => zonedInstant(day, timeZone).getTime());
  const dayOf = (instant: number): string | undefined => {
    for (let i = 0; i < days.length; i++)
      if (instant >= bounds[i]! && instant < bounds[i + 1]!) return days[i];
    return undefined;
  };
  const frtByDay = new Map<string, number[]>();
  for (const ticket of recent) {
    const sla = slas.get(ticket.id);
    const frt = sla?.frtMinutes;
    const day = sla && dayOf(sla.created);
    if (frt != null && day) pushTo(frtByDay, day, frt);
  }
  const resolutionByDay = new Map<string, number[]>();
  for (const ticket of await q.ticketsResolvedSince(tenantId, new Date(bounds[0]!).toISOString())) {
    const day = dayOf(ticket.resolvedMs);
    const hours = (ticket.resolvedMs - ticket.createdMs) / 3_600_000;
    if (day) pushTo(resolutionByDay, day, hours);
  }
  const weekStarts = [0, 1, 2, 3, 4].map((week) =>
    zonedInstant(addDays(today, -27 + 7 * week), timeZone).getTime(),
  );
  const weekly = weekStarts.slice(0, 4).map(() => ({ tickets: 0, kept: 0 }));
  for (const ticket of recent) {
    const created = slas.get(ticket.id)?.created ?? 0;
    const week = weekly.findIndex((_, i) => created >= weekStarts[i]! && created < weekStarts[i + 1]!);
    if (week === -1) continue;
    weekly[week]!.tickets++;
    if (!slas.get(ticket.id)?.breached) weekly[week]!.kept++;
  }
  const weeks = weekly.map(({ tickets, kept }) => round(percentOf(kept, tickets), 1));

  return {
    kpis: {
      openTickets: open,
      avgFRT: formatMinutes(overall.avgFrtMinutes),
      avgResolutionTime: formatHours(overall.avgResolutionHours),
      csatScore: round(overall.csat, 1),
      slaCompliance: formatPercent(percentOf(overall.handled - overall.slaBreaches, overall.handled)),
      reopenRate: formatPercent(percentOf(overall.reopened, everResolved)),
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
        values: days.map((d) => round(mean(frtByDay.get(d) ?? []), 1)),
      },
      resolutionTrend: {
        labels: days.map(weekdayLabel),
        values: days.map((d) => round(mean(resolutionByDay.get(d) ?? []), 1)),
      },
      complianceTrend: { labels: ['Week 1', 'Week 2', 'Week 3', 'Week 4'], values: weeks },
    },
  };
};
