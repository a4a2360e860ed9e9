import { z } from 'zod';
import { Call } from './calls.ts';
import { DateFilter } from './common.ts';

export const AnalyticsSummary = z.object({
  totalCalls: z.int().min(0),
  /** Talk time in seconds. */
  totalDuration: z.number().min(0),
  /** Mean talk time in seconds of connected calls, rounded. */
  avgDuration: z.number().min(0),
  inboundCalls: z.int().min(0),
  outboundCalls: z.int().min(0),
  answeredCalls: z.int().min(0),
  missedCalls: z.int().min(0),
});
export type AnalyticsSummary = z.infer<typeof AnalyticsSummary>;

/** `GET /api/ribbon/analytics`. */
export const AnalyticsResponse = z.object({
  summary: AnalyticsSummary,
  recentCalls: z.array(Call).max(10),
});
export type AnalyticsResponse = z.infer<typeof AnalyticsResponse>;

export const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour)) as HourKey[];
export type HourKey =
  | '0'
  | '1'
  | '2'
  | '3'
  | '4'
  | '5'
  | '6'
  | '7'
  | '8'
  | '9'
  | '10'
  | '11'
  | '12'
  | '13'
  | '14'
  | '15'
  | '16'
  | '17'
  | '18'
  | '19'
  | '20'
  | '21'
  | '22'
  | '23';

export const DAYS_OF_WEEK = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export const DURATION_BUCKETS = ['0-30s', '30s-2m', '2m-5m', '5m-15m', '15m+'] as const;
export type DurationBucket = (typeof DURATION_BUCKETS)[number];

const count = z.int().min(0);
const keyedCounts = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((key) => [key, count])) as Record<K, typeof count>);

/** Calls per hour of day in the tenant's time zone: all 24 keys, "0".."23". */
export const CallsByHour = keyedCounts(HOURS);
export type CallsByHour = z.infer<typeof CallsByHour>;

/** Calls per day of week in the tenant's time zone: all 7 keys. */
export const CallsByDayOfWeek = keyedCounts(DAYS_OF_WEEK);
export type CallsByDayOfWeek = z.infer<typeof CallsByDayOfWeek>;

/** Connected calls by talk time. */
export const DurationBuckets = keyedCounts(DURATION_BUCKETS);
export type DurationBuckets = z.infer<typeof DurationBuckets>;

export const TopCustomer = z.object({
  customerId: z.string(),
  customerName: z.string().nullable(),
  callCount: z.int().min(0),
  totalDuration: z.number().min(0),
});
export type TopCustomer = z.infer<typeof TopCustomer>;

export const DetailedAnalyticsQuery = z.object({
  startDate: DateFilter.optional(),
  endDate: DateFilter.optional(),
});
export type DetailedAnalyticsQuery = z.input<typeof DetailedAnalyticsQuery>;

/** `GET /api/ribbon/analytics/detailed`. */
export const DetailedAnalyticsResponse = z.object({
  summary: AnalyticsSummary,
  callsByHour: CallsByHour,
  callsByDayOfWeek: CallsByDayOfWeek,
  topCustomers: z.array(TopCustomer).max(10),
  durationBuckets: DurationBuckets,
  recentActivity: z.array(Call).max(10),
});
export type DetailedAnalyticsResponse = z.infer<typeof DetailedAnalyticsResponse>;
