import type { Call, CallRibbonClient, DurationBuckets, TopCustomer } from '@call-ribbon/client';

const DAY_MS = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');

export interface DailySummary {
  date: string;
  totalCalls: number;
  totalDuration: number;
  avgDuration: number;
  /** [hour, calls] of the busiest hour, in the tenant's time zone. */
  peakHour: [string, number] | undefined;
  topCustomer: TopCustomer | undefined;
}

/** The guide's daily call summary: one UTC day, as the guide queries it. */
export async function getDailySummary(client: CallRibbonClient, date: string): Promise<DailySummary> {
  const data = await client.analytics.detailed({
    startDate: `${date}T00:00:00Z`,
    endDate: `${date}T23:59:59Z`,
  });
  return {
    date,
    totalCalls: data.summary.totalCalls,
    totalDuration: data.summary.totalDuration,
    avgDuration: data.summary.avgDuration,
    peakHour: Object.entries(data.callsByHour).sort((a, b) => b[1] - a[1])[0],
    topCustomer: data.topCustomers[0],
  };
}

export interface MonthlyReport {
  month: string;
  summary: Awaited<ReturnType<CallRibbonClient['analytics']['detailed']>>['summary'];
  busiestDay: [string, number] | undefined;
  topCustomers: TopCustomer[];
  avgCallDuration: number;
  callDistribution: DurationBuckets;
}

/** The guide's monthly performance report; `month` is 1-12, whole days of the month. */
export async function getMonthlyReport(
  client: CallRibbonClient,
  year: number,
  month: number,
): Promise<MonthlyReport> {
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const data = await client.analytics.detailed({
    startDate: `${year}-${pad(month)}-01`,
    endDate: `${year}-${pad(month)}-${pad(lastDay)}`,
  });
  return {
    month: `${year}-${pad(month)}`,
    summary: data.summary,
    busiestDay: Object.entries(data.callsByDayOfWeek).sort((a, b) => b[1] - a[1])[0],
    topCustomers: data.topCustomers.slice(0, 5),
    avgCallDuration: data.summary.avgDuration,
    callDistribution: data.durationBuckets,
  };
}

export interface CustomerReport {
  customerId: string;
  totalCalls: number;
  totalDuration: number;
  avgDuration: number;
  lastCall: Call | undefined;
  daysSinceLastCall: number | null;
  recentCalls: Call[];
}

/** The guide's customer performance report (without its division by zero for a customer with no calls). */
export async function getCustomerReport(
  client: CallRibbonClient,
  customerId: string,
  now: Date = new Date(),
): Promise<CustomerReport> {
  const data = await client.customers.calls(customerId);
  const lastCall = data.calls[0];
  return {
    customerId,
    totalCalls: data.totalCalls,
    totalDuration: data.totalDuration,
    avgDuration: data.totalCalls === 0 ? 0 : Math.round(data.totalDuration / data.totalCalls),
    lastCall,
    daysSinceLastCall: lastCall
      ? Math.floor((now.getTime() - Date.parse(lastCall.startTime)) / DAY_MS)
      : null,
    recentCalls: data.calls.slice(0, 5),
  };
}

// ---- Printing ------------------------------------------------------------

const integer = new Intl.NumberFormat('en-IN');
export const formatInt = (value: number): string => integer.format(value);

/** 4215 -> "1h 10m 15s", 245 -> "4m 05s", 35 -> "35s". */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

const line = (label: string, value: string) => `  ${`${label}:`.padEnd(22)}${value}`;
const customerName = (customer: TopCustomer) => customer.customerName ?? customer.customerId;

export function printDailySummary(report: DailySummary): string {
  return [
    `Daily call summary — ${report.date} (UTC)`,
    line('Total calls', formatInt(report.totalCalls)),
    line('Total talk time', formatDuration(report.totalDuration)),
    line('Average call', formatDuration(report.avgDuration)),
    line(
      'Peak hour',
      report.peakHour && report.peakHour[1] > 0
        ? `${pad(Number(report.peakHour[0]))}:00 (${formatInt(report.peakHour[1])} calls)`
        : 'no calls',
    ),
    line(
      'Top customer',
      report.topCustomer
        ? `${customerName(report.topCustomer)} (${formatInt(report.topCustomer.callCount)} calls)`
        : 'none',
    ),
  ].join('\n');
}

export function printMonthlyReport(report: MonthlyReport): string {
  const { summary } = report;
  return [
    `Monthly performance — ${report.month}`,
    line('Total calls', formatInt(summary.totalCalls)),
    line('Inbound / outbound', `${formatInt(summary.inboundCalls)} / ${formatInt(summary.outboundCalls)}`),
    line('Answered / missed', `${formatInt(summary.answeredCalls)} / ${formatInt(summary.missedCalls)}`),
    line('Total talk time', formatDuration(summary.totalDuration)),
    line('Average call', formatDuration(report.avgCallDuration)),
    line(
      'Busiest day',
      report.busiestDay && report.busiestDay[1] > 0
        ? `${report.busiestDay[0]} (${formatInt(report.busiestDay[1])} calls)`
        : 'no calls',
    ),
    '  Call lengths (connected calls):',
    ...Object.entries(report.callDistribution).map(
      ([bucket, count]) => `    ${bucket.padEnd(8)}${formatInt(count).padStart(7)}`,
    ),
    '  Top customers:',
    ...(report.topCustomers.length === 0
      ? ['    none']
      : report.topCustomers.map(
          (customer, index) =>
            `    ${index + 1}. ${customerName(customer).padEnd(24)}${formatInt(customer.callCount).padStart(6)} calls  ${formatDuration(customer.totalDuration)}`,
        )),
  ].join('\n');
}

export function printCustomerReport(report: CustomerReport): string {
  return [
    `Customer report — ${report.lastCall?.customerName ?? report.customerId} (${report.customerId})`,
    line('Total calls', formatInt(report.totalCalls)),
    line('Total talk time', formatDuration(report.totalDuration)),
    line('Average call', formatDuration(report.avgDuration)),
    line(
      'Last call',
      report.lastCall
        ? `${report.lastCall.startTime} (${report.daysSinceLastCall === 0 ? 'today' : `${report.daysSinceLastCall} days ago`})`
        : 'never',
    ),
    '  Recent calls:',
    ...(report.recentCalls.length === 0
      ? ['    none']
      : report.recentCalls.map(
          (call) =>
            `    ${call.startTime}  ${call.direction.padEnd(8)} ${call.status.padEnd(9)} ${formatDuration(call.duration).padStart(8)}${call.disposition ? `  ${call.disposition}` : ''}`,
        )),
  ].join('\n');
}

/** Yesterday's date (UTC), as the guide's daily cron job uses it. */
export const yesterday = (now: Date): string => new Date(now.getTime() - DAY_MS).toISOString().slice(0, 10);
