// Bundles the React app the way a CRM's own build would: one ESM file, React and the ribbon inside.
import { build } from 'esbuild';

const here = (path: string) => new URL(path, import.meta.url).pathname;

/** The bundled app as an ES module's source text. */
export const buildApp = async (): Promise<string> => {
  const result = await build({
    entryPoints: [here('./src/main.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
};

if (import.meta.main) console.log(`examples/react: ${(await buildApp()).length} bytes`);
