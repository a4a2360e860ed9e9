import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { HttpError } from './errors.ts';

/**
 * Reads the body as JSON once: malformed JSON is a 400, never a 500, and an empty body is
 * a 400 unless `optional` (then it counts as `{}`). The parsed value is cached, so a route's
 * validator and handler read it again without parsing twice.
 */
export const readJson = async (c: Context, options: { optional?: boolean } = {}): Promise<unknown> => {
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
