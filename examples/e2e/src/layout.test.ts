// Every demo page at a laptop's and a phone's width: nothing overflows its box, axe finds no
// accessibility violation, and the layout does not shift as data arrives.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IMAGES_DIR, launchChromium, startDemoServer, watchedPage } from './harness.ts';
import {
  AXE_SOURCE,
  type Axe,
  DEMO_PAGES,
  type DemoPage,
  LAYOUT_SHIFT_OBSERVER,
  type LayoutShifts,
  overflowsOf,
} from './page-checks.ts';

const WIDTHS = [1280, 390] as const;
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? `${IMAGES_DIR}layout/` : null;

let server: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
const problems: string[] = [];

before(async () => {
  if (SCREENSHOTS) await mkdir(SCREENSHOTS, { recursive: true });
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});

after(async () => {
  await browser?.close();
  await server?.close();
  assert.deepEqual(problems, [], 'no page logged a console error or threw');
});

/** Opens `demo` at `width` and waits until its data has arrived. */
const openReady = async (context: BrowserContext, demo: DemoPage): Promise<Page> => {
  const watched = await watchedPage(context);
  await watched.page.addInitScript(LAYOUT_SHIFT_OBSERVER);
  await watched.page.goto(`${server.url}${demo.path}`);
  // Ready, or showing an error: then fail at once with its text.
  await watched.page.waitForFunction(
    `(${demo.ready.toString()})() || document.querySelector('[data-error-banner]:not([hidden])') !== null`,
    undefined,
    { timeout: 15_000 },
  );
  const banner = watched.page.locator('[data-error-banner]:not([hidden])');
  if ((await banner.count()) > 0) assert.fail(`${demo.path} shows an error: ${await banner.textContent()}`);
  // Two frames: whatever the data caused is laid out and reported.
  await watched.page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
  watched.page.on('close', () => problems.push(...watched.problems));
  return watched.page;
};

test("the layout-shift observer tells the ribbon's own shifts from the page's", async () => {
  const context = await browser.newContext({ viewport: { width: 800, height: 600 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(LAYOUT_SHIFT_OBSERVER);
    // A navigation of its own (setContent's shifts count as following input, and are left out).
    await page.route('http://layout.test/', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<p id="top">top</p><p id="moves">page text</p>
          <exotel-call-ribbon style="position:fixed;bottom:0;left:0;right:0;height:80px"></exotel-call-ribbon>
          <script>
            document.querySelector('exotel-call-ribbon').attachShadow({ mode: 'open' }).innerHTML =
              '<div id="gap"></div><div id="bar">ribbon bar</div>';
          </script>`,
      }),
    );
    await page.goto('http://layout.test/');
    const frame = () =>
      page.evaluate(
        () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
      );
    await frame();
    // Inside the ribbon: its bar moves down 30 px.
    await page.evaluate(() => {
      const gap = document.querySelector('exotel-call-ribbon')?.shadowRoot?.getElementById('gap');
      if (gap) gap.style.height = '30px';
    });
    await frame();
    const afterRibbon = await page.evaluate(() => ({
      ...(window as unknown as { __layoutShifts: LayoutShifts }).__layoutShifts,
    }));
    assert.ok(afterRibbon.ribbon > 0, `the ribbon moved: ${JSON.stringify(afterRibbon)}`);
    assert.equal(
      afterRibbon.ribbon,
      afterRibbon.entries.reduce((sum, entry) => sum + entry.value, 0),
    );
    // In the page: a paragraph pushed down by a banner.
    await page.evaluate(() => {
      const top = document.getElementById('top');
      if (top) top.style.height = '120px';
    });
    await frame();
    const afterPage = await page.evaluate(
      () => (window as unknown as { __layoutShifts: LayoutShifts }).__layoutShifts,
    );
    assert.ok(afterPage.cls > afterRibbon.cls, 'the page moved');
    assert.equal(afterPage.ribbon, afterRibbon.ribbon, "the page's shift is not the ribbon's");
  } finally {
    await context.close();
  }
});

for (const width of WIDTHS) {
  describe(`demo pages at ${width} px`, () => {
    let context: BrowserContext;
    before(async () => {
      context = await browser.newContext({ viewport: { width, height: width > 500 ? 860 : 844 } });
    });
    after(async () => {
      await context?.close();
    });

    for (const demo of DEMO_PAGES) {
      test(`${demo.name}: no cell, badge or text overflows its box; axe finds nothing; layout shift < 0.1`, async (t) => {
        const page = await openReady(context, demo);
        try {
          const overflows = await page.evaluate(overflowsOf, { desktop: width >= 1000 });
          assert.deepEqual(overflows, [], `${demo.name} at ${width} px: content overflows`);

          {
            await page.addScriptTag({ content: AXE_SOURCE });
            const violations = await page.evaluate(async (rulesOff) => {
              const { axe } = window as unknown as { axe: Axe };
              const rules = Object.fromEntries(rulesOff.map((rule) => [rule, { enabled: false }]));
              const result = await axe.run(document, { resultTypes: ['violations'], rules });
              return result.violations.map(
                (violation) =>
                  `${violation.id} (${violation.impact}): ${violation.nodes
                    .slice(0, 3)
                    .map((node) => node.target.join(' '))
                    .join(' | ')}`,
              );
            }, demo.axeRulesOff ?? []);
            assert.deepEqual(violations, [], `${demo.name} at ${width} px: axe violations`);
          }

          const shifts = await page.evaluate(
            () => (window as unknown as { __layoutShifts: LayoutShifts }).__layoutShifts,
          );
          assert.ok(
            shifts.cls < 0.1,
            `${demo.name} at ${width} px: cumulative layout shift ${shifts.cls}: ${JSON.stringify(shifts.entries)}`,
          );
          assert.ok(
            shifts.ribbon < 0.01,
            `${demo.name} at ${width} px: the ribbon's own layout shift ${shifts.ribbon}`,
          );
          t.diagnostic(
            `${demo.name} at ${width} px: CLS ${shifts.cls.toFixed(3)}, the ribbon's ${shifts.ribbon.toFixed(3)}`,
          );
          if (SCREENSHOTS)
            await page.screenshot({ path: `${SCREENSHOTS}${demo.name}-${width}.png`, fullPage: false });
        } finally {
          await page.close();
        }
      });
    }
  });
}
