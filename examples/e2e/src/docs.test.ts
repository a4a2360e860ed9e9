import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { currentReference, OUTPUT } from '../../../packages/server/scripts/api-reference.ts';

const DOCS = new URL('../../../docs/', import.meta.url).pathname;

test('docs/api-reference.md is what /openapi.json says today', async () => {
  const committed = await readFile(OUTPUT, 'utf8');
  assert.ok(
    committed === (await currentReference()),
    'docs/api-reference.md is stale: run `pnpm --filter @call-ribbon/server docs:api`',
  );
});

test('every relative link and image of the docs points at a file that exists', async () => {
  const files = (await readdir(DOCS)).filter((name) => name.endsWith('.md'));
  const missing: string[] = [];
  for (const name of files) {
    const markdown = await readFile(join(DOCS, name), 'utf8');
    for (const [, target] of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!target || /^(https?:|mailto:|#)/.test(target)) continue;
      const path = resolve(dirname(join(DOCS, name)), decodeURIComponent(target.split('#')[0]!));
      if (!existsSync(path)) missing.push(`${name}: ${target}`);
    }
  }
  assert.deepEqual(missing, []);
});
