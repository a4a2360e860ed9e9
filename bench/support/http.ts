// Sequential requests over one keep-alive connection, for latency percentiles.
import { Agent, request } from 'node:http';

let agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** Drops idle connections: in-process work that blocks the event loop may outlast the server's keep-alive. */
export const freshConnection = () => {
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
};

/** GETs `url` and reads the whole body; resolves to [status, body]. */
export const get = (url: string, headers: Record<string, string> = {}): Promise<[number, string]> =>
  new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve([res.statusCode ?? 0, body]));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });

export const percentile = (samples: readonly number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

/** Times `work` `warmup` + up to `runs` times (stopping after `budgetMs`); returns the durations in ms. */
export const timeRuns = async (
  work: () => unknown,
  { runs = 50, warmup = 3, budgetMs = 4000 }: { runs?: number; warmup?: number; budgetMs?: number } = {},
): Promise<number[]> => {
  freshConnection();
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  const started = performance.now();
  while (samples.length < runs && (samples.length < 5 || performance.now() - started < budgetMs)) {
    const t = performance.now();
    await work();
    samples.push(performance.now() - t);
  }
  return samples;
};

/** `get` that fails loudly on a non-2xx, so a broken endpoint never looks fast. */
export const getOk = async (url: string, headers: Record<string, string> = {}): Promise<string> => {
  const [status, body] = await get(url, headers);
  if (status < 200 || status > 299) throw new Error(`GET ${url}: ${status} ${body.slice(0, 200)}`);
  return body;
};
