import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HttpError } from './errors.ts';

const ESCAPED_NUL = /\\u0000/i;

/** The path of the first key or string of a parsed JSON value that holds U+0000, if any. */
export const nulPath = (value: unknown, path: (string | number)[] = []): (string | number)[] | undefined => {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, [...path, index]);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = key.includes('\u0000') ? [...path, key] : nulPath(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
};

/**
 * Reads the body as JSON once: malformed JSON is a 400, never a 500, and an empty body is
 * a 400 unless `optional` (then it counts as `{}`); a NUL character (U+0000) anywhere in it is a
 * 400 too. The parsed value is cached, so a route's
 * validator and handler read it again without parsing twice.
 */
/** `path: expected no NUL ...`, the contract's wording for a NUL where it is refused. */
export const nulProblem = (path: (string | number)[]): string =>
  `${path.length > 0 ? `${path.join('.')}: ` : ''}expected no NUL character (U+0000): text cannot hold one in PostgreSQL`;

export const readJson = async (
  c: Context,
  /** `keepNul`: the route refuses NULs itself, item by item (log-call's events). */
  options: { optional?: boolean; keepNul?: boolean } = {},
): Promise<unknown> => {
  const cached: Promise<unknown> | undefined = c.req.bodyCache.json;
  if (cached !== undefined) {
    try {
      return await cached;
    } catch {
      throw new HttpError(400, 'Request body is not valid JSON');
    }
  }
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() === '') {
    if (!options.optional) throw new HttpError(400, 'Request body is empty: expected JSON');
  } else {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'Request body is not valid JSON');
    }
    // JSON can carry U+0000 only escaped; PostgreSQL stores it nowhere, so no engine gets it.
    if (!options.keepNul && ESCAPED_NUL.test(text)) {
      const path = nulPath(value);
      if (path !== undefined) throw new HttpError(400, `Invalid body: ${nulProblem(path)}`);
    }
  }
  c.req.bodyCache.json = Promise.resolve(value);
  return value;
};

/** Route middleware: the body read by `readJson` before the route's validator runs. */
export const jsonBody = (options: { optional?: boolean } = {}) =>
  createMiddleware(async (c, next) => {
    await readJson(c, options);
    await next();
  });
