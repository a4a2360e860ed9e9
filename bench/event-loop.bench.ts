// The event loop under exports: /health latency while three exports of the 1M-call tenant
// stream at full speed to readers in their own processes, against /health on the same idle
// server. An export must yield between chunks, so other requests keep being answered.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Figure } from './figure.ts';
import { BENCH_KEY, callsDatabase } from './support/bench-db.ts';
import { getOk, percentile, timeRuns } from './support/http.ts';
import { startCallRibbonServer } from './support/server.ts';
import { label, SMALL_CALLS } from './support/sizes.ts';

const here = dirname(fileURLToPath(import.meta.url));
const EXPORTS = 3;

export const run = async (): Promise<Figure[]> => {
  const data = await callsDatabase(SMALL_CALLS);
  // Two exports per tenant at once is the server's limit: the bench raises it to load three.
  const server = await startCallRibbonServer(data.path, { MAX_EXPORTS_PER_TENANT: String(EXPORTS) });
  try {
    const health = `${server.url}/health`;
    const idle = await timeRuns(() => getOk(health), { runs: 400, budgetMs: 3000 });
    const exportUrl = `${server.url}/api/ribbon/export/calls?format=csv`;
    let running = EXPORTS;
    const downloads = Array.from({ length: EXPORTS }, () =>
      promisify(execFile)(
        process.execPath,
        [join(here, 'support/read-export.ts'), exportUrl, BENCH_KEY, '0'],
        {
          maxBuffer: 1024 * 1024,
        },
      ).finally(() => {
        running--;
      }),
    );
    const busy: number[] = [];
    // Sample /health while all three exports are still running.
    while (running === EXPORTS && busy.length < 5000) {
      const started = performance.now();
      await getOk(health);
      busy.push(performance.now() - started);
    }
    const results = await Promise.all(downloads);
    for (const { stdout } of results) {
      const { rows } = JSON.parse(stdout) as { rows: number };
      if (rows !== SMALL_CALLS) throw new Error(`an export of ${SMALL_CALLS} calls gave ${rows} rows`);
    }
    process.stdout.write(
      `  /health: idle p99 ${percentile(idle, 99).toFixed(2)} ms; during ${EXPORTS} exports ${busy.length} samples, p50 ${percentile(busy, 50).toFixed(2)} ms, p99 ${percentile(busy, 99).toFixed(2)} ms, max ${Math.max(...busy).toFixed(1)} ms\n`,
    );
    return [
      {
        name: `event loop: /health p99 during ${EXPORTS} exports of ${label(SMALL_CALLS)} calls`,
        value: percentile(busy, 99),
        unit: 'ms',
        baseline: { name: 'idle /health p99', value: percentile(idle, 99) },
        target: '<= 100 ms',
      },
    ];
  } finally {
    await server.stop();
  }
};
