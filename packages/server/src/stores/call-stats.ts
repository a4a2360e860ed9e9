import type { CallDirection, CallStatus } from '@call-ribbon/contract';
import type { TimeRange } from './calls.ts';

/** Calls of one direction and status, and their talk time. */
export interface StatusCell {
  direction: CallDirection;
  status: CallStatus;
  calls: number;
  talkMs: number;
}

/** The rollups of a range: one cell per (direction, status), and how the calls spread. */
export interface RangeStats {
  cells: StatusCell[];
  /** Calls per hour of the day 0..23, in the tenant's time zone. */
  byHour: number[];
  /** Calls per day of the week, 0 = Sunday .. 6, in the tenant's time zone. */
  byDayOfWeek: number[];
  /** Completed calls per talk-time bucket: 0-30 s, 30 s-2 m, 2-5 m, 5-15 m, 15 m+. */
  durationBuckets: number[];
}

/** One customer's calls in a range. */
export interface CustomerCalls {
  customerId: string;
  customerName: string | null;
  calls: number;
  talkMs: number;
}

/** Calls an agent made or took in a range, and how many of them connected. */
export interface AgentCalls {
  calls: number;
  connected: number;
}

/**
 * The call rollups kept current on write (per tenant and time bucket, per customer, per
 * agent): every read here costs the same whatever the number of calls.
 */
export interface CallStatsStore {
  /** Cells of the calls that started in the range (either end open). */
  cells(tenantId: string, range: TimeRange): Promise<StatusCell[]>;
  /** `cells` plus the hour, weekday and talk-time spreads. */
  detail(tenantId: string, range: TimeRange): Promise<RangeStats>;
  /** The customers with the most calls in the range, most first (then talk time, then id). */
  topCustomers(tenantId: string, range: TimeRange, limit: number): Promise<CustomerCalls[]>;
  /** Per agent id with at least one call in the range. */
  byAgent(tenantId: string, range: TimeRange): Promise<Map<string, AgentCalls>>;
  /** All-time calls and talk time of one customer. */
  forCustomer(tenantId: string, customerId: string): Promise<{ calls: number; talkMs: number }>;
  /** All-time call count and the time of the latest call event (ISO, or null). */
  activity(tenantId: string): Promise<{ totalCalls: number; lastActivityAt: string | null }>;
}
