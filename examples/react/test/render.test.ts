// The React app built with esbuild and rendered in Debian's Chromium: <CallRibbon> upgrades to
// the real element, React props reach its properties and attributes, its events reach React.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { buildApp } from '../build.ts';

let browser: Browser;
let page: Page;
const problems: string[] = [];

before(async () => {
  const code = await buildApp();
  browser = await chromium.launch({
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
  page = await browser.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  await page.setContent('<!doctype html><html lang="en"><body><div id="root"></div></body></html>');
  await page.addScriptTag({ type: 'module', content: code });
  await page.locator('exotel-call-ribbon[position="top"]').waitFor({ state: 'attached' });
});

after(async () => {
  await browser?.close();
});

test('<CallRibbon> renders the upgraded element with the props as properties and attributes', async () => {
  const element = await page.evaluate(() => {
    const ribbon = document.querySelector('exotel-call-ribbon[position="top"]') as HTMLElement & {
      theme: string;
      historyUrl: string;
      updateComplete: Promise<boolean>;
    };
    return ribbon.updateComplete.then(() => ({
      upgraded: ribbon instanceof customElements.get('exotel-call-ribbon')!,
      theme: ribbon.getAttribute('theme'),
      historyUrl: ribbon.historyUrl,
      bar: !!ribbon.shadowRoot?.querySelector('[part="bar"]'),
    }));
  });
  assert.deepEqual(element, {
    upgraded: true,
    theme: 'light',
    historyUrl: 'https://crm.example/customers/{customerId}',
    bar: true,
  });
  assert.equal(await page.locator('exotel-call-ribbon[position="bottom"][theme="dark"]').count(), 1);
});

test("the element's ribbon-collapse event reaches React's onRibbonCollapse", async () => {
  assert.equal(await page.getByTestId('collapsed').textContent(), 'Ribbon open');
  await page.locator('exotel-call-ribbon[position="top"]').locator('[part~="handle"]').click();
  await page.getByText('Ribbon collapsed').waitFor();
  await page.locator('exotel-call-ribbon[position="top"]').locator('[part~="handle"]').click();
  await page.getByText('Ribbon open').waitFor();
  assert.deepEqual(problems, []);
});
