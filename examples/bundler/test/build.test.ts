import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { buildApp, DIST } from '../build.ts';

const inputs = await buildApp();

test('the bundle holds the ribbon from the workspace package, and never zod', () => {
  assert.ok(
    inputs.some((path) => path.includes('packages/ribbon/src/facade.ts')),
    'the facade is bundled',
  );
  assert.ok(
    inputs.some((path) => path.includes('node_modules/.pnpm/lit')),
    'Lit is bundled',
  );
  assert.deepEqual(
    inputs.filter((path) => /node_modules\/(\.pnpm\/)?zod/.test(path)),
    [],
    'contract types only: no zod in the browser',
  );
});

test('dist/main.js is a minified ES module that defines <exotel-call-ribbon>', async () => {
  const code = await readFile(`${DIST}main.js`, 'utf8');
  assert.match(code, /exotel-call-ribbon/);
  assert.match(code, /customElements\.define/);
  assert.doesNotMatch(code, /^\s*(import|require)\b/m, 'everything is bundled in');
  const gzipped = gzipSync(code).length;
  assert.ok(gzipped < 40_000, `the app is ${gzipped} bytes gzipped`);
  assert.ok((await stat(`${DIST}main.js.map`)).size > 0, 'with a source map');
});

test('dist/index.html loads the bundle', async () => {
  const html = await readFile(`${DIST}index.html`, 'utf8');
  assert.match(html, /<script type="module" src="\.\/main\.js"><\/script>/);
});
