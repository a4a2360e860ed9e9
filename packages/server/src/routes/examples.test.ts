import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createApp } from '../app.ts';
import { freshTestEngine } from '../test-support/tenants.ts';

const app = createApp({ engine: await freshTestEngine() });

test('/ is the landing page, linking every example, the docs and the OpenAPI document', async () => {
  const response = await app.request('/');
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await response.text();
  for (const href of [
    '/examples/crm/',
    '/examples/collections/',
    '/examples/dashboards/',
    '/examples/analytics/',
    '/docs',
    '/openapi.json',
  ]) {
    assert.ok(html.includes(`href="${href}"`), `links ${href}`);
  }
});

test('serves example files with their content types', async () => {
  const cases: [string, RegExp][] = [
    ['/examples/crm/', /^text\/html/],
    ['/examples/dashboards/static-sales-dashboard.html', /^text\/html/],
    ['/examples/shared/api.js', /^text\/javascript/],
    ['/examples/shared/styles.css', /^text\/css/],
    ['/examples/shared/favicon.svg', /^image\/svg\+xml/],
  ];
  for (const [path, type] of cases) {
    const response = await app.request(path);
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get('content-type') ?? '', type, path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  }
});

test('a folder named without its slash is redirected to it, so its relative links work', async () => {
  const response = await app.request('/examples/analytics');
  assert.equal(response.status, 301);
  assert.equal(response.headers.get('location'), '/examples/analytics/');
});

test('serves Chart.js from node_modules at /vendor/chart.umd.js, nothing else there', async () => {
  const response = await app.request('/vendor/chart.umd.js');
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(await response.text(), /Chart\.js v4\./);
  const other = await app.request('/vendor/package.json');
  assert.equal(other.status, 404);
  assert.equal(((await other.json()) as { error: boolean }).error, true);
});

test('serves Swagger UI from node_modules at /vendor/swagger-ui/, only the files /docs loads', async () => {
  const script = await app.request('/vendor/swagger-ui/swagger-ui-bundle.js');
  assert.equal(script.status, 200);
  assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(await script.text(), /SwaggerUIBundle/);
  const styles = await app.request('/vendor/swagger-ui/swagger-ui.css');
  assert.equal(styles.status, 200);
  assert.match(styles.headers.get('content-type') ?? '', /^text\/css/);
  for (const path of ['/vendor/swagger-ui/package.json', '/vendor/swagger-ui/index.html']) {
    assert.equal((await app.request(path)).status, 404, path);
  }
});

test('revalidates with Last-Modified', async () => {
  const first = await app.request('/examples/shared/api.js');
  const lastModified = first.headers.get('last-modified');
  assert.ok(lastModified);
  const again = await app.request('/examples/shared/api.js', {
    headers: { 'if-modified-since': lastModified },
  });
  assert.equal(again.status, 304);
});

test('refuses path traversal, hidden files, node_modules, sources and package files', async () => {
  const refused: [string, number][] = [
    ['/examples/..%2fpackage.json', 400],
    ['/examples/..%2F..%2Fpackage.json', 400],
    ['/examples/shared/..%5c..%5cpackage.json', 400],
    ['/examples/%2e%2e/%2e%2e/package.json', 404],
    ['/examples/%E0%A4%A', 400],
    ['/examples/e2e/package.json', 404],
    ['/examples/e2e/src/pages.test.ts', 404],
    ['/examples/e2e/node_modules/playwright-core/package.json', 404],
    ['/examples/.git/config', 404],
    ['/examples/shared/missing.js', 404],
  ];
  for (const [path, status] of refused) {
    const response = await app.request(path);
    assert.equal(response.status, status, path);
    const body = (await response.json()) as { error: boolean; code: number };
    assert.equal(body.error, true, path);
    assert.equal(body.code, status, path);
  }
});
