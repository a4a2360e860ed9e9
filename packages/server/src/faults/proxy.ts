// A fault-injecting HTTP proxy for the fault tests: each request gets the fault the test's
// schedule names for it, and the proxy tracks what it still forwards after the client left.
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * - `pass`: forward, return the server's answer.
 * - `refuse`: answer 503 without forwarding.
 * - `lose-answer`: forward (the server stores the batch), but answer the client 503.
 * - `slow`: hold the request until the client gives up, then forward it anyway.
 */
export type Fault = 'pass' | 'refuse' | 'lose-answer' | 'slow';

export const faultProxy = async (target: string, schedule: (n: number) => Fault) => {
  const forwarded = new Set<Promise<void>>();
  let requests = 0;
  const counts: Record<Fault, number> = { pass: 0, refuse: 0, 'lose-answer': 0, slow: 0 };
  /** Fires when a request body has fully arrived, before it is forwarded. */
  const received: ((n: number) => void)[] = [];

  const forward = (req: IncomingMessage, body: Buffer) => {
    const done = new Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }>(
      (resolve, reject) => {
        const upstream = request(
          new URL(req.url!, target),
          {
            method: req.method,
            headers: { ...req.headers, host: new URL(target).host, connection: 'close' },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        upstream.on('error', reject);
        upstream.end(body);
      },
    );
    const tracked = done.then(() => undefined);
    forwarded.add(tracked);
    void tracked.finally(() => forwarded.delete(tracked));
    return done;
  };

  const unavailable = (res: ServerResponse) => {
    res.writeHead(503, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: true, message: 'Service Unavailable (injected)', code: 503 }));
  };

  const server = createServer((req, res) => {
    const n = requests++;
    const fault = schedule(n);
    counts[fault]++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      for (const listener of received) listener(n);
      if (fault === 'refuse') return unavailable(res);
      if (fault === 'slow') {
        // The client times out and aborts; only then does the batch reach the server.
        const late = new Promise<void>((resolve) => {
          res.once('close', () => {
            forward(req, body).then(
              () => resolve(),
              () => resolve(),
            );
          });
        });
        forwarded.add(late);
        void late.finally(() => forwarded.delete(late));
        return;
      }
      try {
        const answer = await forward(req, body);
        if (fault === 'lose-answer') return unavailable(res);
        res.writeHead(answer.status, {
          'content-type': answer.headers['content-type'] ?? 'application/json',
        });
        res.end(answer.body);
      } catch {
        unavailable(res);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    onReceived: (listener: (n: number) => void) => received.push(listener),
    /** Waits until every request the proxy forwarded has been answered by the server. */
    drain: async () => {
      while (forwarded.size > 0) await Promise.all([...forwarded]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
