import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import type {
  ActiveCallsResponse,
  CallLogsResponse,
  ConfigResponse,
  CustomerCallsResponse,
  DetailedAnalyticsResponse,
} from '@call-ribbon/contract';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildApp } from '../../bundler/build.ts';
import {
  apiGet,
  formatDuration,
  formatInt,
  formatRupees,
  IMAGES_DIR,
  launchChromium,
  rupeesOf,
  startDemoServer,
  type WatchedPage,
  watchedPage,
} from './harness.ts';
import { AXE_SOURCE, type Axe } from './page-checks.ts';

type JsonObject = Record<string, unknown>;

/** Fields the dashboards show as money: the seed's text, as rupees with Indian grouping. */
const MONEY_FIELDS = new Set([
  'amount',
  'paid',
  'outstanding',
  'taxableValue',
  'cgst',
  'sgst',
  'igst',
  'mrr',
  'totalOverdues',
  'collections',
  'targetBusiness',
  'achievedRevenue',
  'targetMRR',
  'achievedMRR',
  'avgCloudSpend',
]);

/** How a dashboard shows one field of its JSON. */
const shownAs = (key: string, value: string | number): string =>
  typeof value === 'string' && (MONEY_FIELDS.has(key) || value.includes('₹'))
    ? formatRupees(rupeesOf(value))
    : String(value);

/** Rows a dashboard table shows per page. */
const PAGE_SIZE = 20;

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
let context: BrowserContext;
const opened: WatchedPage[] = [];

const open = async (path: string): Promise<Page> => {
  const watched = await watchedPage(context);
  opened.push(watched);
  await watched.page.goto(`${server.url}${path}`);
  return watched.page;
};

const screenshot = (page: Page, name: string) =>
  page.screenshot({ path: `${IMAGES_DIR}${name}.png`, fullPage: false });

const text = async (page: Page, selector: string): Promise<string> =>
  ((await page.locator(selector).first().textContent()) ?? '').trim();

/** The data a Chart.js chart on the page draws. */
const chartData = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const canvas = document.querySelector(sel) as HTMLCanvasElement | null;
    const chart =
      canvas && (window as unknown as { Chart: { getChart(c: unknown): unknown } }).Chart.getChart(canvas);
    if (!chart) return null;
    const { data } = chart as { data: { labels: unknown[]; datasets: { data: unknown[] }[] } };
    return { labels: data.labels, datasets: data.datasets.map((set) => set.data) };
  }, selector);

before(async () => {
  await mkdir(IMAGES_DIR, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium(), buildApp()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
});

// Pages keep their live streams open: close each test's pages (their problems stay recorded).
afterEach(async () => {
  await Promise.all(opened.map(({ page }) => page.close()));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  const problems = opened.flatMap((watched) => watched.problems);
  assert.deepEqual(problems, [], 'no page logged a console error or threw');
});

describe('landing page', () => {
  test('links every example, the API docs and the OpenAPI document', async () => {
    const page = await open('/');
    const links = await page
      .locator('[data-links] a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    assert.deepEqual(links, [
      '/examples/crm/',
      '/examples/collections/',
      '/examples/dashboards/',
      '/examples/analytics/',
      '/docs',
      '/openapi.json',
    ]);
    for (const href of links) {
      const response = await fetch(`${server.url}${href}`);
      assert.equal(response.status, 200, `${href} answers`);
    }
    assert.match(await text(page, '[data-snippet]'), new RegExp(`${server.url}/sdk/exotel-call-ribbon.js`));
    await screenshot(page, 'landing');
  });
});

describe('collections dashboard', () => {
  test('shows the totals of the API and follows a call live from the stream', async () => {
    const page = await open('/examples/collections/');
    await page.locator('[data-live-status][data-state="live"]').waitFor();
    const [analytics, active, config] = await Promise.all([
      apiGet<DetailedAnalyticsResponse>(server.url, '/api/ribbon/analytics/detailed'),
      apiGet<ActiveCallsResponse>(server.url, '/api/ribbon/active-calls'),
      apiGet<ConfigResponse>(server.url, '/api/ribbon/config'),
    ]);
    assert.equal(await text(page, '#total-calls'), formatInt(analytics.summary.totalCalls));
    assert.equal(
      await text(page, '#total-duration'),
      `${formatInt(Math.floor(analytics.summary.totalDuration / 3600))}h`,
    );
    assert.equal(await text(page, '#active-calls'), formatInt(active.count));
    assert.equal(
      await text(page, '#usage'),
      `${Math.round((config.usage.callsThisMonth / config.usage.limit) * 100)}%`,
    );

    // A call logged by anyone (here: the API) reaches the page without a reload.
    const now = new Date().toISOString();
    const response = await fetch(`${server.url}/api/ribbon/log-call`, {
      method: 'POST',
      headers: { 'X-API-Key': 'demo-api-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        callId: 'e2e-collections-1',
        eventId: 'e2e-collections-1-dialing',
        event: 'dialing',
        direction: 'outbound',
        phoneNumber: '+919800000001',
        timestamp: now,
      }),
    });
    assert.equal(response.status, 200, await response.text());
    await page.locator('#active-list tr[data-call-id="e2e-collections-1"]').waitFor();
    await page.waitForFunction(
      (expected) => document.getElementById('active-calls')?.textContent === expected,
      formatInt(active.count + 1),
    );
    await page.waitForFunction(
      (expected) => document.getElementById('total-calls')?.textContent === expected,
      formatInt(analytics.summary.totalCalls + 1),
    );
    await page.locator('#activity li[data-call-id="e2e-collections-1"]').waitFor();
    await screenshot(page, 'collections-dashboard');
  });
});

describe('analytics page', () => {
  test('charts and tables match analytics/detailed for the chosen range, and exports it as CSV', async () => {
    const page = await open('/examples/analytics/');
    await page.locator('#summary [data-summary="totalCalls"]').waitFor();
    const check = async () => {
      const startDate = await page.inputValue('input[name="startDate"]');
      const endDate = await page.inputValue('input[name="endDate"]');
      const data = await apiGet<DetailedAnalyticsResponse>(
        server.url,
        `/api/ribbon/analytics/detailed?startDate=${startDate}&endDate=${endDate}`,
      );
      assert.ok(data.summary.totalCalls > 0, 'the demo range has calls');
      assert.equal(
        await text(page, '[data-summary="totalCalls"] .stat-value'),
        formatInt(data.summary.totalCalls),
      );
      assert.equal(
        await text(page, '[data-summary="totalDuration"] .stat-value'),
        formatDuration(data.summary.totalDuration),
      );
      assert.equal(
        await text(page, '[data-summary="missedCalls"] .stat-value'),
        formatInt(data.summary.missedCalls),
      );
      assert.deepEqual((await chartData(page, '#by-hour'))?.datasets, [Object.values(data.callsByHour)]);
      assert.deepEqual((await chartData(page, '#by-day'))?.datasets, [Object.values(data.callsByDayOfWeek)]);
      assert.deepEqual((await chartData(page, '#durations'))?.datasets, [
        Object.values(data.durationBuckets),
      ]);
      const rows = await page
        .locator('#top-customers tr[data-customer-id]')
        .evaluateAll((trs) =>
          trs.map((tr) => [tr.getAttribute('data-customer-id'), tr.children[2]?.textContent]),
        );
      assert.deepEqual(
        rows,
        data.topCustomers.map((customer) => [customer.customerId, formatInt(customer.callCount)]),
      );
      return { startDate, endDate };
    };
    await check();
    await screenshot(page, 'analytics');

    // A narrower range: one week.
    const end = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const start = new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('input[name="startDate"]', start);
    await page.fill('input[name="endDate"]', end);
    const before = await text(page, '#range-label');
    await page.click('button[type="submit"]');
    await page.waitForFunction((old) => document.getElementById('range-label')?.textContent !== old, before);
    const range = await check();
    assert.deepEqual(range, { startDate: start, endDate: end });

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(download.suggestedFilename(), `call-logs-${start}-to-${end}.csv`);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks);
    const expected = Buffer.from(
      await (
        await fetch(`${server.url}/api/ribbon/export/calls?format=csv&startDate=${start}&endDate=${end}`, {
          headers: { 'X-API-Key': 'demo-api-key' },
        })
      ).arrayBuffer(),
    );
    assert.ok(
      csv.equals(expected),
      `the download is the API's CSV byte for byte (${csv.length} vs ${expected.length} bytes)`,
    );
    assert.ok(csv.toString('utf8').split('\n').length > 10, 'the export has rows');
  });
});

const DASHBOARDS = {
  sales: {
    file: 'static-sales-dashboard.html',
    charts: ['pipeline', 'leadStatus'],
    tables: ['followUpTasks', 'salesTargets'],
    kpis: ['kpis'],
  },
  leads: {
    file: 'static-leads-dashboard.html',
    charts: ['statusDistribution', 'funnel'],
    tables: ['teamPerformance', 'followUpTasks', 'leadDatabase'],
    kpis: ['inboundKpis', 'outboundKpis', 'qualityMetrics'],
  },
  'account-management': {
    file: 'static-account-management-dashboard.html',
    charts: ['mrrTrend', 'healthDistribution'],
    tables: ['atRiskAccounts', 'renewals', 'portfolioAccounts', 'followUpTasks'],
    kpis: ['kpis'],
  },
  support: {
    file: 'static-support-dashboard.html',
    charts: [
      'ticketStatus',
      'reopenReasons',
      'frtTrend',
      'resolutionTrend',
      'complianceTrend',
      'agentComparison',
    ],
    tables: ['tickets'],
    kpis: ['kpis'],
  },
  billing: {
    file: 'static-billing-dashboard.html',
    charts: ['salesVsCollection', 'agingBuckets', 'productRevenue', 'refundReasons'],
    tables: ['overdueDetails', 'refundDetails', 'gstDetails', 'customerHealth', 'teamPerformance'],
    kpis: ['kpis'],
  },
} as const;

/** What each chart must draw, straight from the dashboard's JSON. */
const expectedCharts = (name: string, data: JsonObject): Record<string, unknown[][]> => {
  const field = <T>(key: string): T => data[key] as T;
  switch (name) {
    case 'sales':
      return {
        pipeline: [field<{ stages: { count: number }[] }>('pipeline').stages.map((stage) => stage.count)],
        leadStatus: [Object.values(field<Record<string, number>>('leadStatus'))],
      };
    case 'leads':
      return {
        statusDistribution: [field<{ count: number }[]>('statusDistribution').map((row) => row.count)],
      };
    case 'account-management': {
      const health = field<Record<string, number>>('healthDistribution');
      const trend = field<{ existingMRR: number[]; collectionMRR: number[] }>('mrrTrend');
      return {
        mrrTrend: [trend.existingMRR, trend.collectionMRR],
        healthDistribution: [[health.healthy, health.watchlist, health.atRisk, health.critical]],
      };
    }
    case 'support': {
      const sla = field<Record<string, { values: number[] }>>('slaMetrics');
      const status = field<Record<string, number>>('ticketStatus');
      const agents = field<{ score: number; resolutionTime: number }[]>('agentComparison');
      return {
        ticketStatus: [
          [
            status.new,
            status.inProgress,
            status.waitingCustomer,
            status.resolved,
            status.closed,
            status.reopened,
          ],
        ],
        reopenReasons: [field<{ values: number[] }>('reopenReasons').values],
        frtTrend: [sla.frtTrend!.values],
        resolutionTrend: [sla.resolutionTrend!.values],
        complianceTrend: [sla.complianceTrend!.values],
        agentComparison: [agents.map((agent) => agent.score), agents.map((agent) => agent.resolutionTime)],
      };
    }
    case 'billing': {
      const svc = field<Record<string, number[]>>('salesVsCollection');
      const products = field<Record<string, number[]>>('productRevenue');
      return {
        salesVsCollection: [svc.invoiced!, svc.collected!, svc.pending!],
        agingBuckets: [field<{ amount: string }[]>('agingBuckets').map((bucket) => Number(bucket.amount))],
        productRevenue: [products.invoiced!, products.collected!],
        refundReasons: [field<{ reasons: { values: number[] } }>('refundMetrics').reasons.values],
      };
    }
    default:
      return {};
  }
};

describe('the five dashboards', () => {
  test('the index links the five pages named after the seed files', async () => {
    const page = await open('/examples/dashboards/');
    const links = await page
      .locator('main .cards a')
      .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
    assert.deepEqual(
      links,
      Object.values(DASHBOARDS).map((dashboard) => dashboard.file),
    );
  });

  for (const [name, spec] of Object.entries(DASHBOARDS)) {
    test(`${spec.file} renders every section of /api/dashboards/${name}`, async () => {
      // Ages ("3h 20m") are counted from the moment of the request, so a minute may turn
      // between the page's request and the test's: the page must show the API's answer from
      // just before it loaded or from just after.
      const before = await apiGet<JsonObject>(server.url, `/api/dashboards/${name}`);
      const page = await open(`/examples/dashboards/${spec.file}`);
      await page.waitForFunction(
        (dashboard) =>
          document.body.dataset.loaded === dashboard || document.querySelector('[data-error-banner]'),
        name,
      );
      const failure = await page.locator('[data-error-banner]').count();
      if (failure > 0) assert.fail(`the page shows an error: ${await text(page, '[data-error-banner]')}`);
      const data = await apiGet<JsonObject>(server.url, `/api/dashboards/${name}`);

      for (const group of spec.kpis) {
        const values = data[group] as Record<string, string | number>;
        const earlier = before[group] as Record<string, string | number>;
        for (const [key, value] of Object.entries(values)) {
          const shown = await text(page, `[data-section="${group}"] [data-kpi="${key}"] .stat-value`);
          const expected = [shownAs(key, value), shownAs(key, earlier[key]!)];
          assert.ok(
            expected.includes(shown),
            `${name} ${group}.${key}: shows "${shown}", the API answered ${expected.map((e) => `"${e}"`).join(' then ')}`,
          );
        }
      }
      for (const section of spec.tables) {
        const rows = data[section] as JsonObject[];
        const shown = await page.locator(`[data-section="${section}"] tbody tr[data-row]`).count();
        assert.equal(
          shown,
          Math.min(rows.length, PAGE_SIZE),
          `${name} ${section}: one row per record, a page at a time`,
        );
        if (rows.length > 0) {
          const firstRow = await text(page, `[data-section="${section}"] tbody tr[data-row="0"]`);
          const earlierRow = (before[section] as JsonObject[])[0] ?? {};
          for (const [key, value] of Object.entries(rows[0]!)) {
            // Ids and CSS class names are not for people to read; they style and key the rows.
            if (key === 'id' || key.endsWith('Class')) continue;
            if (typeof value === 'string' && value !== '') {
              const expected = shownAs(key, value);
              const earlierValue = earlierRow[key];
              const earlierExpected =
                typeof earlierValue === 'string' ? shownAs(key, earlierValue) : expected;
              assert.ok(
                firstRow.includes(expected) || firstRow.includes(earlierExpected),
                `${name} ${section} row 0 shows "${expected}" (or "${earlierExpected}" a moment before)`,
              );
            }
          }
        }
      }
      const charts = expectedCharts(name, data);
      for (const chart of spec.charts) {
        const drawn = await chartData(page, `canvas[data-chart="${chart}"]`);
        assert.ok(drawn, `${name}: chart ${chart} is drawn`);
        if (charts[chart]) {
          const sets = drawn.datasets.slice(0, charts[chart].length);
          assert.deepEqual(sets, charts[chart], `${name}: chart ${chart} draws the API's numbers`);
        }
      }
      await screenshot(page, `dashboard-${name}`);
    });
  }

  test('the lead database pages through its leads 20 at a time', async () => {
    const { leadDatabase } = await apiGet<{ leadDatabase: { email: string }[] }>(
      server.url,
      '/api/dashboards/leads',
    );
    assert.ok(leadDatabase.length > PAGE_SIZE, `${leadDatabase.length} leads: more than a page`);
    const page = await open('/examples/dashboards/static-leads-dashboard.html');
    await page.waitForFunction(() => document.body.dataset.loaded === 'leads');
    const section = page.locator('[data-section="leadDatabase"]');
    const emails = () =>
      section
        .locator('tbody td[data-field="email"]')
        .evaluateAll((cells) => cells.map((cell) => cell.textContent));
    const status = () => section.locator('[data-page-status]').textContent();
    const total = formatInt(leadDatabase.length);
    assert.equal(await status(), `1–${PAGE_SIZE} of ${total}`);
    assert.deepEqual(
      await emails(),
      leadDatabase.slice(0, PAGE_SIZE).map((lead) => lead.email),
    );
    assert.equal(await section.locator('[data-page="previous"]').isDisabled(), true);

    await section.locator('[data-page="next"]').click();
    assert.equal(
      await status(),
      `${PAGE_SIZE + 1}–${Math.min(2 * PAGE_SIZE, leadDatabase.length)} of ${total}`,
    );
    assert.deepEqual(
      await emails(),
      leadDatabase.slice(PAGE_SIZE, 2 * PAGE_SIZE).map((lead) => lead.email),
    );
    const last = Math.floor((leadDatabase.length - 1) / PAGE_SIZE) * PAGE_SIZE;
    while ((await section.locator('[data-page="next"]').isDisabled()) === false) {
      await section.locator('[data-page="next"]').click();
    }
    assert.equal(await status(), `${formatInt(last + 1)}–${total} of ${total}`);
    assert.deepEqual(
      await emails(),
      leadDatabase.slice(last).map((lead) => lead.email),
    );
    await section.locator('[data-page="previous"]').click();
    assert.equal(await section.locator('[data-page="previous"]').isDisabled(), last - PAGE_SIZE === 0);
  });

  test('badges are coloured by meaning: an agent who needs coaching is not shown in green', async () => {
    const page = await open('/examples/dashboards/static-support-dashboard.html');
    await page.waitForFunction(() => document.body.dataset.loaded === 'support');
    const kinds = await page
      .locator('[data-section="agentScorecards"] .badge')
      .evaluateAll((badges) => badges.map((badge) => [badge.textContent, badge.className]));
    assert.ok(kinds.length > 0, 'the scorecards show signals');
    for (const [signal, className] of kinds) {
      if (/coaching|needs|slow|improve/i.test(signal ?? '')) {
        assert.doesNotMatch(className ?? '', /success/, `"${signal}" is not shown as good news`);
      }
    }
  });

  test('the seed paths answer the same JSON as /api/dashboards', async () => {
    const [seed, ours] = await Promise.all([
      apiGet<JsonObject>(server.url, '/billing-api.php'),
      apiGet<JsonObject>(server.url, '/api/dashboards/billing'),
    ]);
    assert.deepEqual(seed, ours);
  });
});

describe('API reference at /docs', () => {
  test('tries a request against this server with the demo key, and links back to the demo', async () => {
    const page = await open('/docs');
    await page.waitForFunction(() => document.body.dataset.loaded === 'docs');
    assert.equal(await page.locator('a[data-back-to-demo]').getAttribute('href'), '/');
    assert.equal(await page.locator('header.topbar a[aria-current="page"]').getAttribute('href'), '/docs');

    const operation = page.locator('#operations-Ribbon-getConfig');
    await operation.locator('.opblock-summary-control').click();
    await operation.locator('button.try-out__btn').click();
    await operation.locator('button.execute').click();
    const status = operation.locator('.live-responses-table .response .response-col_status').first();
    await status.waitFor();
    assert.equal((await status.textContent())?.trim(), '200');
    const body = JSON.parse(
      (await operation.locator('.live-responses-table .microlight').first().textContent()) ?? '',
    );
    const config = await apiGet<ConfigResponse>(server.url, '/api/ribbon/config');
    assert.equal(body.client.name, config.client.name, 'the answer is the demo tenant’s');
    // The request went to this server (not the document's default address) with the demo key.
    const curl = (await operation.locator('.curl-command').textContent()) ?? '';
    assert.match(curl, new RegExp(`${server.url}/api/ribbon/config`));
    assert.match(curl, /X-API-Key: demo-api-key/);
    // Opened and answered, the reference still passes axe (Swagger UI draws its server picker outside its <main>).
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const { axe } = window as unknown as { axe: Axe };
      const result = await axe.run(document, {
        resultTypes: ['violations'],
        rules: { region: { enabled: false } },
      });
      return result.violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(' ')}`);
    });
    assert.deepEqual(violations, []);
    await screenshot(page, 'api-reference');
  });
});

describe('error states', () => {
  test('a page whose server is unreachable says so instead of showing zeros', async () => {
    const watched = await watchedPage(context);
    const { page } = watched;
    // The browser's own "failed to load" console line is expected here; it is not collected.
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.goto(`${server.url}/examples/dashboards/static-support-dashboard.html`);
    const banner = page.locator('[data-error-banner]');
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /Cannot reach the Call Ribbon server/);
    await page.close();
  });
});

describe('CRM page with the ribbon', () => {
  test('selects a customer, shows their history, and a demo call appears in it live', async () => {
    const page = await open('/examples/crm/');
    await page.locator('[data-live-status][data-state="live"]').waitFor();
    await page.waitForFunction(() => {
      const ribbon = (window as unknown as { ExotelCallRibbon?: { getState(): { initialized: boolean } } })
        .ExotelCallRibbon;
      return ribbon?.getState().initialized === true;
    });
    const list = await page
      .locator('#customer-list button')
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-customer-id')));
    assert.ok(list.length > 0, 'the customer list is filled from the API');

    const customerId = list[1]!;
    await page.click(`#customer-list button[data-customer-id="${customerId}"]`);
    await page.waitForFunction(
      (id) =>
        document
          .querySelector('#customer-list button[aria-pressed="true"]')
          ?.getAttribute('data-customer-id') === id,
      customerId,
    );
    const { customer } = await apiGet<{
      customer: { name: string; phone: string; customFields: { accountBalance: number } };
    }>(server.url, `/api/ribbon/customer/${customerId}`);
    await page.waitForFunction(
      (name) => document.querySelector('[data-customer-name]')?.textContent === name,
      customer.name,
    );
    const history = await apiGet<CustomerCallsResponse>(
      server.url,
      `/api/ribbon/customer/${customerId}/calls?limit=20`,
    );
    const balance = await page
      .locator('dl.fields dt', { hasText: 'Account balance' })
      .evaluate((dt) => dt.nextElementSibling?.textContent);
    assert.equal(
      balance,
      formatRupees(customer.customFields.accountBalance),
      'money in rupees, Indian grouping',
    );
    const blues = await page.evaluate(() => {
      const ribbonCall = document
        .querySelector('exotel-call-ribbon')
        ?.shadowRoot?.querySelector('button.call-button');
      const pageCall = document.getElementById('call-button');
      return [pageCall, ribbonCall].map((button) => button && getComputedStyle(button).backgroundColor);
    });
    assert.ok(blues[1], 'the ribbon shows its Call button');
    assert.equal(blues[0], blues[1], "the page's Call button and the ribbon's are one blue");
    await page.locator(`#history tr[data-call-id="${history.calls[0]!.callId}"]`).waitFor();
    const shownIds = await page
      .locator('#history tr[data-call-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-call-id')));
    assert.deepEqual(
      shownIds,
      history.calls.map((call) => call.callId),
    );
    assert.equal(await text(page, '#total-calls'), formatInt(history.totalCalls));
    const ribbonCustomer = await page.evaluate(
      () =>
        (
          window as unknown as { ExotelCallRibbon: { getState(): { customer: unknown } } }
        ).ExotelCallRibbon.getState().customer,
    );
    assert.deepEqual(
      { ...(ribbonCustomer as JsonObject) },
      { ...(ribbonCustomer as JsonObject), customerId, name: customer.name, phoneNumber: customer.phone },
      'setCustomer got the selected customer',
    );
    const recent = await apiGet<CallLogsResponse>(server.url, '/api/ribbon/call-logs?page=1&pageSize=10');
    const recentIds = await page
      .locator('#recent-calls tr[data-call-id]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-call-id')));
    assert.deepEqual(
      recentIds,
      recent.logs.map((call) => call.callId),
    );

    // Click to call: the simulator rings, then answers; the events reach the server and come back on the stream.
    await page.click('#call-button');
    const newRow = page.locator('#history tr[data-call-id]').first();
    await page.waitForFunction((known) => {
      const first = document.querySelector('#history tr[data-call-id]');
      return first !== null && !known.includes(first.getAttribute('data-call-id') ?? '');
    }, shownIds as string[]);
    const callId = (await newRow.getAttribute('data-call-id'))!;
    await page.waitForFunction(
      (id) => document.querySelector(`#history tr[data-call-id="${id}"] .badge`)?.textContent === 'connected',
      callId,
      { timeout: 15_000 },
    );
    await page.locator(`#recent-calls tr[data-call-id="${callId}"]`).waitFor();
    await page.waitForFunction(
      (expected) => document.getElementById('total-calls')?.textContent === expected,
      formatInt(history.totalCalls + 1),
    );
    const stored = await apiGet<CustomerCallsResponse>(
      server.url,
      `/api/ribbon/customer/${customerId}/calls?limit=1`,
    );
    assert.equal(stored.calls[0]?.callId, callId, 'the server stored the call under the customer');
    assert.equal(stored.calls[0]?.status, 'connected');
    await screenshot(page, 'crm-call-connected');

    await page.evaluate(() =>
      (window as unknown as { ExotelCallRibbon: { hangup(): Promise<void> } }).ExotelCallRibbon.hangup(),
    );
  });
});

describe('bundled app', () => {
  test('a page that imports @call-ribbon/ribbon through esbuild shows the ribbon and places a call', async () => {
    const page = await open('/examples/bundler/dist/index.html');
    await page.locator('exotel-call-ribbon').waitFor({ state: 'attached' });
    await page.waitForFunction(() => customElements.get('exotel-call-ribbon') !== undefined);
    await page.click('#pick');
    await page.click('#call');
    await page.locator('#events li[data-event="dialing"]').waitFor();
    await page.locator('#events li[data-event="connected"]').waitFor({ timeout: 15_000 });
    assert.match(await text(page, '#events li[data-event="connected"]'), /\+919809153840/);
  });
});
