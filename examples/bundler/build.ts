// Bundles the app the way a CRM's own build would: one ESM file with the ribbon inside.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const here = (path: string) => new URL(path, import.meta.url).pathname;
export const DIST = here('./dist/');

/** Builds dist/index.html, dist/main.js and its chunks; returns the bundle's input files. */
export const buildApp = async (): Promise<string[]> => {
  await mkdir(DIST, { recursive: true });
  const result = await build({
    entryPoints: [here('./src/main.ts')],
    outdir: DIST,
    // What an idle bar does not need (Floating UI, the Exotel providers) goes in chunks loaded on first use.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(here('./index.html'), `${DIST}index.html`);
  await writeFile(`${DIST}meta.json`, JSON.stringify(result.metafile));
  return Object.keys(result.metafile.inputs);
};

if (import.meta.main) {
  const inputs = await buildApp();
  console.log(`examples/bundler: dist/main.js from ${inputs.length} modules`);
}
