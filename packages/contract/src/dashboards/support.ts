import { z } from 'zod';

const LabelledSeries = z.object({
  labels: z.array(z.string()),
  values: z.array(z.number()),
});

export const SupportKpis = z.object({
  openTickets: z.int().min(0),
  avgFRT: z.string(),
  avgResolutionTime: z.string(),
  /** Mean CSAT on a 1..5 scale (0 when no ratings). */
  csatScore: z.number().min(0).max(5),
  slaCompliance: z.string(),
  reopenRate: z.string(),
});

export const TicketStatusCounts = z.object({
  new: z.int().min(0),
  inProgress: z.int().min(0),
  waitingCustomer: z.int().min(0),
  resolved: z.int().min(0),
  closed: z.int().min(0),
  reopened: z.int().min(0),
});

export const SignalType = z.enum(['positive', 'warning', 'critical']);

export const AgentScorecard = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  score: z.number().min(0).max(100),
  avgAllocationTime: z.string(),
  avgFRT: z.string(),
  avgResolutionTime: z.string(),
  ticketsHandled: z.int().min(0),
  ticketsResolved: z.int().min(0),
  reopenRate: z.string(),
  slaBreach: z.int().min(0),
  csat: z.number().min(0).max(5),
  signals: z.array(z.string()),
  signalType: SignalType,
});

export const AgentComparison = z.object({
  name: z.string(),
  score: z.number().min(0).max(100),
  /** Mean resolution time in hours. */
  resolutionTime: z.number().min(0),
});

export const TicketRow = z.object({
  id: z.string(),
  subject: z.string(),
  customer: z.string(),
  severity: z.string(),
  status: z.string(),
  sla: z.string(),
  assignee: z.string(),
  category: z.string(),
  createdAt: z.string(),
  age: z.string(),
});

export const ShiftHandover = z.object({
  pendingTickets: z.int().min(0),
  criticalIssues: z.int().min(0),
  notes: z.string(),
  previousShift: z.string(),
  handoverBy: z.string(),
});

/** `GET /api/dashboards/support` (and the seed's `support-api.php`). */
export const SupportDashboard = z.object({
  kpis: SupportKpis,
  ticketStatus: TicketStatusCounts,
  reopenReasons: LabelledSeries,
  agentScorecards: z.array(AgentScorecard),
  agentComparison: z.array(AgentComparison),
  tickets: z.array(TicketRow),
  shiftHandover: ShiftHandover,
  slaMetrics: z.object({
    frtTrend: LabelledSeries,
    resolutionTrend: LabelledSeries,
    complianceTrend: LabelledSeries,
  }),
});
export type SupportDashboard = z.infer<typeof SupportDashboard>;
