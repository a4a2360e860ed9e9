// Builds the script-tag bundles: the main IIFE (everything but the Exotel providers, never zod)
// and the Exotel providers' IIFE, which the main one injects when init picks Exotel.
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { minifyTemplatesPlugin } from './minify-templates.ts';

const path = (relative: string): string => new URL(relative, import.meta.url).pathname;

export const CDN_FILE = path('../dist/cdn/exotel-call-ribbon.js');
export const EXOTEL_CDN_FILE = path('../dist/cdn/exotel-call-ribbon-exotel.js');
const ENTRY = path('../src/cdn.ts');
const EXOTEL_ENTRY = path('../src/cdn-exotel.ts');
const SCRIPT_LOADER = path('../src/telephony/load-exotel-script.ts');

/** Modules that belong to the Exotel script only. */
export const EXOTEL_ONLY = /src\/telephony\/(exotel|exotel-provider|exotel-webrtc-provider|live-stream)\.ts$/;

/** The main script loads the Exotel providers by injecting their script, not by `import()`. */
const exotelScriptLoaderPlugin = (): Plugin => ({
  name: 'exotel-script-loader',
  setup(build) {
    build.onResolve({ filter: /\/load-exotel\.ts$/ }, () => ({ path: SCRIPT_LOADER }));
  },
});

const options = {
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2022',
  platform: 'browser',
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
} satisfies BuildOptions;

const mainOptions = { ...options, plugins: [minifyTemplatesPlugin(), exotelScriptLoaderPlugin()] };

/** Fails the build if zod, or an Exotel module, reaches the main script, or Lit the Exotel one. */
const check = (main: Metafile, exotel?: Metafile): void => {
  const inputs = Object.keys(main.inputs);
  const zod = inputs.find((input) => /node_modules\/zod\//.test(input));
  if (zod) throw new Error(`zod must not reach the browser bundle (${zod})`);
  const provider = inputs.find((input) => EXOTEL_ONLY.test(input));
  if (provider) throw new Error(`the Exotel providers must not be in the main script (${provider})`);
  const foreign = Object.keys(exotel?.inputs ?? {}).find((input) => /node_modules\//.test(input));
  if (foreign) throw new Error(`the Exotel script must not bundle dependencies (${foreign})`);
};

/** Writes dist/cdn/exotel-call-ribbon.js and dist/cdn/exotel-call-ribbon-exotel.js (with source maps). */
export const buildCdn = async (): Promise<void> => {
  const [main, exotel] = await Promise.all([
    build({ ...mainOptions, entryPoints: [ENTRY], outfile: CDN_FILE, sourcemap: 'linked' }),
    build({ ...options, entryPoints: [EXOTEL_ENTRY], outfile: EXOTEL_CDN_FILE, sourcemap: 'linked' }),
  ]);
  check(main.metafile, exotel.metafile);
};

/** Both scripts built in memory: code and the modules each one holds. */
export const bundleScripts = async () => {
  const [main, exotel] = await Promise.all([
    build({ ...mainOptions, entryPoints: [ENTRY], write: false, outfile: 'main.js' }),
    build({ ...options, entryPoints: [EXOTEL_ENTRY], write: false, outfile: 'exotel.js' }),
  ]);
  check(main.metafile, exotel.metafile);
  return {
    main: { code: main.outputFiles[0]!.contents, inputs: Object.keys(main.metafile.inputs) },
    exotel: { code: exotel.outputFiles[0]!.contents, inputs: Object.keys(exotel.metafile.inputs) },
  };
};

/** Bundles `entry` (the main script by default, or inline source) in memory and returns the minified code. */
export const bundleInMemory = async (source?: string): Promise<Uint8Array> => {
  const result = await build({
    ...mainOptions,
    ...(source
      ? { stdin: { contents: source, resolveDir: path('../src/'), loader: 'ts' } }
      : { entryPoints: [ENTRY] }),
    write: false,
    outfile: 'bundle.js',
  });
  check(result.metafile);
  return result.outputFiles[0]!.contents;
};

if (import.meta.main) await buildCdn();
