// Load generator, run as its own process: POSTs log-call bodies with unique event ids over
// keep-alive connections at a fixed concurrency, for a bounded time and request count.
// Prints one JSON line: { requests, events, failures, seconds }.
import { Agent, request } from 'node:http';

const [url, apiKey, mode, concurrencyArg, msArg, prefix] = process.argv.slice(2);
const concurrency = Number(concurrencyArg);
const durationMs = Number(msArg);
const perRequest = mode === 'batch' ? 100 : 1;
const maxRequests = mode === 'batch' ? 20_000 : 500_000;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL('/api/ribbon/log-call', url);

const EVENTS = ['dialing', 'connected', 'callEnded'] as const;
let sequence = 0;
/** The next event of a stream of 3-event calls, each with a unique id. */
const nextEvent = () => {
  const n = sequence++;
  const call = Math.floor(n / 3);
  const step = n % 3;
  const ms = Date.UTC(2025, 10, 1) + call * 7_000 + step * 20_000;
  return {
    eventId: `${prefix}-${n}`,
    event: EVENTS[step],
    callId: `${prefix}-call-${call}`,
    timestamp: new Date(ms).toISOString(),
    direction: 'outbound',
    phoneNumber: '+919876543210',
    customerData: { customerId: `CUST${call % 5000}`, name: 'Rajesh Kumar' },
    agentId: `agent-${call % 20}`,
    ...(step === 2 && { duration: 40 }),
  };
};
const nextBody = () =>
  JSON.stringify(perRequest === 1 ? nextEvent() : { events: Array.from({ length: perRequest }, nextEvent) });

const post = (body: string) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'X-API-Key': apiKey!,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return resolve(-1);
          resolve((JSON.parse(text) as { accepted: number }).accepted);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });

let requests = 0;
let events = 0;
let failures = 0;
const started = performance.now();
const deadline = started + durationMs;
const worker = async () => {
  while (performance.now() < deadline && requests < maxRequests) {
    requests++;
    const accepted = await post(nextBody());
    if (accepted < 0) failures++;
    else events += accepted;
  }
};
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
console.log(JSON.stringify({ requests, events, failures, seconds }));
