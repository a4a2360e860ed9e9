// Call logs: page 2,000 against page 1 of a filtered listing (outbound calls, 50 a page),
// over HTTP; deep pages must not cost much more than the first.
import type { Figure } from './figure.ts';
import { BENCH_KEY, callsDatabase } from './support/bench-db.ts';
import { getOk, percentile, timeRuns } from './support/http.ts';
import { startCallRibbonServer } from './support/server.ts';
import { LARGE_CALLS, label, SMALL_CALLS } from './support/sizes.ts';

const FILTER = 'callDirection=outbound&pageSize=50';

export const run = async (): Promise<Figure[]> => {
  const figures: Figure[] = [];
  for (const size of [SMALL_CALLS, LARGE_CALLS]) {
    const server = await startCallRibbonServer((await callsDatabase(size)).path);
    try {
      const p50 = async (page: number) => {
        const url = `${server.url}/api/ribbon/call-logs?${FILTER}&page=${page}`;
        const body = JSON.parse(await getOk(url, { 'X-API-Key': BENCH_KEY })) as { logs: unknown[] };
        if (body.logs.length !== 50) throw new Error(`call-logs page ${page}: ${body.logs.length} rows`);
        return percentile(
          await timeRuns(() => getOk(url, { 'X-API-Key': BENCH_KEY }), { runs: 200, budgetMs: 3000 }),
          50,
        );
      };
      const first = await p50(1);
      const deep = await p50(2000);
      process.stdout.write(
        `  ${label(size)}: page 1 ${first.toFixed(2)} ms, page 2000 ${deep.toFixed(2)} ms\n`,
      );
      figures.push({
        name: `call logs: ${label(size)} calls, outbound, page 2000 p50`,
        value: deep,
        unit: 'ms',
        baseline: { name: 'page 1 p50', value: first },
        target: '<= 1.5x',
      });
    } finally {
      await server.stop();
    }
  }
  return figures;
};
