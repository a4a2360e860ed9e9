import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Hono } from 'hono';
import { createApp } from '../app.ts';
import { errorBody, HttpError } from '../http/errors.ts';
import { freshTestEngine } from '../test-support/tenants.ts';
import { sdkRoutes } from './sdk.ts';

const dir = mkdtempSync(join(tmpdir(), 'sdk-route-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const appFor = (file: string) => {
  const app = new Hono();
  app.route('/', sdkRoutes({ file }));
  app.onError((error, c) =>
    error instanceof HttpError
      ? c.json(errorBody(error.status, error.message), error.status)
      : c.text('bug', 500),
  );
  return app;
};

test('serves the bundle as JavaScript, cacheable, to any origin, with ETag revalidation', async () => {
  const file = join(dir, 'exotel-call-ribbon.js');
  writeFileSync(file, '(()=>{window.ExotelCallRibbon=1})();');
  const app = appFor(file);
  const response = await app.request('/sdk/exotel-call-ribbon.js', {
    headers: { origin: 'https://crm.example' },
  });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(response.headers.get('cache-control') ?? '', /max-age=\d+/);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  assert.equal(await response.text(), '(()=>{window.ExotelCallRibbon=1})();');
  const etag = response.headers.get('etag');
  assert.ok(etag);
  const again = await app.request('/sdk/exotel-call-ribbon.js', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('serves the Exotel script (next to the main one) and both source maps with the same headers', async () => {
  const sub = mkdtempSync(join(dir, 'cdn-'));
  const file = join(sub, 'exotel-call-ribbon.js');
  const exotel = join(sub, 'exotel-call-ribbon-exotel.js');
  writeFileSync(file, 'main');
  writeFileSync(`${file}.map`, '{"version":3,"main":1}');
  writeFileSync(exotel, '(()=>{window.ExotelCallRibbon._exotel={}})();');
  writeFileSync(`${exotel}.map`, '{"version":3,"exotel":1}');
  const app = appFor(file);
  const expected = {
    'exotel-call-ribbon-exotel.js': ['(()=>{window.ExotelCallRibbon._exotel={}})();', /^text\/javascript/],
    'exotel-call-ribbon-exotel.js.map': ['{"version":3,"exotel":1}', /^application\/json/],
    'exotel-call-ribbon.js.map': ['{"version":3,"main":1}', /^application\/json/],
  } as const;
  for (const [name, [body, type]] of Object.entries(expected)) {
    const response = await app.request(`/sdk/${name}`, { headers: { origin: 'https://crm.example' } });
    assert.equal(response.status, 200, name);
    assert.match(response.headers.get('content-type') ?? '', type, name);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300, stale-while-revalidate=86400');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await response.text(), body, name);
    const etag = response.headers.get('etag');
    assert.ok(etag);
    assert.equal((await app.request(`/sdk/${name}`, { headers: { 'if-none-match': etag } })).status, 304);
  }
  // The two scripts are told apart: each has its own ETag.
  const etags = await Promise.all(
    ['exotel-call-ribbon.js', 'exotel-call-ribbon-exotel.js'].map(async (name) =>
      (await app.request(`/sdk/${name}`)).headers.get('etag'),
    ),
  );
  assert.notEqual(etags[0], etags[1]);
});

test('the Exotel script can live elsewhere; missing, it is a 503 error body', async () => {
  const file = join(dir, 'main-only.js');
  writeFileSync(file, 'main');
  const missing = await appFor(file).request('/sdk/exotel-call-ribbon-exotel.js');
  assert.equal(missing.status, 503);
  assert.deepEqual(Object.keys((await missing.json()) as object).sort(), ['code', 'error', 'message']);
  const elsewhere = join(dir, 'providers.js');
  writeFileSync(elsewhere, 'providers');
  const app = new Hono();
  app.route('/', sdkRoutes({ file, exotelFile: elsewhere }));
  assert.equal(await (await app.request('/sdk/exotel-call-ribbon-exotel.js')).text(), 'providers');
});

test('a rebuilt bundle is served fresh', async () => {
  const file = join(dir, 'rebuilt.js');
  writeFileSync(file, 'one');
  const app = appFor(file);
  assert.equal(await (await app.request('/sdk/exotel-call-ribbon.js')).text(), 'one');
  writeFileSync(file, 'two, longer');
  assert.equal(await (await app.request('/sdk/exotel-call-ribbon.js')).text(), 'two, longer');
});

test('a missing bundle or an unknown file is an error body, not a crash', async () => {
  const app = appFor(join(dir, 'missing.js'));
  const missing = await app.request('/sdk/exotel-call-ribbon.js');
  assert.equal(missing.status, 503);
  assert.deepEqual(Object.keys((await missing.json()) as object).sort(), ['code', 'error', 'message']);
  const unknown = await app.request('/sdk/..%2Fpackage.json');
  assert.equal(unknown.status, 404);
});

test('the app mounts the route with CORS open to any origin', async () => {
  const app = createApp({ engine: await freshTestEngine() });
  const response = await app.request('/sdk/exotel-call-ribbon.js', {
    headers: { origin: 'https://crm.example' },
  });
  assert.ok([200, 503].includes(response.status), `got ${response.status}`);
  assert.ok(response.headers.get('access-control-allow-origin'));
  if (response.status === 200) assert.match(response.headers.get('content-type') ?? '', /javascript/);
});
