// Browser tests in real Chromium: `/api/*` and `/health` on the page's own origin go to the
// real reference server (createApp on an in-memory SQLite database), so no CORS and no mock.
import { Readable } from 'node:stream';
import { createApp, openDatabase, sqliteEngine } from '@call-ribbon/server';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const app = createApp({ engine: sqliteEngine(openDatabase(':memory:')) });
await app.deps.stores.tenants.create({ name: 'Browser CRM', apiKey: 'browser-client-key' }, new Date());

const readBody = (req) =>
  new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

const realServer = async (ctx, next) => {
  if (!/^\/api\/|^\/health$/.test(ctx.path)) return next();
  const body = ['GET', 'HEAD'].includes(ctx.method) ? undefined : await readBody(ctx.req);
  const headers = new Headers();
  for (const [key, value] of Object.entries(ctx.headers)) {
    if (typeof value === 'string') headers.set(key, value);
  }
  const response = await app.fetch(
    new Request(new URL(ctx.url, `http://${ctx.host}`), { method: ctx.method, headers, body }),
  );
  ctx.status = response.status;
  if (response.headers.get('content-type')?.startsWith('text/event-stream') && response.body) {
    // Server-sent events pass through as they come.
    for (const [key, value] of response.headers) ctx.set(key, value);
    ctx.body = Readable.fromWeb(response.body);
    return;
  }
  response.headers.forEach((value, key) => {
    if (key !== 'content-length' && key !== 'content-encoding') ctx.set(key, value);
  });
  ctx.body = Buffer.from(await response.arrayBuffer());
};

/** The sources read their version from package.json: served to the browser as a module. */
const packageJsonAsModule = {
  name: 'package-json-as-module',
  resolveMimeType: (context) => (context.path.endsWith('/package.json') ? 'js' : undefined),
  transform: (context) =>
    context.path.endsWith('/package.json') ? { body: `export default ${context.body};` } : undefined,
};

export default {
  files: ['src/**/*.browser-test.ts'],
  nodeResolve: { exportConditions: ['browser', 'production'] },
  testFramework: { config: { timeout: 10_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-dev-shm-usage'],
      },
    }),
  ],
  middleware: [realServer],
  plugins: [packageJsonAsModule, esbuildPlugin({ ts: true, target: 'es2022' })],
};
