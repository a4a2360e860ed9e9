// Baseline: the same server stack as ours (@hono/node-server) with a log-call handler that
// only parses the JSON and answers; no validation, no database.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono().post('/api/ribbon/log-call', async (c) => {
  const body = (await c.req.json()) as { events?: unknown[] };
  const accepted = Array.isArray(body.events) ? body.events.length : 1;
  return c.json({ accepted, duplicates: 0, rejected: [] });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  console.log(`bare hono on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
