import { z } from 'zod';

/** Deal pipeline stages, in order. */
export const DEAL_STAGES = [
  'New',
  'Contacted',
  'Qualified',
  'Proposal',
  'Negotiation',
  'Won',
  'Lost',
] as const;
export const DealStage = z.enum(DEAL_STAGES);
export type DealStage = z.infer<typeof DealStage>;

export const SalesFollowUpTask = z.object({
  id: z.string(),
  name: z.string(),
  company: z.string(),
  task: z.string(),
  type: z.string(),
  time: z.string(),
  status: z.string(),
});

/** Formatted figures: currency in lakhs/crores (`"₹ 68.02L"`) and Indian-grouped counts. */
export const SalesKpis = z.object({
  totalAllocated: z.string(),
  contactedHot: z.string(),
  dealsInPipe: z.string(),
  expectedValue: z.string(),
  newMeetings: z.string(),
  leadQualified: z.string(),
  newLeads: z.string(),
  coldCalling: z.string(),
  followUp: z.string(),
  proposalsSent: z.string(),
  dealsLost: z.string(),
  dealsWon: z.string(),
});

export const SalesLeadStatus = z.object({
  newLeads: z.int().min(0),
  hotLeads: z.int().min(0),
  activeDeals: z.int().min(0),
  lostDeals: z.int().min(0),
  qualified: z.int().min(0),
  unresponsive: z.int().min(0),
});

export const PipelineDeal = z.object({
  id: z.string(),
  name: z.string(),
  company: z.string(),
  value: z.string(),
  rep: z.string(),
});

export const PipelineStage = z.object({
  name: DealStage,
  count: z.int().min(0),
  value: z.string(),
  deals: z.array(PipelineDeal),
});

export const SalesActivity = z.object({
  id: z.string(),
  user: z.string(),
  description: z.string(),
  details: z.string(),
  time: z.string(),
  type: z.string(),
});

export const SalesTarget = z.object({
  id: z.string(),
  rep: z.string(),
  quarter: z.string(),
  month: z.string(),
  targetBusiness: z.string(),
  achievedRevenue: z.string(),
  targetMRR: z.string(),
  achievedMRR: z.string(),
  achievement: z.string(),
  status: z.string(),
});

/** `GET /api/dashboards/sales` (and the seed's `sales-api.php`). */
export const SalesDashboard = z.object({
  followUpTasks: z.array(SalesFollowUpTask),
  kpis: SalesKpis,
  leadStatus: SalesLeadStatus,
  pipeline: z.object({ stages: z.array(PipelineStage) }),
  recentActivity: z.array(SalesActivity),
  salesTargets: z.array(SalesTarget),
});
export type SalesDashboard = z.infer<typeof SalesDashboard>;
