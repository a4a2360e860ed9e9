import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../app-deps.ts';
import { HttpError } from '../http/errors.ts';

/** Where an installed package lies; its built files may not exist yet (answered with a 503). */
const packageDir = (name: string): string =>
  dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));

/** The ribbon package's main script-tag bundle (the Exotel one lies next to it), built by `pnpm --filter @call-ribbon/ribbon build` (and by `pnpm start`). */
export const DEFAULT_SDK_FILE = join(packageDir('@call-ribbon/ribbon'), 'dist/cdn/exotel-call-ribbon.js');

/** The client package's browser build: one ES module the example pages import. */
export const DEFAULT_CLIENT_FILE = join(
  packageDir('@call-ribbon/client'),
  'dist/browser/call-ribbon-client.js',
);

// The URL is not versioned, so caches revalidate after a few minutes (cheaply, by Hono's ETag).
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

interface Cached {
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
}

// A 304 keeps what a cross-origin module import checks (CORS, CORP), not only caching headers.
const RETAINED_304_HEADERS = [
  'cache-control',
  'etag',
  'date',
  'expires',
  'vary',
  'access-control-allow-origin',
  'cross-origin-resource-policy',
  'x-content-type-options',
];

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const SOURCE_MAP = 'application/json; charset=utf-8';

/**
 * `GET /sdk/exotel-call-ribbon.js` and `GET /sdk/exotel-call-ribbon-exotel.js` (the Exotel
 * providers, which the first loads when `init` picks Exotel), with their source maps: IIFEs
 * any CRM page may load with a script tag, so any origin may fetch them. `exotelFile`
 * defaults to `file` with `-exotel` before `.js`, as the build writes it. Also
 * `GET /sdk/exotel-call-ribbon-popover.js` (Floating UI as an ES module, which the main script
 * imports when a popover first opens), `GET /sdk/exotel-call-ribbon-hi.js` (the Hindi strings,
 * imported when a ribbon first speaks Hindi) and `GET /sdk/call-ribbon-client.js`, the typed client
 * as one ES module.
 */
export const sdkRoutes = (options: { file?: string; exotelFile?: string; clientFile?: string } = {}) => {
  const main = options.file ?? DEFAULT_SDK_FILE;
  const exotel = options.exotelFile ?? main.replace(/(\.js)?$/, '-exotel.js');
  const client = options.clientFile ?? DEFAULT_CLIENT_FILE;
  const popover = main.replace(/(\.js)?$/, '-popover.js');
  const hindi = main.replace(/(\.js)?$/, '-hi.js');
  const files: Record<string, { path: string; type: string }> = {
    'exotel-call-ribbon.js': { path: main, type: JAVASCRIPT },
    'exotel-call-ribbon.js.map': { path: `${main}.map`, type: SOURCE_MAP },
    'exotel-call-ribbon-exotel.js': { path: exotel, type: JAVASCRIPT },
    'exotel-call-ribbon-exotel.js.map': { path: `${exotel}.map`, type: SOURCE_MAP },
    'exotel-call-ribbon-popover.js': { path: popover, type: JAVASCRIPT },
    'exotel-call-ribbon-popover.js.map': { path: `${popover}.map`, type: SOURCE_MAP },
    'exotel-call-ribbon-hi.js': { path: hindi, type: JAVASCRIPT },
    'exotel-call-ribbon-hi.js.map': { path: `${hindi}.map`, type: SOURCE_MAP },
    'call-ribbon-client.js': { path: client, type: JAVASCRIPT },
    'call-ribbon-client.js.map': { path: `${client}.map`, type: SOURCE_MAP },
  };
  const cache = new Map<string, Cached>();

  const load = async (path: string): Promise<Cached | null> => {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      return null;
    }
    const hit = cache.get(path);
    if (hit && hit.mtimeMs === mtimeMs) return hit;
    const entry = { mtimeMs, body: new Uint8Array(await readFile(path)) };
    cache.set(path, entry);
    return entry;
  };

  return new Hono<AppEnv>()
    .use('/sdk/*', etag({ retainedHeaders: RETAINED_304_HEADERS }))
    .get('/sdk/:file', async (c) => {
      const name = c.req.param('file');
      const file = Object.hasOwn(files, name) ? files[name] : undefined;
      if (!file) throw new HttpError(404, `Not found: GET /sdk/${name}`);
      const entry = await load(file.path);
      if (!entry) {
        throw new HttpError(
          503,
          `${name} is not built: run \`pnpm build\` (pnpm start builds the ribbon and the client)`,
        );
      }
      c.header('Content-Type', file.type);
      c.header('Cache-Control', CACHE_CONTROL);
      c.header('Access-Control-Allow-Origin', '*');
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('X-Content-Type-Options', 'nosniff');
      return c.body(entry.body, 200);
    });
};
