// Baseline: node:http reading the body and parsing the same JSON; nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events?: unknown[] };
    const accepted = Array.isArray(body.events) ? body.events.length : 1;
    const text = JSON.stringify({ accepted, duplicates: 0, rejected: [] });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`bare node:http on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
