import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';
import { HttpError } from '../http/errors.ts';

/** The ribbon's main script-tag bundle (the Exotel one lies next to it), built by `pnpm --filter @call-ribbon/ribbon build` (and by `pnpm start`). */
export const DEFAULT_SDK_FILE = fileURLToPath(
  new URL('../../../ribbon/dist/cdn/exotel-call-ribbon.js', import.meta.url),
);

// The URL is not versioned, so caches revalidate after a few minutes (cheaply, by ETag).
const CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';

interface Cached {
  mtimeMs: number;
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const SOURCE_MAP = 'application/json; charset=utf-8';

/**
 * `GET /sdk/exotel-call-ribbon.js` and `GET /sdk/exotel-call-ribbon-exotel.js` (the Exotel
 * providers, which the first loads when `init` picks Exotel), with their source maps: IIFEs
 * any CRM page may load with a script tag, so any origin may fetch them. `exotelFile`
 * defaults to `file` with `-exotel` before `.js`, as the build writes it.
 */
export const sdkRoutes = (options: { file?: string; exotelFile?: string } = {}) => {
  const main = options.file ?? DEFAULT_SDK_FILE;
  const exotel = options.exotelFile ?? main.replace(/(\.js)?$/, '-exotel.js');
  const files: Record<string, { path: string; type: string }> = {
    'exotel-call-ribbon.js': { path: main, type: JAVASCRIPT },
    'exotel-call-ribbon.js.map': { path: `${main}.map`, type: SOURCE_MAP },
    'exotel-call-ribbon-exotel.js': { path: exotel, type: JAVASCRIPT },
    'exotel-call-ribbon-exotel.js.map': { path: `${exotel}.map`, type: SOURCE_MAP },
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
    const body = new Uint8Array(await readFile(path));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry = { mtimeMs, body, etag };
    cache.set(path, entry);
    return entry;
  };

  return new Hono<AppEnv>().get('/sdk/:file', async (c) => {
    const name = c.req.param('file');
    const file = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!file) throw new HttpError(404, `Not found: GET /sdk/${name}`);
    const entry = await load(file.path);
    if (!entry) {
      throw new HttpError(
        503,
        'The ribbon bundle is not built: run `pnpm --filter @call-ribbon/ribbon build` (pnpm start builds it)',
      );
    }
    c.header('Content-Type', file.type);
    c.header('Cache-Control', CACHE_CONTROL);
    c.header('ETag', entry.etag);
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('X-Content-Type-Options', 'nosniff');
    const match = c.req.header('if-none-match');
    if (match?.split(/\s*,\s*/).includes(entry.etag)) return c.body(null, 304);
    return c.body(entry.body, 200);
  });
};
