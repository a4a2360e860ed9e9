import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { CustomerCallsResponse, DetailedAnalyticsResponse } from '@call-ribbon/client';
import { type RunningServer, readConfig, startServer } from '@call-ribbon/server';
import { formatDuration, formatInt, yesterday } from './reports.ts';

const run = promisify(execFile);
const SCRIPT = new URL('./report.ts', import.meta.url).pathname;
let server: RunningServer;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'call-ribbon-reports-'));
  server = await startServer({
    ...readConfig({}),
    port: 0,
    databasePath: join(dir, 'demo.sqlite'),
    demoApiKey: 'demo-api-key',
  });
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const api = async <T>(path: string): Promise<T> => {
  const response = await fetch(`${server.url}${path}`, { headers: { 'X-API-Key': 'demo-api-key' } });
  assert.equal(response.status, 200, path);
  return (await response.json()) as T;
};

const report = (...args: string[]) =>
  run(process.execPath, [SCRIPT, ...args], {
    env: { ...process.env, CALL_RIBBON_URL: server.url, CALL_RIBBON_KEY: 'demo-api-key' },
  });

test('prints the daily summary, monthly report and customer report with the server numbers', async () => {
  const date = yesterday(new Date());
  const month = date.slice(0, 7);
  const { stdout, stderr } = await report('--date', date, '--month', month);
  assert.equal(stderr, '');

  const day = await api<DetailedAnalyticsResponse>(
    `/api/ribbon/analytics/detailed?startDate=${date}T00:00:00Z&endDate=${date}T23:59:59Z`,
  );
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const monthly = await api<DetailedAnalyticsResponse>(
    `/api/ribbon/analytics/detailed?startDate=${month}-01&endDate=${month}-${last}`,
  );
  const top = monthly.topCustomers[0]!;
  const customer = await api<CustomerCallsResponse>(`/api/ribbon/customer/${top.customerId}/calls`);

  const [daily, monthlyText, customerText] = stdout.split('\n\n');
  assert.match(daily!, new RegExp(`^Daily call summary — ${date} \\(UTC\\)`));
  assert.match(daily!, new RegExp(`Total calls: +${formatInt(day.summary.totalCalls)}\\n`));
  assert.match(daily!, new RegExp(`Total talk time: +${formatDuration(day.summary.totalDuration)}\\n`));

  assert.match(monthlyText!, new RegExp(`^Monthly performance — ${month}`));
  assert.match(monthlyText!, new RegExp(`Total calls: +${formatInt(monthly.summary.totalCalls)}\\n`));
  assert.match(
    monthlyText!,
    new RegExp(
      `Inbound / outbound: +${formatInt(monthly.summary.inboundCalls)} / ${formatInt(monthly.summary.outboundCalls)}`,
    ),
  );
  assert.match(monthlyText!, new RegExp(`1\\. ${top.customerName} +${formatInt(top.callCount)} calls`));
  for (const [bucket, count] of Object.entries(monthly.durationBuckets)) {
    assert.match(monthlyText!, new RegExp(`${bucket.replace('+', '\\+')} +${formatInt(count)}\\n`));
  }

  assert.match(customerText!, new RegExp(`^Customer report — ${top.customerName} \\(${top.customerId}\\)`));
  assert.match(customerText!, new RegExp(`Total calls: +${formatInt(customer.totalCalls)}\\n`));
  assert.match(
    customerText!,
    new RegExp(`Last call: +${customer.calls[0]!.startTime.replace(/\./g, '\\.')}`),
  );
  const recent = customerText!.split('Recent calls:\n')[1]!.trimEnd().split('\n');
  assert.equal(recent.length, Math.min(5, customer.calls.length));
});

test('a customer with no calls gets a report, not a division by zero', async () => {
  const { stdout } = await report('--customer', 'NOBODY-42');
  assert.match(stdout, /Customer report — NOBODY-42 \(NOBODY-42\)/);
  assert.match(stdout, /Average call: +0s/);
  assert.match(stdout, /Last call: +never/);
});

test('an unreachable server is a readable error and exit status 1', async () => {
  const failed = await run(process.execPath, [SCRIPT], {
    env: { ...process.env, CALL_RIBBON_URL: 'http://127.0.0.1:9', CALL_RIBBON_KEY: 'demo-api-key' },
  }).catch((error: { code: number; stderr: string }) => error);
  assert.ok('code' in failed);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /Cannot reach the Call Ribbon server/);
});

test('a bad --month is a usage error (exit status 2)', async () => {
  const failed = await report('--month', '2025-13').catch((error: { code: number; stderr: string }) => error);
  assert.ok('code' in failed);
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /--month like 2025-10/);
});

test('takes its options after a `--` separator too (`pnpm report -- --customer ...`)', async () => {
  const { stdout, stderr } = await report('--', '--customer', 'CUST001');
  assert.equal(stderr, '');
  assert.match(stdout, /Customer report — .+ \(CUST001\)/);
});
