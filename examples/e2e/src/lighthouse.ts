// Lighthouse on every demo page, on a phone (Lighthouse's mobile preset) and a laptop (desktop
// preset): prints the accessibility score and the cumulative layout shift, and exits non-zero when
// a page misses 100 or 0.1. The ribbon's own share of the shift is measured by layout.test.ts
// (Lighthouse cannot name nodes inside the ribbon's shadow tree). A dev-time measurement, not
// part of `pnpm test` (about half a minute per page and preset):
//   pnpm --filter @call-ribbon/example-pages-e2e lighthouse [page names...]
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startDemoServer } from './harness.ts';
import { DEMO_PAGES } from './page-checks.ts';

const run = promisify(execFile);
const LIGHTHOUSE = new URL('../node_modules/.bin/lighthouse', import.meta.url).pathname;
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
].join(' ');

interface Report {
  categories: { accessibility: { score: number; auditRefs: { id: string; weight: number }[] } };
  audits: Record<
    string,
    {
      score: number | null;
      numericValue?: number;
    }
  >;
}

/** Lighthouse's findings for one page: its accessibility score and failing audits, and its CLS. */
const audit = async (url: string, preset: 'mobile' | 'desktop', dir: string) => {
  const output = join(dir, `report-${Date.now()}.json`);
  await run(
    LIGHTHOUSE,
    [
      url,
      '--quiet',
      '--output=json',
      `--output-path=${output}`,
      '--only-categories=accessibility,performance',
      '--throttling-method=provided',
      // The live pages keep a stream open: the network never goes quiet.
      '--max-wait-for-load=20000',
      `--chrome-flags=${CHROME_FLAGS}`,
      ...(preset === 'desktop' ? ['--preset=desktop'] : []),
    ],
    { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' } },
  );
  const report = JSON.parse(await readFile(output, 'utf8')) as Report;
  const failing = report.categories.accessibility.auditRefs
    .filter((ref) => ref.weight > 0 && (report.audits[ref.id]?.score ?? 1) < 1)
    .map((ref) => ref.id);
  return {
    accessibility: Math.round(report.categories.accessibility.score * 100),
    cls: report.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
    failing,
  };
};

const only = process.argv.slice(2);
const pages = DEMO_PAGES.filter((page) => only.length === 0 || only.includes(page.name));
const server = await startDemoServer();
const dir = await mkdtemp(join(tmpdir(), 'call-ribbon-lighthouse-'));
let missed = 0;
try {
  console.log('page                          preset   a11y   CLS     failing accessibility audits');
  for (const page of pages) {
    for (const preset of ['mobile', 'desktop'] as const) {
      const result = await audit(`${server.url}${page.path}`, preset, dir);
      const ok = result.accessibility === 100 && result.cls < 0.1;
      if (!ok) missed += 1;
      console.log(
        [
          page.name.padEnd(29),
          preset.padEnd(8),
          String(result.accessibility).padEnd(6),
          result.cls.toFixed(3).padEnd(7),
          result.failing.join(', ') || '-',
        ].join(' '),
      );
    }
  }
} finally {
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
if (missed > 0) {
  console.error(`${missed} page runs missed accessibility 100 or CLS < 0.1`);
  process.exitCode = 1;
}
