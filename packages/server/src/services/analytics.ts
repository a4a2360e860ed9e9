import type { AnalyticsSummary, CallDirection, CallStatus, TopCustomer } from '@call-ribbon/contract';
import { ANSWERED_STATUSES, MISSED_STATUSES } from '../calls/derive.ts';
import type { CallStatsStore, StatusCell } from '../stores/call-stats.ts';
import type { TimeRange } from '../stores/calls.ts';

/** How many customers `analytics/detailed` ranks. */
export const TOP_CUSTOMERS = 10;

/** The summary the analytics endpoints show, from the (direction, status) cells of a range. */
export const summarize = (cells: readonly StatusCell[]): AnalyticsSummary => {
  const summary: AnalyticsSummary = {
    totalCalls: 0,
    totalDuration: 0,
    avgDuration: 0,
    inboundCalls: 0,
    outboundCalls: 0,
    answeredCalls: 0,
    missedCalls: 0,
  };
  let talkMs = 0;
  for (const cell of cells) {
    summary.totalCalls += cell.calls;
    talkMs += cell.talkMs;
    if (cell.direction === 'inbound') summary.inboundCalls += cell.calls;
    else summary.outboundCalls += cell.calls;
    if (ANSWERED_STATUSES.has(cell.status)) summary.answeredCalls += cell.calls;
    if (MISSED_STATUSES.has(cell.status)) summary.missedCalls += cell.calls;
  }
  summary.totalDuration = talkMs / 1000;
  summary.avgDuration = summary.answeredCalls > 0 ? Math.round(talkMs / 1000 / summary.answeredCalls) : 0;
  return summary;
};

/** Calls in the cells, of one direction and/or status when given. */
export const countCalls = (
  cells: readonly StatusCell[],
  direction?: CallDirection,
  status?: CallStatus,
): number => {
  let total = 0;
  for (const cell of cells) {
    if (
      (direction === undefined || cell.direction === direction) &&
      (status === undefined || cell.status === status)
    ) {
      total += cell.calls;
    }
  }
  return total;
};

/** The summary of the calls that started in the range (all of history without one). */
export const analyticsSummary = async (
  stats: CallStatsStore,
  tenantId: string,
  range: TimeRange = {},
): Promise<AnalyticsSummary> => summarize(await stats.cells(tenantId, range));

export interface DetailedAnalytics {
  summary: AnalyticsSummary;
  /** Calls per local hour of the day, 0..23. */
  callsByHour: number[];
  /** Calls per local weekday, 0 = Sunday. */
  callsByDayOfWeek: number[];
  /** Completed calls per talk-time bucket, shortest first. */
  durationBuckets: number[];
  topCustomers: TopCustomer[];
}

/** Everything `analytics/detailed` shows except the call list. */
export const detailedAnalytics = async (
  stats: CallStatsStore,
  tenantId: string,
  range: TimeRange,
): Promise<DetailedAnalytics> => {
  const [detail, top] = await Promise.all([
    stats.detail(tenantId, range),
    stats.topCustomers(tenantId, range, TOP_CUSTOMERS),
  ]);
  return {
    summary: summarize(detail.cells),
    callsByHour: detail.byHour,
    callsByDayOfWeek: detail.byDayOfWeek,
    durationBuckets: detail.durationBuckets,
    topCustomers: top.map((customer) => ({
      customerId: customer.customerId,
      customerName: customer.customerName,
      callCount: customer.calls,
      totalDuration: customer.talkMs / 1000,
    })),
  };
};
