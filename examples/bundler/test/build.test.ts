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
  // Everything is bundled in: the only imports are of the app's own chunks.
  const imports = [...code.matchAll(/(?:import|from)\s*\(?\s*"([^"]+)"/g)].map((match) => match[1]);
  assert.ok(imports.length > 0 && imports.every((path) => path!.startsWith('./chunks/')), imports.join(', '));
  // What the page loads before the bar renders: main.js and the chunks it imports statically.
  const statics = [...code.matchAll(/from\s*"(\.\/chunks\/[^"]+)"/g)].map((match) => match[1]!);
  const loaded = [code, ...(await Promise.all(statics.map((path) => readFile(`${DIST}${path}`, 'utf8'))))];
  const gzipped = loaded.reduce((sum, text) => sum + gzipSync(text).length, 0);
  // A guard against a dependency bundled by mistake, not the size target (that is the
  // ribbon-size bench): 40,120 bytes with presence, missed calls and tab coordination.
  assert.ok(gzipped < 41_000, `the app is ${gzipped} bytes gzipped`);
  assert.ok((await stat(`${DIST}main.js.map`)).size > 0, 'with a source map');
});

test('dist/index.html loads the bundle', async () => {
  const html = await readFile(`${DIST}index.html`, 'utf8');
  assert.match(html, /<script type="module" src="\.\/main\.js"><\/script>/);
});
