// Ribbon in Chromium at 4x CPU throttling: the main thread from script load to a rendered bar
// (the longest task), against a blank page measured the same way. The bundle's size is
// ribbon-size.bench.ts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Figure } from './figure.ts';
import { startCallRibbonServer } from './support/server.ts';

const here = dirname(fileURLToPath(import.meta.url));
const IIFE = join(here, '../packages/ribbon/dist/cdn/exotel-call-ribbon.js');
const KEY = 'bench-ribbon-key';
const RUNS = 5;

const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
`;

interface PageRun {
  longest: number;
  longTasks: number;
  /** ms from navigation start to the rendered bar (or to load, for the blank page). */
  ready: number;
}

const measure = async (
  browser: import('playwright-core').Browser,
  url: string,
  html: string,
  ready: string,
): Promise<PageRun> => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(OBSERVE_LONG_TASKS);
  // Served as if from the server's origin: Chromium blocks a public page from loading loopback scripts.
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(url);
  await page.waitForFunction(ready, undefined, { timeout: 30_000 });
  // Let a task that started before the bar appeared finish and be reported.
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        (globalThis as unknown as { requestAnimationFrame: (run: () => void) => void }).requestAnimationFrame(
          () => setTimeout(resolve, 100),
        ),
      ),
  );
  const result = await page.evaluate(() => {
    const page = globalThis as unknown as {
      __longTasks: { start: number; duration: number }[];
      __scriptStart: number;
    };
    // Tasks from the ribbon's script load on (the marker is set just before its tag).
    const tasks = page.__longTasks
      .filter((task) => task.start + task.duration > page.__scriptStart)
      .map((task) => task.duration);
    return {
      longest: Math.max(0, ...tasks),
      longTasks: tasks.length,
      ready: (globalThis as unknown as { __ready: number }).__ready,
    };
  });
  await context.close();
  return result;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const run = async (): Promise<Figure[]> => {
  if (!existsSync(IIFE)) {
    process.stdout.write(
      '  packages/ribbon/dist/cdn/exotel-call-ribbon.js is missing: run pnpm --filter @call-ribbon/ribbon build\n',
    );
    return [];
  }
  const figures: Figure[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'call-ribbon-ribbon-'));
  const server = await startCallRibbonServer(join(dir, 'ribbon.sqlite'), {
    SEED_DEMO: '1',
    DEMO_API_KEY: KEY,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    headless: true,
  });
  try {
    const ribbonPage = `<!doctype html><html><head><title>CRM</title></head><body><h1>Accounts</h1>
      <script>window.__scriptStart = performance.now();</script>
      <script src="${server.url}/sdk/exotel-call-ribbon.js"></script>
      <script>
        ExotelCallRibbon.init({ apiKey: '${KEY}', apiUrl: '${server.url}' });
      </script></body></html>`;
    const ribbonReady = `(() => {
      const bar = document.querySelector('exotel-call-ribbon')?.shadowRoot?.querySelector('[part="bar"]');
      if (bar && !window.__ready) window.__ready = performance.now();
      return !!bar;
    })()`;
    const blankPage =
      '<!doctype html><html><head><title>CRM</title></head><body><h1>Accounts</h1></body></html>';
    const blankReady = `(() => { if (document.readyState === 'complete' && !window.__ready) window.__ready = performance.now(); return document.readyState === 'complete'; })()`;
    const ribbonRuns: PageRun[] = [];
    const blankRuns: PageRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      ribbonRuns.push(await measure(browser, `${server.url}/bench/crm.html`, ribbonPage, ribbonReady));
      blankRuns.push(await measure(browser, `${server.url}/bench/blank.html`, blankPage, blankReady));
    }
    const longest = Math.max(...ribbonRuns.map((r) => r.longest));
    process.stdout.write(
      `  ribbon: longest task per run ${ribbonRuns.map((r) => r.longest.toFixed(0)).join(', ')} ms; bar after ${ribbonRuns.map((r) => r.ready.toFixed(0)).join(', ')} ms\n`,
    );
    figures.push(
      {
        name: 'ribbon: longest main-thread task, script load to bar (4x CPU)',
        value: longest,
        unit: 'ms',
        baseline: { name: 'blank page, longest task', value: Math.max(...blankRuns.map((r) => r.longest)) },
        target: 'no task over 50 ms',
      },
      {
        name: 'ribbon: navigation to rendered bar (4x CPU), median',
        value: median(ribbonRuns.map((r) => r.ready)),
        unit: 'ms',
        baseline: { name: 'blank page loaded', value: median(blankRuns.map((r) => r.ready)) },
      },
    );
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};
