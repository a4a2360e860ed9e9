import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import { type CallRibbonClient, createClient } from './index.ts';

// The README's Node example and report functions, compiled by `pnpm typecheck` so the docs
// cannot drift from the code (never run).
export const nodeExample = async () => {
  // Every missed inbound call of October, page after page.
  for await (const call of client.calls.iterate({
    status: 'missed',
    callDirection: 'inbound',
    startDate: '2025-10-01',
    endDate: '2025-10-31',
  })) {
    console.log(call.startTime, call.phoneNumber, call.customerName ?? '-');
  }

  // A large export straight to disk, never held in memory.
  const csv = await client.exports.calls.stream({
    format: 'csv',
    startDate: '2025-10-01',
    endDate: '2025-10-31',
  });
  await csv.pipeTo(Writable.toWeb(createWriteStream('calls-2025-10.csv')));
};

const client: CallRibbonClient = createClient({
  apiKey: 'your-api-key-123',
  apiUrl: 'https://calls.example.com',
});

/** Daily call summary (a UTC day, as in the guide). */
export async function getDailySummary(date: string) {
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

/** Monthly performance report; `month` is 1-12. A plain endDate covers that whole day. */
export async function getMonthlyReport(year: number, month: number) {
  const pad = (value: number) => String(value).padStart(2, '0');
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const data = await client.analytics.detailed({
    startDate: `${year}-${pad(month)}-01`,
    endDate: `${year}-${pad(month)}-${pad(lastDay)}`,
  });
  return {
    month: `${year}-${month}`,
    summary: data.summary,
    busiestDay: Object.entries(data.callsByDayOfWeek).sort((a, b) => b[1] - a[1])[0],
    topCustomers: data.topCustomers.slice(0, 5),
    avgCallDuration: data.summary.avgDuration,
    callDistribution: data.durationBuckets,
  };
}

/** Customer performance report. */
export async function getCustomerReport(customerId: string) {
  const data = await client.customers.calls(customerId);
  const lastCall = data.calls[0];
  return {
    customerId,
    totalCalls: data.totalCalls,
    totalDuration: data.totalDuration,
    avgDuration: data.totalCalls === 0 ? 0 : Math.round(data.totalDuration / data.totalCalls),
    lastCall,
    daysSinceLastCall: lastCall
      ? Math.floor((Date.now() - Date.parse(lastCall.startTime)) / (1000 * 60 * 60 * 24))
      : null,
    recentCalls: data.calls.slice(0, 5),
  };
}

/** The guide's daily email report, as a Node cron job. */
export async function sendDailyReport(
  sendEmail: (mail: { to: string; subject: string; body: string }) => Promise<void>,
) {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().split('T')[0]!;
  const analytics = await client.analytics.detailed({
    startDate: `${yesterday}T00:00:00Z`,
    endDate: `${yesterday}T23:59:59Z`,
  });
  const top = analytics.topCustomers
    .slice(0, 5)
    .map(
      (customer, index) =>
        `${index + 1}. ${customer.customerName ?? customer.customerId} - ${customer.callCount} calls`,
    )
    .join('\n');
  await sendEmail({
    to: 'manager@yourcompany.com',
    subject: `Daily Call Report - ${yesterday}`,
    body: [
      `Daily Call Report - ${yesterday}`,
      '',
      `Total Calls: ${analytics.summary.totalCalls}`,
      `Total Duration: ${Math.floor(analytics.summary.totalDuration / 60)} minutes`,
      `Average Duration: ${analytics.summary.avgDuration} seconds`,
      '',
      `Inbound: ${analytics.summary.inboundCalls}`,
      `Outbound: ${analytics.summary.outboundCalls}`,
      '',
      'Top Customers:',
      top,
    ].join('\n'),
  });
}
