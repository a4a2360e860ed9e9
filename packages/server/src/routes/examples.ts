import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../app-deps.ts';
import { HttpError } from '../http/errors.ts';

/** The demo pages: the `@call-ribbon/examples` package, resolved as a dependency. */
export const DEFAULT_EXAMPLES_DIR = dirname(
  createRequire(import.meta.url).resolve('@call-ribbon/examples/package.json'),
);

/** Chart.js's dist/ folder, as the pages' package depends on it (its UMD build draws every chart). */
const chartJsDist = (examplesDir: string): string =>
  dirname(createRequire(join(examplesDir, 'package.json')).resolve('chart.js'));

/** swagger-ui-dist's folder, as the pages' package depends on it (it draws the reference at /docs). */
const swaggerUiDist = (examplesDir: string): string =>
  dirname(createRequire(join(examplesDir, 'package.json')).resolve('swagger-ui-dist/package.json'));

/** The files of swagger-ui-dist that /docs loads. */
const SWAGGER_UI_FILES = new Set([
  'swagger-ui-bundle.js',
  'swagger-ui-bundle.js.map',
  'swagger-ui.css',
  'swagger-ui.css.map',
]);

/** What the example pages may load; anything else (sources, package files) is not served. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Pages change while someone edits them: revalidate every time (Last-Modified makes it cheap).
const CACHE_CONTROL = 'no-cache';

const isSafeSegment = (segment: string): boolean =>
  segment !== '' && !segment.startsWith('.') && segment !== 'node_modules';

/**
 * Serves the example pages: `/` (the landing page), `/examples/...` (static files of the
 * `@call-ribbon/examples` package), `/vendor/chart.umd.js` (Chart.js from node_modules) and
 * `/vendor/swagger-ui/...` (Swagger UI, for /docs), so no page needs a CDN.
 */
export const exampleRoutes = (options: { dir?: string } = {}) => {
  const root = resolve(options.dir ?? DEFAULT_EXAMPLES_DIR);
  let chartDir: string | undefined;
  let swaggerDir: string | undefined;

  const send = async (path: string, ifModifiedSince: string | undefined): Promise<Response | null> => {
    const type = CONTENT_TYPES[extname(path)];
    if (type === undefined) return null;
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch {
      return null;
    }
    if (!info.isFile()) return null;
    const lastModified = new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString();
    const headers = {
      'Content-Type': type,
      'Cache-Control': CACHE_CONTROL,
      'Last-Modified': lastModified,
      'X-Content-Type-Options': 'nosniff',
    };
    if (ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= Date.parse(lastModified)) {
      return new Response(null, { status: 304, headers });
    }
    return new Response(new Uint8Array(await readFile(path)), { status: 200, headers });
  };

  /** The file under examples/ that `segments` name, or null when they may not be served. */
  const fileFor = (segments: string[]): string | null => {
    if (!segments.every(isSafeSegment)) return null;
    const path = resolve(root, ...segments);
    return path.startsWith(root + sep) ? path : null;
  };

  const app = new Hono<AppEnv>();

  app.get('/', async (c) => {
    const response = await send(join(root, 'index.html'), c.req.header('if-modified-since'));
    if (!response) throw new HttpError(404, 'The landing page (examples/index.html) is missing');
    return response;
  });

  app.get('/vendor/:file', async (c) => {
    const name = c.req.param('file');
    if (name !== 'chart.umd.js' && name !== 'chart.umd.js.map') {
      throw new HttpError(404, `Not found: GET /vendor/${name}`);
    }
    chartDir ??= chartJsDist(root);
    const response = await send(join(chartDir, name), c.req.header('if-modified-since'));
    if (!response) throw new HttpError(404, `Not found: GET /vendor/${name}`);
    return response;
  });

  app.get('/vendor/swagger-ui/:file', async (c) => {
    const name = c.req.param('file');
    if (!SWAGGER_UI_FILES.has(name)) throw new HttpError(404, `Not found: GET /vendor/swagger-ui/${name}`);
    swaggerDir ??= swaggerUiDist(root);
    const response = await send(join(swaggerDir, name), c.req.header('if-modified-since'));
    if (!response) throw new HttpError(404, `Not found: GET /vendor/swagger-ui/${name}`);
    return response;
  });

  app.get('/examples', (c) => c.redirect('/', 301));
  app.get('/examples/*', async (c) => {
    const rest = c.req.path.slice('/examples/'.length);
    let segments: string[];
    try {
      segments = rest.split('/').map((segment) => decodeURIComponent(segment));
    } catch {
      throw new HttpError(400, 'Invalid path encoding');
    }
    if (segments.some((segment) => segment === '..' || /[/\\\0]/.test(segment))) {
      throw new HttpError(400, 'Invalid path: ".." and encoded slashes are not allowed');
    }
    if (rest === '') return c.redirect('/', 301);
    const directory = segments.at(-1) === '';
    const path = fileFor(directory ? segments.slice(0, -1) : segments);
    if (path === null) throw new HttpError(404, `Not found: GET ${c.req.path}`);
    const ifModifiedSince = c.req.header('if-modified-since');
    if (directory) {
      const response = await send(join(path, 'index.html'), ifModifiedSince);
      if (response) return response;
    } else {
      const response = await send(path, ifModifiedSince);
      if (response) return response;
      // A folder named without its slash: relative links on its page need the slash.
      const index = await stat(join(path, 'index.html')).catch(() => null);
      if (index?.isFile()) return c.redirect(`${c.req.path}/`, 301);
    }
    throw new HttpError(404, `Not found: GET ${c.req.path}`);
  });

  return app;
};
