// Browser tests in real Chromium. `/api`, `/sdk` and `/health` go to the real reference server
// (createApp on a temporary SQLite file); `/__test/*` lets a test inject faults in front of it
// and read what the server answered to each log-call request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  createApp,
  FakeExotel,
  openDatabase,
  readConfig,
  saveTelephonySettings,
  seedDemoTenant,
  sqliteEngine,
  startServer,
} from '@call-ribbon/server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { bundleExotelSdks } from './scripts/exotel-sdks.ts';

export const TEST_API_KEY = 'browser-test-key';

const dir = mkdtempSync(join(tmpdir(), 'ribbon-wtr-'));
const engine = sqliteEngine(openDatabase(join(dir, 'server.sqlite')));
await seedDemoTenant(engine.stores, { apiKey: TEST_API_KEY, now: new Date() });
// A fake Exotel in this process: the server places calls with it, and `/__fake-exotel/*` lets a
// browser test play the phones (agent answers, customer answers, hang-up) and post callbacks.
const exotelAccount = { accountSid: 'ribbon-e2e', apiKey: 'exo-key', apiToken: 'exo-token' };
let app;
const fakeExotel = new FakeExotel({
  account: exotelAccount,
  deliver: async (url, init) => app.request(url, init),
});
app = createApp({
  engine,
  // The fake delivers callbacks with app.request, so any address serves; the key seals credentials.
  publicUrl: 'http://ribbon.test',
  secretsKey: 'c3'.repeat(32),
  exotel: {
    baseUrl: 'http://fake.exotel',
    fetch: async (input, init) => fakeExotel.app.request(String(input), init),
  },
});
// A tenant of its own, so the demo tenant of the other tests keeps the simulator.
export const EXOTEL_API_KEY = 'browser-exotel-key';
const { tenant: exotelTenant } = await engine.stores.tenants.create(
  { name: 'Exotel E2E', apiKey: EXOTEL_API_KEY },
  new Date(),
);
const { callbackSecret: exotelSecret } = await saveTelephonySettings(
  app.deps.telephony,
  exotelTenant.id,
  {
    provider: 'exotel',
    ...exotelAccount,
    host: 'api.exotel.com',
    callerId: '08047112233',
    agents: { 'agent-e2e': { phone: '+919812345678' } },
    record: true,
  },
  new Date(),
);
// A second real server on a port of its own, whose only tenant allows another origin: to it,
// the test page is a stranger (a real cross-origin refusal). And an address nothing answers on.
const strictDatabase = join(dir, 'strict.sqlite');
const strictEngine = sqliteEngine(openDatabase(strictDatabase));
const STRICT_API_KEY = 'strict-origin-key';
await strictEngine.stores.tenants.create(
  { name: 'Strict CRM', apiKey: STRICT_API_KEY, allowedOrigins: ['https://crm.example'] },
  new Date(),
);
await strictEngine.close();
const strictServer = await startServer({
  ...readConfig({}),
  port: 0,
  databasePath: strictDatabase,
  seedDemo: false,
});
const unreachableUrl = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(`http://127.0.0.1:${port}`));
  });
});
process.once('exit', () => void strictServer.close());

/** Open live streams, so a test can cut them as a network loss would. */
const openStreams = new Set();
process.once('exit', () => {
  void engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'));
/** Exotel's real browser SDKs as one ES module, bundled on first request (a query string gives a fresh instance). */
let exotelSdks;

/** One-shot faults for the next matching requests: `{ path, status, headers }` or `{ path, network: true }`. */
let faults = [];
/** What the real server answered to each log-call request that reached it. */
let received = [];

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const json = (ctx, status, body) => {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
};

const testControl = async (ctx) => {
  if (ctx.path === '/__test/axe.js') {
    ctx.type = 'text/javascript';
    ctx.body = axeSource;
    return;
  }
  if (ctx.path === '/__test/exotel-sdks.js') {
    exotelSdks ??= bundleExotelSdks().catch((error) => {
      exotelSdks = undefined; // the next request tries again
      throw error;
    });
    ctx.type = 'text/javascript';
    ctx.body = await exotelSdks;
    return;
  }
  if (ctx.path === '/__test/faults' && ctx.method === 'POST') {
    faults.push(...JSON.parse((await readBody(ctx.req)).toString('utf8')));
    return json(ctx, 200, { queued: faults.length });
  }
  if (ctx.path === '/__test/reset' && ctx.method === 'POST') {
    faults = [];
    received = [];
    return json(ctx, 200, { ok: true });
  }
  if (ctx.path === '/__test/received') return json(ctx, 200, received);
  if (ctx.path === '/__test/other-servers') {
    return json(ctx, 200, { strict: { url: strictServer.url, apiKey: STRICT_API_KEY }, unreachableUrl });
  }
  const flow = /^\/__test\/exotel-flow\/(passthru|dial-whom)$/.exec(ctx.path);
  if (flow && ctx.method === 'POST') {
    // Exotel's call flow (Passthru, Connect's Dial whom) asking the Exotel tenant's URL: a GET with its query parameters.
    const query = new URLSearchParams(JSON.parse((await readBody(ctx.req)).toString('utf8')));
    const response = await app.request(`/api/webhooks/exotel/${exotelSecret}/${flow[1]}?${query}`);
    return json(ctx, 200, { status: response.status, body: await response.text() });
  }
  if (ctx.path === '/__test/cut-streams' && ctx.method === 'POST') {
    const count = openStreams.size;
    for (const socket of openStreams) socket.destroy();
    openStreams.clear();
    return json(ctx, 200, { cut: count });
  }
  return json(ctx, 404, { error: true, message: 'unknown test route', code: 404 });
};

/** `/__fake-exotel/<action>` with `{ sid, ... }`: what happens on the phones, and which callbacks Exotel sends. */
const fakeExotelControl = async (ctx) => {
  const action = ctx.path.slice('/__fake-exotel/'.length);
  if (action === 'calls') return json(ctx, 200, { sids: fakeExotel.callSids, requests: fakeExotel.requests });
  const body = JSON.parse((await readBody(ctx.req)).toString('utf8') || '{}');
  if (action === 'answer-agent') fakeExotel.answerAgent(body.sid);
  else if (action === 'answer-customer') fakeExotel.answerCustomer(body.sid);
  else if (action === 'end') fakeExotel.end(body.sid, { status: body.status, talkSeconds: body.talkSeconds });
  else if (action === 'callback') {
    const options = body.contentType ? { contentType: body.contentType } : {};
    const response = await fakeExotel.sendCallback(body.sid, body.kind, options);
    return json(ctx, 200, {
      status: response?.status ?? null,
      answer: response ? await response.json() : null,
    });
  } else return json(ctx, 404, { error: true, message: 'unknown fake Exotel action', code: 404 });
  return json(ctx, 200, { ok: true });
};

const realServer = async (ctx, next) => {
  if (ctx.path.startsWith('/__test/')) return testControl(ctx);
  if (ctx.path.startsWith('/__fake-exotel/')) return fakeExotelControl(ctx);
  if (!/^\/(api|sdk)\/|^\/health$/.test(ctx.path)) return next();
  const index = faults.findIndex((fault) => ctx.path === fault.path);
  if (index >= 0) {
    const [fault] = faults.splice(index, 1);
    if (fault.network) {
      // The connection drops: the browser's fetch rejects as it does when the network is gone.
      ctx.req.socket.destroy();
      ctx.respond = false;
      return;
    }
    ctx.status = fault.status;
    ctx.set(fault.headers ?? {});
    return json(ctx, fault.status, { error: true, message: `injected ${fault.status}`, code: fault.status });
  }
  const body = ['GET', 'HEAD'].includes(ctx.method) ? undefined : await readBody(ctx.req);
  const headers = new Headers();
  for (const [key, value] of Object.entries(ctx.headers)) {
    if (typeof value === 'string') headers.set(key, value);
  }
  const response = await app.fetch(
    new Request(new URL(ctx.url, `http://${ctx.host}`), { method: ctx.method, headers, body }),
  );
  if (response.headers.get('content-type')?.startsWith('text/event-stream') && response.body) {
    // Server-sent events: pass the stream through as it comes, and let a test cut it.
    const socket = ctx.req.socket;
    openStreams.add(socket);
    socket.once('close', () => openStreams.delete(socket));
    ctx.status = response.status;
    for (const [key, value] of response.headers) ctx.set(key, value);
    ctx.body = Readable.fromWeb(response.body);
    return;
  }
  const payload = Buffer.from(await response.arrayBuffer());
  if (ctx.path === '/api/ribbon/log-call' && ctx.method === 'POST') {
    const sent = JSON.parse(body.toString('utf8'));
    received.push({
      status: response.status,
      contentType: ctx.headers['content-type'] ?? null,
      eventIds: (sent.events ?? [sent]).map((event) => event.eventId),
      answer: response.ok ? JSON.parse(payload.toString('utf8')) : null,
    });
  }
  ctx.status = response.status;
  response.headers.forEach((value, key) => {
    if (key !== 'content-length' && key !== 'content-encoding') ctx.set(key, value);
  });
  ctx.body = payload;
};

/** How Exotel's SDKs start their console lines (sipjsphone, SIP.js through it, the web client, the CRM SDK). */
const EXOTEL_SDK_LOG =
  /^(sipjsphone|webrtcSIPPhone|delegationHandler|synchronousHandler|ExWebClient|CallListener|Call:|Call answered|call ended|Hold toggle|hold clicked|unhold clicked|trying to send dtmf|fetchPublicIP|iceCandidate|all done|LogManager|\[crm-websdk\]|_EncSipSecret|SessionCallback|Session callback is null)/;

/** The sources read their version from package.json: served to the browser as a module. */
const packageJsonAsModule = {
  name: 'package-json-as-module',
  resolveMimeType: (context) => (context.path.endsWith('/package.json') ? 'js' : undefined),
  transform: (context) =>
    context.path.endsWith('/package.json') ? { body: `export default ${context.body};` } : undefined,
};

export default {
  files: ['src/**/*.browser.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  concurrency: 1,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 10_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        // Fake microphone and an auto-granted permission prompt, so getUserMedia works headless.
        args: [
          '--no-sandbox',
          '--disable-dev-shm-usage',
          '--use-fake-device-for-media-stream',
          '--use-fake-ui-for-media-stream',
        ],
      },
    }),
  ],
  // Exotel's SDKs log every SIP message and state change; their console is noise here (the
  // stand-in's own log, `network.sip`, is what the tests read).
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && EXOTEL_SDK_LOG.test(args[0])),
  middleware: [realServer],
  plugins: [packageJsonAsModule, esbuildPlugin({ ts: true, target: 'es2022' })],
};
