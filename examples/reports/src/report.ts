#!/usr/bin/env node
// Prints the backend guide's three reports. Usage in README.md of this folder.
import { parseArgs } from 'node:util';
import { createClient, isApiError, isNetworkError } from '@call-ribbon/client';
import {
  getCustomerReport,
  getDailySummary,
  getMonthlyReport,
  printCustomerReport,
  printDailySummary,
  printMonthlyReport,
  yesterday,
} from './reports.ts';

const usage = `Usage: node src/report.ts [--date YYYY-MM-DD] [--month YYYY-MM] [--customer ID]

Prints the daily summary (default: yesterday, UTC), the monthly report (default: this
month) and a customer report (default: the month's top customer).
Environment: CALL_RIBBON_URL (http://127.0.0.1:8787), CALL_RIBBON_KEY (demo-api-key).`;

const main = async (): Promise<number> => {
  const args = process.argv.slice(2);
  // `pnpm report -- --month ...` (npm's habit) hands the script a leading `--`.
  if (args[0] === '--') args.shift();
  const { values } = parseArgs({
    args,
    options: {
      date: { type: 'string' },
      month: { type: 'string' },
      customer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const now = new Date();
  const date = values.date ?? yesterday(now);
  const month = values.month ?? now.toISOString().slice(0, 7);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    console.error(`--date must look like 2025-10-12 and --month like 2025-10\n\n${usage}`);
    return 2;
  }
  const apiUrl = process.env.CALL_RIBBON_URL || 'http://127.0.0.1:8787';
  const client = createClient({ apiKey: process.env.CALL_RIBBON_KEY || 'demo-api-key', apiUrl });

  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const [daily, monthly] = await Promise.all([
    getDailySummary(client, date),
    getMonthlyReport(client, year, monthNumber),
  ]);
  const customerId = values.customer ?? monthly.topCustomers[0]?.customerId;
  console.log(printDailySummary(daily));
  console.log('');
  console.log(printMonthlyReport(monthly));
  if (customerId) {
    console.log('');
    console.log(printCustomerReport(await getCustomerReport(client, customerId, now)));
  }
  return 0;
};

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isNetworkError(error)) {
      console.error(
        `Cannot reach the Call Ribbon server: ${error.message}\nIs it running? Set CALL_RIBBON_URL.`,
      );
    } else if (isApiError(error)) {
      console.error(`The server refused: ${error.serverMessage} (${error.status})`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  },
);
