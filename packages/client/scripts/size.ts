// `pnpm --filter @call-ribbon/client size`: min+gzip bytes of the client's own code (ky and
// the contract's types excluded), next to ky's own min+gzip size for scale.
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

const minGzip = async (options: { stdin?: string; entry?: string; external?: string[] }) => {
  const result = await build({
    ...(options.entry ? { entryPoints: [options.entry] } : {}),
    ...(options.stdin
      ? { stdin: { contents: options.stdin, resolveDir: fileURLToPath(new URL('..', import.meta.url)) } }
      : {}),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: options.external ?? [],
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { minified: code.byteLength, gzipped: gzipSync(code, { level: 9 }).byteLength };
};

/** Sizes in bytes of the client (ky external) and of ky itself, both minified and gzipped. */
export const measureSize = async () => ({
  client: await minGzip({ entry, external: ['ky', 'eventsource-parser'] }),
  ky: await minGzip({ stdin: "export { default } from 'ky';" }),
});

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { client, ky } = await measureSize();
  console.log(
    `@call-ribbon/client: ${client.minified} bytes minified, ${client.gzipped} bytes min+gzip (ky external)`,
  );
  console.log(`ky (for scale):      ${ky.minified} bytes minified, ${ky.gzipped} bytes min+gzip`);
}
