/** Scores, levels and thresholds of the dashboards (formulas in docs/dashboards.md). Pure. */
import { mean } from './format.ts';

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export interface HealthInputs {
  usagePercent: number;
  paymentDelayDays: number;
  openEscalations: number;
  npsResponses: readonly number[];
  /** Days since the last contact; null when never contacted. */
  daysSinceContact: number | null;
}

/**
 * Account health, 0..100: usage 40, payment punctuality 20 (0 at 60+ days late), support 20
 * (0 at 4+ open escalations), NPS 10 (mean answer / 10; 5 without answers), engagement 10
 * (contact within 14 days 10, within 30 days 5, else 0).
 */
export const accountHealthScore = (input: HealthInputs): number => {
  const usage = 40 * (clamp(input.usagePercent, 0, 100) / 100);
  const payment = 20 * (1 - clamp(input.paymentDelayDays, 0, 60) / 60);
  const support = 20 * (1 - clamp(input.openEscalations, 0, 4) / 4);
  const nps = input.npsResponses.length === 0 ? 5 : 10 * (mean(input.npsResponses) / 10);
  const days = input.daysSinceContact;
  const engagement = days === null ? 0 : days <= 14 ? 10 : days <= 30 ? 5 : 0;
  return Math.round(usage + payment + support + nps + engagement);
};

export type HealthBand = 'healthy' | 'watchlist' | 'atRisk' | 'critical';

/** healthy >= 80, watchlist 60-79, at risk 40-59, critical < 40. */
export const healthBand = (score: number): HealthBand =>
  score >= 80 ? 'healthy' : score >= 60 ? 'watchlist' : score >= 40 ? 'atRisk' : 'critical';

export const HEALTH_BAND_LABELS: Record<HealthBand, string> = {
  healthy: 'Healthy',
  watchlist: 'Watchlist',
  atRisk: 'At Risk',
  critical: 'Critical',
};

/** Why an account's health is low, in the words the seed uses. */
export const riskReasons = (input: HealthInputs): string[] => {
  const reasons: string[] = [];
  if (input.paymentDelayDays > 15) reasons.push('Payment delays');
  if (input.usagePercent < 50) reasons.push('Low usage');
  if (input.openEscalations >= 2) reasons.push('Support escalations');
  if (input.daysSinceContact === null || input.daysSinceContact > 30) reasons.push('No recent contact');
  if (input.npsResponses.length > 0 && mean(input.npsResponses) <= 6) reasons.push('Low NPS');
  return reasons;
};

/** Net promoter score: % promoters (9-10) minus % detractors (0-6), rounded; 0 without answers. */
export const netPromoterScore = (answers: readonly number[]): number => {
  if (answers.length === 0) return 0;
  const promoters = answers.filter((a) => a >= 9).length;
  const detractors = answers.filter((a) => a <= 6).length;
  return Math.round(((promoters - detractors) / answers.length) * 100);
};

/**
 * Billing health of a customer, 0..100: 100 less 2 per day of mean payment delay (at most 40),
 * less up to 40 for overdue outstanding relative to a month's billing (MRR), less 5 per
 * refund (at most 20).
 */
export const billingHealthScore = (input: {
  avgDelayDays: number;
  overdue: number;
  mrr: number;
  refundCount: number;
}): number => {
  const delay = Math.min(40, 2 * input.avgDelayDays);
  const overdueRatio = input.overdue <= 0 ? 0 : input.mrr > 0 ? input.overdue / input.mrr : 1;
  const overdue = Math.min(40, 40 * overdueRatio);
  const refunds = Math.min(20, 5 * input.refundCount);
  return clamp(Math.round(100 - delay - overdue - refunds), 0, 100);
};

/** Low Risk >= 75, Medium Risk 50-74, High Risk < 50, with the page's CSS class. */
export const billingRisk = (score: number): { riskLevel: string; riskClass: string } =>
  score >= 75
    ? { riskLevel: 'Low Risk', riskClass: 'success' }
    : score >= 50
      ? { riskLevel: 'Medium Risk', riskClass: 'warning' }
      : { riskLevel: 'High Risk', riskClass: 'danger' };

/** SLA targets by severity when a ticket carries none: first response minutes, resolution hours. */
export const DEFAULT_SLA: Record<string, { firstResponseMinutes: number; resolutionHours: number }> = {
  Critical: { firstResponseMinutes: 15, resolutionHours: 4 },
  High: { firstResponseMinutes: 30, resolutionHours: 8 },
  Medium: { firstResponseMinutes: 60, resolutionHours: 24 },
  Low: { firstResponseMinutes: 240, resolutionHours: 72 },
};

export interface AgentStats {
  handled: number;
  resolved: number;
  reopened: number;
  slaBreaches: number;
  avgAllocationMinutes: number;
  avgFrtMinutes: number;
  avgResolutionHours: number;
  /** Mean CSAT, 0 without ratings. */
  csat: number;
}

/** Reopened share of resolved tickets, percent. */
export const reopenPercent = (stats: Pick<AgentStats, 'reopened' | 'resolved'>): number =>
  stats.resolved > 0 ? (stats.reopened / stats.resolved) * 100 : 0;

/**
 * Agent score, 0..100: SLA kept 30, CSAT 25 (rating / 5; 20 without ratings), resolved share
 * 20, reopen rate 15 (0 at 20%+), first response 10 (full within 10 min, 0 at 60+ min).
 */
export const agentScore = (stats: AgentStats): number => {
  if (stats.handled === 0) return 0;
  const sla = 30 * (1 - stats.slaBreaches / stats.handled);
  const csat = stats.csat > 0 ? 25 * (stats.csat / 5) : 20;
  const resolved = 20 * (stats.resolved / stats.handled);
  const reopen = 15 * (1 - Math.min(20, reopenPercent(stats)) / 20);
  const frt = 10 * (1 - clamp((stats.avgFrtMinutes - 10) / 50, 0, 1));
  return clamp(Math.round(sla + csat + resolved + reopen + frt), 0, 100);
};

/** Coaching signals from thresholds, and the card's tone from the score (>= 85, >= 65). */
export const agentSignals = (
  stats: AgentStats,
  score: number,
): { signals: string[]; signalType: 'positive' | 'warning' | 'critical' } => {
  const signals: string[] = [];
  const reopen = reopenPercent(stats);
  if (stats.handled > 0 && stats.avgFrtMinutes <= 10) signals.push('Fast responder');
  if (stats.resolved > 0 && reopen <= 3 && stats.csat >= 4.5) signals.push('High quality');
  if (stats.avgAllocationMinutes > 20) signals.push('Slow to pick up tickets');
  if (reopen > 10) signals.push('High reopen rate');
  else if (reopen > 5) signals.push('Needs coaching on resolution quality');
  if (stats.handled > 0 && stats.slaBreaches / stats.handled > 0.15) signals.push('Frequent SLA breaches');
  if (stats.csat > 0 && stats.csat < 4) signals.push('Low CSAT');
  return { signals, signalType: score >= 85 ? 'positive' : score >= 65 ? 'warning' : 'critical' };
};

/** Stage win probabilities (percent) of open deals without their own. */
export const STAGE_PROBABILITY: Record<string, number> = {
  New: 10,
  Contacted: 20,
  Qualified: 40,
  Proposal: 60,
  Negotiation: 80,
  Won: 100,
  Lost: 0,
};

/**
 * A target's status: Achieved at 100%; otherwise by pace (achievement over the share of the
 * month elapsed): On Track >= 0.9, At Risk >= 0.6, else Behind.
 */
export const targetStatus = (achievementPercent: number, elapsedShare: number): string => {
  if (achievementPercent >= 100) return 'Achieved';
  const pace = achievementPercent / 100 / Math.max(0.01, elapsedShare);
  return pace >= 0.9 ? 'On Track' : pace >= 0.6 ? 'At Risk' : 'Behind';
};
