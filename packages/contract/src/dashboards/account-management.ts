import { z } from 'zod';

export const AccountKpis = z.object({
  totalAccounts: z.int().min(0),
  totalMRR: z.string(),
  renewalsDue: z.int().min(0),
  atRiskAccounts: z.int().min(0),
  avgHealthScore: z.number().min(0).max(100),
  /** Net promoter score, -100..100. */
  nps: z.number().min(-100).max(100),
});

export const HealthDistribution = z.object({
  healthy: z.int().min(0),
  watchlist: z.int().min(0),
  atRisk: z.int().min(0),
  critical: z.int().min(0),
});

export const AtRiskAccount = z.object({
  id: z.string(),
  company: z.string(),
  mrr: z.string(),
  healthScore: z.number().min(0).max(100),
  riskLevel: z.string(),
  renewalDate: z.string(),
  riskReasons: z.array(z.string()),
  csm: z.string(),
  lastContact: z.string(),
});

export const Renewal = z.object({
  id: z.string(),
  company: z.string(),
  mrr: z.string(),
  renewalDate: z.string(),
  status: z.string(),
  probability: z.number().min(0).max(100),
  csm: z.string(),
});

export const PortfolioAccount = z.object({
  id: z.string(),
  company: z.string(),
  type: z.string(),
  mrr: z.string(),
  healthScore: z.number().min(0).max(100),
  products: z.array(z.string()),
  renewalDate: z.string(),
  csm: z.string(),
  lastQbr: z.string(),
});

/** Monthly MRR in lakhs of rupees. */
export const MrrTrend = z.object({
  labels: z.array(z.string()),
  existingMRR: z.array(z.number()),
  collectionMRR: z.array(z.number()),
});

export const AccountFollowUpTask = z.object({
  id: z.string(),
  task: z.string(),
  account: z.string(),
  dueDate: z.string(),
  priority: z.string(),
  type: z.string(),
});

export const AccountActivity = z.object({
  type: z.string(),
  title: z.string(),
  description: z.string(),
  time: z.string(),
  user: z.string(),
  status: z.string().optional(),
});

/** `GET /api/dashboards/account-management` (and the seed's `account-management-api.php`). */
export const AccountManagementDashboard = z.object({
  kpis: AccountKpis,
  healthDistribution: HealthDistribution,
  atRiskAccounts: z.array(AtRiskAccount),
  renewals: z.array(Renewal),
  portfolioAccounts: z.array(PortfolioAccount),
  mrrTrend: MrrTrend,
  followUpTasks: z.array(AccountFollowUpTask),
  recentActivity: z.array(AccountActivity),
});
export type AccountManagementDashboard = z.infer<typeof AccountManagementDashboard>;
