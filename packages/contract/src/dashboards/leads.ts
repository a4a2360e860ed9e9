import { z } from 'zod';

/** The thirteen lead statuses of the seed, spelled as it spells them (en dashes included). */
export const LEAD_STATUSES = [
  'Not Called',
  'Invalid Number',
  'Called – No Answer',
  'Called – Not Interested',
  'Meeting Scheduled',
  'Follow-up Required',
  'Do Not Call',
  'Callback Requested',
  'No Longer at Company',
  'Sent Information – Awaiting',
  'In Lock-In',
  'Wrong Details',
  'Disconnect',
] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;

export const LeadStatusShare = z.object({
  status: LeadStatus,
  count: z.int().min(0),
  /** Share of all leads, in percent with one decimal. */
  percentage: z.number().min(0).max(100),
});

export const LeadsTeamMember = z.object({
  name: z.string(),
  team: z.string(),
  assigned: z.int().min(0),
  calls: z.int().min(0),
  connected: z.int().min(0),
  meetings: z.int().min(0),
  qualified: z.int().min(0),
  conversion: z.number().min(0),
});

export const LeadsFollowUpTask = z.object({
  lead: z.string(),
  type: z.string(),
  dueDate: z.string(),
  lastAction: z.string(),
  owner: z.string(),
  status: z.string(),
  priority: z.string(),
});

export const LeadRow = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  company: z.string(),
  source: z.string(),
  status: LeadStatus,
  owner: z.string(),
  quality: z.string(),
  useCase: z.string(),
  lastActivity: z.string(),
});

export const InboundKpis = z.object({
  totalLeads: z.int().min(0),
  hotLeads: z.int().min(0),
  connected: z.int().min(0),
  demos: z.int().min(0),
  trial: z.int().min(0),
  converted: z.int().min(0),
});

export const OutboundKpis = z.object({
  apolloData: z.int().min(0),
  emailsSent: z.int().min(0),
  coldCalls: z.int().min(0),
  connected: z.int().min(0),
  meetings: z.int().min(0),
  converted: z.int().min(0),
});

export const QualityMetrics = z.object({
  excellent: z.int().min(0),
  good: z.int().min(0),
  fair: z.int().min(0),
  avgCloudSpend: z.string(),
  techStackMatch: z.string(),
});

/** `GET /api/dashboards/leads` (and the seed's `leads-api.php`). */
export const LeadsDashboard = z.object({
  statusDistribution: z.array(LeadStatusShare),
  teamPerformance: z.array(LeadsTeamMember),
  followUpTasks: z.array(LeadsFollowUpTask),
  leadDatabase: z.array(LeadRow),
  inboundKpis: InboundKpis,
  outboundKpis: OutboundKpis,
  qualityMetrics: QualityMetrics,
});
export type LeadsDashboard = z.infer<typeof LeadsDashboard>;
