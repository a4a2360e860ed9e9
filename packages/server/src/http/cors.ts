import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import type { Tenant } from '../stores/index.ts';
import { HttpError } from './errors.ts';

const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'X-API-Key, Content-Type, Authorization';
/** Browsers cache a preflight this long (seconds), sparing one round trip per request. */
const PREFLIGHT_MAX_AGE = '600';

/** Paths any page may read: they carry no tenant data. */
export const isOpenToAnyOrigin = (path: string): boolean =>
  path === '/health' || path.startsWith('/sdk/') || path === '/openapi.json' || path === '/docs';

/**
 * The ribbon's first request. Any page may send it, and its refusal (401, 403) is readable, so
 * the ribbon can say "origin not allowed" or "key refused" rather than "unreachable". The
 * answer to an origin the key's tenant does not allow is always a refusal: nothing leaks.
 */
const RIBBON_INIT_PATH = '/api/ribbon/init';

const isReadableRefusal = (c: Context): boolean =>
  c.req.path === RIBBON_INIT_PATH && (c.res.status === 401 || c.res.status === 403);

const isSameOrigin = (c: Context, origin: string): boolean => {
  try {
    return new URL(c.req.url).origin === origin;
  } catch {
    return false;
  }
};

/** The form an allowed origin is stored and compared in: scheme, host and port only. */
export const canonicalOrigin = (origin: string): string => (origin === '*' ? '*' : new URL(origin).origin);

/**
 * CORS for browser pages. A preflight carries no API key, so it is allowed when any tenant
 * allows the origin; the tenant's own list is enforced once its key is known
 * (`assertOriginAllowed`).
 */
export const corsForTenants = ({ stores }: Pick<AppDeps, 'stores'>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const mayCall =
      isOpenToAnyOrigin(c.req.path) ||
      isSameOrigin(c, origin) ||
      (await stores.tenants.anyAllowsOrigin(origin));

    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined) {
      if (!mayCall && c.req.path !== RIBBON_INIT_PATH) {
        throw new HttpError(403, `Origin ${origin} is not allowed to call this API`);
      }
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      c.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE);
      c.header('Vary', 'Origin');
      return c.body(null, 204);
    }

    await next();
    c.res.headers.append('Vary', 'Origin');
    if (mayCall || isReadableRefusal(c)) {
      c.res.headers.set('Access-Control-Allow-Origin', origin);
      // The ribbon's queue reads Retry-After on a cross-origin 429; exports name their file.
      c.res.headers.set('Access-Control-Expose-Headers', 'Content-Disposition, Retry-After');
    }
  });

/** A browser request from an origin the tenant has not allowed is refused (403). */
export const assertOriginAllowed = (c: Context, tenant: Tenant): void => {
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  if (tenant.allowedOrigins.includes('*') || tenant.allowedOrigins.includes(origin)) return;
  if (isSameOrigin(c, origin)) return;
  throw new HttpError(403, `Origin ${origin} is not allowed for this client`);
};
