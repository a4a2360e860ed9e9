// Builds the script-tag bundles with rollup: the main IIFE (everything but the Exotel providers
// and Floating UI, never zod), the Exotel providers' IIFE, which the main one injects when init
// picks Exotel, and Floating UI as an ES module, which it imports when a popover first opens.
import minifyHtmlLiterals from '@lit-labs/rollup-plugin-minify-html-literals';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { type OutputChunk, type Plugin, rollup } from 'rollup';
import { minifyCss } from './minify-css.ts';

const path = (relative: string): string => new URL(relative, import.meta.url).pathname;

export const CDN_FILE = path('../dist/cdn/exotel-call-ribbon.js');
export const EXOTEL_CDN_FILE = path('../dist/cdn/exotel-call-ribbon-exotel.js');
export const POPOVER_CDN_FILE = path('../dist/cdn/exotel-call-ribbon-popover.js');
export const HINDI_CDN_FILE = path('../dist/cdn/exotel-call-ribbon-hi.js');
const ENTRY = path('../src/cdn.ts');
const EXOTEL_ENTRY = path('../src/cdn-exotel.ts');
const POPOVER_ENTRY = path('../src/cdn-popover.ts');
const HINDI_ENTRY = path('../src/i18n-cdn-hi.ts');
const SCRIPT_LOADER = path('../src/telephony/load-exotel-script.ts');
const FLOATING_LOADER = path('../src/controllers/load-floating-script.js');
const STRINGS_LOADER = path('../src/i18n-load-script.js');
const STREAM_FROM_EXOTEL = path('../src/telephony/stream-from-exotel.js');
/** The client's live stream, which the main script takes from the Exotel script. */
const CLIENT_STREAM = /packages\/client\/src\/stream\.ts$/;
const SOURCE_DIR = path('../src/');
// A JavaScript path in src/: relative imports resolve from there, and it is not TypeScript's to compile.
const INLINE_ENTRY = `${SOURCE_DIR}inline-entry.js`;

/** Modules that belong to the Exotel script only. */
export const EXOTEL_ONLY = /src\/telephony\/(exotel|exotel-provider|exotel-webrtc-provider)\.ts$/;

/** The main script loads the Exotel providers by injecting their script, not by `import()`. */
const exotelScriptLoader = (): Plugin => ({
  name: 'exotel-script-loader',
  resolveId: (source) => (/\/load-exotel\.[jt]s$/.test(source) ? SCRIPT_LOADER : null),
});

/** The main script imports Floating UI from its own file on first use, not from a chunk. */
const floatingScriptLoader = (): Plugin => ({
  name: 'floating-script-loader',
  resolveId: (source) => (/\/load-floating\.[jt]s$/.test(source) ? FLOATING_LOADER : null),
});

/** The main script imports a language's strings from that language's file on first use. */
const stringsScriptLoader = (): Plugin => ({
  name: 'strings-script-loader',
  resolveId: (source) => (/\/i18n-load\.[jt]s$/.test(source) ? STRINGS_LOADER : null),
});

/** The client's live stream (and eventsource-parser) stays out of the main script. */
const streamFromExotelScript = (): Plugin => ({
  name: 'stream-from-exotel-script',
  resolveId: (source, importer) =>
    /\/stream\.[jt]s$/.test(source) && importer && /packages\/client\/src\/client\.ts$/.test(importer)
      ? STREAM_FROM_EXOTEL
      : null,
});

/** An entry module given as source text (size figures of the dependencies alone). */
const inlineEntry = (source: string): Plugin => ({
  name: 'inline-entry',
  resolveId: (id) => (id === INLINE_ENTRY ? id : null),
  load: (id) => (id === INLINE_ENTRY ? source : null),
});

const plugins = (sourceMap: boolean): Plugin[] => [
  json({ preferConst: true }),
  nodeResolve({ browser: true, rootDir: path('..') }),
  // Types are checked by `pnpm typecheck`; the bundle only needs them stripped.
  typescript({
    tsconfig: path('../tsconfig.build.json'),
    module: 'NodeNext',
    declaration: false,
    declarationMap: false,
    sourceMap,
    inlineSources: sourceMap,
    noCheck: true,
    // The workspace's client and contract are TypeScript sources too.
    include: [`${SOURCE_DIR}**/*.ts`, path('../../client/src/**/*.ts'), path('../../contract/src/**/*.ts')],
    rootDir: path('../..'),
    outDir: path('../dist/cdn'),
  }),
];

const minify = (): Plugin => terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } });

type Built = { code: Uint8Array; map: string | null; inputs: string[] };

const bundle = async (
  input: string,
  extra: Plugin[],
  options: { sourcemap?: boolean; sourcemapFile?: string; format?: 'iife' | 'es' } = {},
): Promise<Built> => {
  const build = await rollup({
    input,
    plugins: [
      ...extra,
      ...plugins(options.sourcemap ?? false),
      minifyHtmlLiterals({ failOnError: true, options: { minifyOptions: { minifyCSS: minifyCss } } }),
      minify(),
    ],
    onwarn: (warning) => {
      throw new Error(`rollup: ${warning.message}`);
    },
  });
  try {
    const { output } = await build.generate({
      format: options.format ?? 'iife',
      sourcemap: options.sourcemap ?? false,
      ...(options.sourcemapFile ? { sourcemapFile: options.sourcemapFile } : {}),
    });
    const chunk = output[0] as OutputChunk;
    const map = chunk.map ? chunk.map.toString() : null;
    const code =
      chunk.code + (map ? `//# sourceMappingURL=${options.sourcemapFile?.split('/').pop()}.map\n` : '');
    return { code: new TextEncoder().encode(code), map, inputs: Object.keys(chunk.modules) };
  } finally {
    await build.close();
  }
};

/** Fails the build if zod, an Exotel module or Floating UI reaches the main script, or any dependency the Exotel one. */
const check = (main: string[], exotel?: string[]): void => {
  const floating = main.find((input) => /node_modules\/(\.pnpm\/)?.*@floating-ui\//.test(input));
  if (floating) throw new Error(`Floating UI loads on first use, not in the main script (${floating})`);
  const hindi = main.find((input) => input.endsWith('src/i18n-hi.ts'));
  if (hindi) throw new Error(`the Hindi strings load on first use, not in the main script (${hindi})`);
  const zod = main.find((input) => /node_modules\/(\.pnpm\/)?.*zod\//.test(input));
  if (zod) throw new Error(`zod must not reach the browser bundle (${zod})`);
  const provider = main.find((input) => EXOTEL_ONLY.test(input) || CLIENT_STREAM.test(input));
  if (provider) throw new Error(`the Exotel providers must not be in the main script (${provider})`);
  // The live stream is the one exception: the client's stream module and its SSE parser.
  const foreign = (exotel ?? []).find(
    (input) =>
      !input.startsWith(SOURCE_DIR) &&
      !CLIENT_STREAM.test(input) &&
      !/packages\/client\/src\/errors\//.test(input) &&
      !/node_modules\/(\.pnpm\/)?.*eventsource-parser\//.test(input),
  );
  if (foreign) throw new Error(`the Exotel script must not bundle dependencies (${foreign})`);
};

const MAIN_LOADERS = (): Plugin[] => [
  exotelScriptLoader(),
  floatingScriptLoader(),
  stringsScriptLoader(),
  streamFromExotelScript(),
];

/** The three files built in memory: code, source map and the modules each one holds. */
export const bundleScripts = async (options: { sourcemap?: boolean } = {}) => {
  const [main, exotel, popover, hindi] = await Promise.all([
    bundle(ENTRY, MAIN_LOADERS(), { ...options, sourcemapFile: CDN_FILE }),
    bundle(EXOTEL_ENTRY, [], { ...options, sourcemapFile: EXOTEL_CDN_FILE }),
    bundle(POPOVER_ENTRY, [], { ...options, sourcemapFile: POPOVER_CDN_FILE, format: 'es' }),
    bundle(HINDI_ENTRY, [], { ...options, sourcemapFile: HINDI_CDN_FILE, format: 'es' }),
  ]);
  check(main.inputs, exotel.inputs);
  return { main, exotel, popover, hindi };
};

/** Writes dist/cdn/exotel-call-ribbon.js and dist/cdn/exotel-call-ribbon-exotel.js (with source maps). */
export const buildCdn = async (): Promise<void> => {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { main, exotel, popover, hindi } = await bundleScripts({ sourcemap: true });
  await mkdir(path('../dist/cdn'), { recursive: true });
  for (const [file, built] of [
    [CDN_FILE, main],
    [EXOTEL_CDN_FILE, exotel],
    [POPOVER_CDN_FILE, popover],
    [HINDI_CDN_FILE, hindi],
  ] as const) {
    await writeFile(file, built.code);
    if (built.map) await writeFile(`${file}.map`, built.map);
  }
};

/** Bundles the main script (or inline source resolved from src/) in memory and returns the minified code. */
export const bundleInMemory = async (source?: string): Promise<Uint8Array> => {
  const built = source
    ? await bundle(INLINE_ENTRY, [inlineEntry(source), ...MAIN_LOADERS()])
    : await bundle(ENTRY, MAIN_LOADERS());
  if (!source) check(built.inputs);
  return built.code;
};

if (import.meta.main) await buildCdn();
