import type { Context } from 'hono';
import type { z } from 'zod';
import { describeZodError, HttpError } from './errors.ts';

/** Parses the query string with a contract schema; a bad value is a 400 naming the field. */
export const parseQuery = <S extends z.ZodType>(c: Context, schema: S): z.infer<S> => {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw new HttpError(400, `Invalid query: ${describeZodError(result.error)}`);
  return result.data;
};

/** Reads a JSON body; malformed JSON is a 400, never a 500. */
export const readJson = async (c: Context): Promise<unknown> => {
  const text = await c.req.text();
  if (text.trim() === '') throw new HttpError(400, 'Request body is empty: expected JSON');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON');
  }
};

/** Reads and validates a JSON body with a contract schema. */
export const parseJson = async <S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> => {
  const result = schema.safeParse(await readJson(c));
  if (!result.success) throw new HttpError(400, `Invalid body: ${describeZodError(result.error)}`);
  return result.data;
};

/** Like `parseJson`, but an empty body counts as `{}` (for requests whose body is optional). */
export const parseOptionalJson = async <S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> => {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'Request body is not valid JSON');
    }
  }
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, `Invalid body: ${describeZodError(result.error)}`);
  return result.data;
};
