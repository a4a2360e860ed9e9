import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const bundle = async (entry: string) => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
};

// Zod 4 keeps its internals under `_zod` and names its errors in strings that survive minifying.
const zodMarkers = /_zod|ZodError|\$ZodType/;

describe('browser bundle', () => {
  it('the client bundled for the browser, ky included, contains no zod', async () => {
    const code = await bundle('./index.ts');
    assert.ok(code.includes('/api/ribbon/call-logs'), 'the bundle is the client');
    assert.doesNotMatch(code, zodMarkers);
  });

  it('the check finds zod where it is (the contract bundled with its schemas)', async () => {
    const code = await bundle('../node_modules/@call-ribbon/contract/src/index.ts');
    assert.match(code, zodMarkers);
  });
});
