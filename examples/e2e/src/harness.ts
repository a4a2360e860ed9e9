import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, readConfig, startServer } from '@call-ribbon/server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const DEMO_KEY = 'demo-api-key';

/** A real reference server on a fresh SQLite file, seeded with the demo tenant. */
export const startDemoServer = async (): Promise<RunningServer & { dir: string }> => {
  const dir = await mkdtemp(join(tmpdir(), 'call-ribbon-pages-'));
  const server = await startServer({
    ...readConfig({}),
    port: 0,
    databasePath: join(dir, 'demo.sqlite'),
    demoApiKey: DEMO_KEY,
  });
  return {
    ...server,
    dir,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
};

/** Debian's Chromium, headless, with a fresh profile; nothing is downloaded. */
export const launchChromium = async (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  problems: string[];
}

/** A page that records every console error and uncaught exception. */
export const watchedPage = async (context: BrowserContext): Promise<WatchedPage> => {
  const page = await context.newPage();
  // Everything here answers within a few seconds; a stuck page should fail fast, not after 30 s.
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
  return { page, problems };
};

/** GETs `path` from the server with the demo key, as the pages do. */
export const apiGet = async <T>(baseUrl: string, path: string): Promise<T> => {
  const response = await fetch(`${baseUrl}${path}`, { headers: { 'X-API-Key': DEMO_KEY } });
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
};

/**
 * Where the screenshots go: the docs' own images only with `UPDATE_SCREENSHOTS=1`, so that
 * `pnpm test` leaves a checkout clean; otherwise a temporary folder.
 */
export const IMAGES_DIR =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? new URL('../../../docs/images/', import.meta.url).pathname
    : `${mkdtempSync(join(tmpdir(), 'call-ribbon-screenshots-'))}/`;

const integer = new Intl.NumberFormat('en-IN');
/** The pages' number format. */
export const formatInt = (value: number): string => integer.format(value);

const rupeeFormat = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  maximumFractionDigits: 0,
});
/** The pages' money format: 53271 -> "₹53,271". */
export const formatRupees = (value: number): string => rupeeFormat.format(value);

/** The seed's money text ("₹ 1.8L", "82,579", "45K", "1.2Cr") in rupees. */
export const rupeesOf = (text: string): number => {
  const match = text.replace(/[₹,\s]/g, '').match(/^(-?[\d.]+)(Cr|L|K)?$/i);
  if (!match) throw new Error(`not money: ${text}`);
  const scale = { cr: 1e7, l: 1e5, k: 1e3 }[match[2]?.toLowerCase() ?? ''] ?? 1;
  return Math.round(Number(match[1]) * scale);
};

/** The pages' talk-time format. */
export const formatDuration = (seconds: number): string => {
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
};
